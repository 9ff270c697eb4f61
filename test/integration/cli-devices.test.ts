// The device commands of the CLI contract, as separate processes on a local DHT: `device invite`
// prints a code on a line of its own and waits; `device join CODE` pairs a fresh data directory; whoami on the
// second device prints the identity; timeline --json gives each status's author beside its feed.
import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import path from 'node:path'
import { startTestnet, type LocalTestnet } from '../helpers/testnet.js'
import { tmpDir } from '../helpers/tmp.js'
import { oneLine, rstatus, startInvite } from './cli-process.js'

describe('rstatus device, between processes on a local DHT', () => {
  const tmp = tmpDir('rstatus-cli-devices-')
  let testnet: LocalTestnet
  let net: string[]
  const first = path.join(tmp.dir, 'first')
  const second = path.join(tmp.dir, 'second')
  let identity = ''
  let deviceKey = ''

  before(async () => {
    testnet = await startTestnet()
    net = ['--bootstrap', testnet.bootstrap, '--host', '127.0.0.1']
    identity = JSON.parse((await rstatus(['--data', first, 'whoami', '--json'])).stdout).key
    deviceKey = JSON.parse((await rstatus(['--data', second, 'whoami', '--json'])).stdout).key
  })
  after(async () => {
    await testnet.close()
    tmp.cleanup()
  })

  test('invite prints a code on its own line and waits; join reads it from stdin and pairs the second device', async () => {
    assert.equal((await rstatus(['--data', first, 'post', 'hello from the first device'])).code, 0)
    const invite = await startInvite(['--data', first, ...net], 120)
    // The recommended form: the code never appears on a command line, where other local users can read it.
    const join = await rstatus(['--data', second, ...net, 'device', 'join'], { input: `${invite.code}\n` })
    assert.equal(join.code, 0, join.stderr)
    assert.equal(join.stdout.split('\n')[0], `joined ${identity} as device ${deviceKey}`)
    assert.ok(!join.stdout.includes(invite.code) && !join.stderr.includes(invite.code), 'the code is not printed back')
    const inviter = await invite.done
    assert.equal(inviter.code, 0, inviter.stderr)
    assert.deepEqual(inviter.stdout.trim().split('\n'), [invite.code, `device ${deviceKey} joined`])

    // The second device speaks for the identity, on a network key of its own (a mirror trusts each device's)
    const [who, firstWho] = await Promise.all([second, first].map(async (d) => JSON.parse((await rstatus(['--data', d, 'whoami', '--json'])).stdout)))
    assert.deepEqual([who.key, who.uri], [identity, `rstatus://${identity}`])
    assert.match(who.peer, /^[a-z0-9]{52}$/)
    assert.notEqual(who.peer, firstWho.peer)
  })

  test('the second device posts as the identity: timeline --json gives author beside feed', async () => {
    const posted = await rstatus(['--data', second, 'post', 'hello from the second device'])
    assert.equal(posted.code, 0, posted.stderr)
    assert.match(posted.stdout, new RegExp(`^rstatus://${deviceKey}/\\d+\\n$`))
    const items = JSON.parse((await rstatus(['--data', second, 'timeline', '--json'])).stdout) as Array<{ feed: string; author: string; text: string }>
    const mine = items.find((s) => s.text === 'hello from the second device')
    assert.equal(mine?.feed, deviceKey)
    assert.equal(mine?.author, identity)
    const own = JSON.parse((await rstatus(['--data', first, 'timeline', '--json'])).stdout) as Array<{ feed: string; author: string }>
    assert.ok(own.every((s) => s.author === identity && s.feed === identity))
  })

  test('device list shows both; only the first device removes', async () => {
    const list = await rstatus(['--data', first, 'device', 'list', '--json'])
    assert.equal(list.code, 0, list.stderr)
    const devices = JSON.parse(list.stdout) as { identity: string; devices: Array<{ key: string; state: string; primary: boolean }> }
    assert.equal(devices.identity, identity)
    assert.deepEqual(devices.devices.map((d) => [d.key, d.primary, d.state]), [[identity, true, 'linked'], [deviceKey, false, 'linked']])
    const human = await rstatus(['--data', second, 'device', 'list'])
    assert.match(human.stdout, new RegExp(`^identity ${identity}$`, 'm'))
    assert.match(human.stdout, new RegExp(`^${deviceKey} .*this device`, 'm'))

    const refused = await rstatus(['--data', second, 'device', 'remove', deviceKey])
    assert.equal(refused.code, 1)
    assert.match(oneLine(refused), /only your first device can remove a device/)
    const removed = await rstatus(['--data', first, 'device', 'remove', `rstatus://${deviceKey}`])
    assert.equal(removed.code, 0, removed.stderr)
    assert.match(removed.stdout, new RegExp(`^removed ${deviceKey}; its statuses from block \\d+ on are ignored\\n$`))
  })

  test('bad input: one line each, and join refuses a data directory that has an identity', async () => {
    const bad = await rstatus(['--data', second, 'device', 'join', 'not-a-code'])
    assert.equal(bad.code, 2)
    assert.match(oneLine(bad), /not a device code/)
    const badPiped = await rstatus(['--data', second, 'device', 'join'], { input: 'not-a-code\n' })
    assert.equal(badPiped.code, 2)
    assert.match(oneLine(badPiped), /not a device code/)
    const nothing = await rstatus(['--data', second, 'device', 'join'])
    assert.equal(nothing.code, 2)
    assert.match(oneLine(nothing), /device join needs the code .* pipe it in/)
    const again = await rstatus(['--data', first, ...net, 'device', 'join', 'y'.repeat(106)])
    assert.equal(again.code, 1)
    assert.match(oneLine(again), /fresh data directory/)
    // A key that is not one of the identity's devices is bad input too.
    const stranger = await rstatus(['--data', first, 'device', 'remove', 'y'.repeat(52)])
    assert.equal(stranger.code, 2)
    assert.match(oneLine(stranger), /is not one of your devices/)
    const unknown = await rstatus(['--data', first, 'device', 'adopt'])
    assert.equal(unknown.code, 2)
    assert.match(oneLine(unknown), /unknown device command "adopt"/)
    const timeout = await rstatus(['--data', first, 'device', 'invite', '--timeout', 'soon'])
    assert.equal(timeout.code, 2)
    assert.match(oneLine(timeout), /--timeout/)
  })
})
