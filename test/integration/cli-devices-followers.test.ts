// One identity on two devices, followed from the CLI, every peer its own process on a local DHT: what each
// device posts after linking reaches the followers and the other device, whichever peer a follower reaches
// first, and `sync` says caught up only once every device feed of every followed identity is held and indexed.
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { after, before, describe, test } from 'node:test'
import { startTestnet, type LocalTestnet } from '../helpers/testnet.js'
import { tmpDir, waitFor } from '../helpers/tmp.js'
import { rstatus, startInvite, startServe, type ServeProcess } from './cli-process.js'

interface TimelineItem {
  text: string
  feed: string
  author: string
}

describe('followers of an identity with two devices, from the CLI', () => {
  const tmp = tmpDir('rstatus-cli-device-followers-')
  let testnet: LocalTestnet
  let net: string[]
  const serves: ServeProcess[] = []
  const first = path.join(tmp.dir, 'first')
  const second = path.join(tmp.dir, 'second')
  let identity = ''
  let secondKey = ''

  const dir = (name: string) => path.join(tmp.dir, name)
  const timeline = async (data: string): Promise<TimelineItem[]> => {
    const r = await rstatus(['--data', data, 'timeline', '--json'])
    assert.equal(r.code, 0, r.stderr)
    return JSON.parse(r.stdout) as TimelineItem[]
  }
  const texts = async (data: string) => (await timeline(data)).map((s) => s.text).sort()
  /** What state.json froze: a feed frozen by mistake would never be fetched again. */
  const frozen = (data: string): string[] => {
    const file = path.join(data, 'state.json')
    return fs.existsSync(file) ? Object.keys((JSON.parse(fs.readFileSync(file, 'utf8')) as { frozen: object }).frozen) : []
  }
  /** Pairs a fresh data directory as a device of the identity; resolves with its own feed key. */
  async function join(data: string): Promise<string> {
    const invite = await startInvite(['--data', first, ...net], 120)
    const joined = await rstatus(['--data', data, ...net, 'device', 'join', invite.code])
    assert.equal(joined.code, 0, joined.stderr)
    const inviter = await invite.done
    assert.equal(inviter.code, 0, inviter.stderr)
    const device = new RegExp(`^joined ${identity} as device ([a-z0-9]{52})$`, 'm').exec(joined.stdout)?.[1]
    assert.ok(device, joined.stdout)
    return device
  }

  before(async () => {
    testnet = await startTestnet()
    net = ['--bootstrap', testnet.bootstrap, '--host', '127.0.0.1']
    identity = JSON.parse((await rstatus(['--data', first, 'whoami', '--json'])).stdout).key
  })
  after(async () => {
    await Promise.all(serves.map((s) => s.stop()))
    await testnet.close()
    tmp.cleanup()
  })

  test('statuses from both devices, posted after linking, reach every follower and both devices', async () => {
    secondKey = await join(second)
    assert.deepEqual(frozen(first), [], 'the inviting device froze no feed')
    assert.equal((await rstatus(['--data', first, 'post', 'posted on the first device'])).code, 0)
    assert.equal((await rstatus(['--data', second, 'post', 'posted on the second device'])).code, 0)
    serves.push(await startServe(['--data', first, ...net], { serveArgs: ['--no-ui'] }))
    serves.push(await startServe(['--data', second, ...net], { serveArgs: ['--no-ui'] }))

    // Several followers at once, as the steps, each with its own follow, sync and timeline: which
    // device a follower reaches first, and when, varies, and each order must end the same.
    const followers = ['follower-1', 'follower-2', 'follower-3', 'follower-4']
    await Promise.all(
      followers.map(async (name) => {
        const followed = await rstatus(['--data', dir(name), ...net, 'follow', identity])
        assert.equal(followed.code, 0, followed.stderr)
        const sync = await rstatus(['--data', dir(name), ...net, 'sync', '--timeout', '60'], { timeout: 90_000 })
        assert.equal(sync.code, 0, sync.stderr)
        assert.equal(sync.stdout, 'All 1 followed feed is up to date.\n')
        const items = (await timeline(dir(name))).map((s) => [s.text, s.feed, s.author]).sort()
        assert.deepEqual(
          items,
          [
            ['posted on the first device', identity, identity],
            ['posted on the second device', secondKey, identity]
          ],
          `${name} holds both devices' statuses, under one author, once sync said so`
        )
        assert.deepEqual(frozen(dir(name)), [], `${name} froze no feed`)
      })
    )

    // Each device's home shows what the identity posted from either device (sync goes through each serve).
    for (const device of [first, second]) {
      const sync = await rstatus(['--data', device, 'sync', '--timeout', '60'], { timeout: 90_000 })
      assert.equal(sync.code, 0, sync.stderr)
      assert.deepEqual(await texts(device), ['posted on the first device', 'posted on the second device'])
    }
  })

  test('a device linked while a follower is already following reaches it, and so does the first device', async () => {
    const follower = dir('follower-serving')
    assert.equal((await rstatus(['--data', follower, 'follow', identity])).code, 0)
    const serving = await startServe(['--data', follower, ...net], { serveArgs: ['--no-ui'] })
    serves.push(serving)
    const before = await rstatus(['--data', follower, 'sync', '--timeout', '60'], { timeout: 90_000 })
    assert.equal(before.code, 0, before.stderr)

    // The first device's serve is running: the invite goes through it.
    const third = dir('third')
    const thirdKey = await join(third)
    assert.equal((await rstatus(['--data', third, 'post', 'posted on the third device'])).code, 0)
    serves.push(await startServe(['--data', third, ...net], { serveArgs: ['--no-ui'] }))
    const posted = await rstatus(['--data', first, 'post', 'the first device again, after the third joined'])
    assert.equal(posted.code, 0, posted.stderr)

    // The follower is online: what the devices post reaches it live, with no command asking for it.
    const all = [
      'posted on the first device',
      'posted on the second device',
      'posted on the third device',
      'the first device again, after the third joined'
    ]
    const items = await waitFor(
      async () => {
        const held = await timeline(follower)
        return held.length === all.length ? held : null
      },
      { what: 'the statuses of all three devices on the follower', timeout: 60_000, interval: 500 }
    )
    assert.deepEqual(items.map((s) => s.text).sort(), all)
    assert.ok(items.every((s) => s.author === identity))
    assert.ok(items.some((s) => s.feed === thirdKey))
    assert.deepEqual(frozen(follower), [])
  })
})
