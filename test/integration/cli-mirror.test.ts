// `rstatus mirror serve|add|list|sync|remove` on a local DHT: a mirror keeps an author's feed, a new reader
// gets it from the mirror alone, and the mirror keeps its key and data across a restart.
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { after, before, describe, test } from 'node:test'
import { startTestnet, type LocalTestnet } from '../helpers/testnet.js'
import { tmpDir } from '../helpers/tmp.js'
import { oneLine, rstatus } from './cli-process.js'
import { startMirrorServe } from './mirror-process.js'

describe('rstatus mirror on a local DHT', () => {
  const tmp = tmpDir('rstatus-cli-mirror-')
  let testnet: LocalTestnet
  let net: string[]
  const author = path.join(tmp.dir, 'author')
  const mirrorData = path.join(tmp.dir, 'mirror-host')

  before(async () => {
    testnet = await startTestnet()
    net = ['--bootstrap', testnet.bootstrap, '--host', '127.0.0.1']
  })
  after(async () => {
    await testnet.close()
    tmp.cleanup()
  })

  test('an author syncs to a trusted mirror; a new reader gets the feed from it while the author is offline', async (t) => {
    const me = JSON.parse((await rstatus(['--data', author, 'whoami', '--json'])).stdout) as { key: string; peer: string }
    const mirror = await startMirrorServe(['--data', mirrorData, ...net, 'mirror', 'serve', '--trust', me.peer])
    t.after(() => mirror.stop())
    assert.ok(fs.existsSync(path.join(mirrorData, 'mirror')), 'the storage defaults to mirror/ in the data directory')

    const none = await rstatus(['--data', author, ...net, 'mirror', 'sync', '--timeout', '5'])
    assert.equal(none.code, 1)
    assert.match(oneLine(none), /no mirrors/)

    assert.equal((await rstatus(['--data', author, 'mirror', 'add', mirror.key])).code, 0)
    const posted: string[] = []
    for (const text of ['one for the mirror', 'two for the mirror']) posted.push((await rstatus(['--data', author, 'post', text])).stdout.trim())

    const offline = JSON.parse((await rstatus(['--data', author, 'mirror', 'list', '--json'])).stdout)
    // the header, two posts, and the messaging keys published after the first (docs/PROTOCOL.md "Keys"), and
    // the private store's header (docs/PROTOCOL.md "Private data")
    assert.deepEqual(offline, [{ key: mirror.key, reachable: false, held: 0, behind: 6 }])

    const synced = await rstatus(['--data', author, ...net, 'mirror', 'sync', '--timeout', '60'], { timeout: 90_000 })
    assert.equal(synced.code, 0, synced.stderr)

    // The author is offline now (sync ended); the reader knows only the author's key
    const reader = path.join(tmp.dir, 'reader')
    assert.equal((await rstatus(['--data', reader, ...net, 'follow', me.key])).code, 0)
    const got = await rstatus(['--data', reader, ...net, 'sync', '--timeout', '60'], { timeout: 90_000 })
    assert.equal(got.code, 0, got.stderr)
    const timeline = JSON.parse((await rstatus(['--data', reader, 'timeline', '--json'])).stdout) as Array<{ uri: string }>
    for (const uri of posted) assert.ok(timeline.some((s) => s.uri === uri), `${uri} reached the reader`)
  })

  test('a mirror keeps its key and what it holds across a restart; sync names a mirror that is behind', async () => {
    const me = JSON.parse((await rstatus(['--data', author, 'whoami', '--json'])).stdout) as { key: string; peer: string }
    const first = await startMirrorServe(['--data', mirrorData, ...net, 'mirror', 'serve', '--trust', me.peer])
    await first.stop()
    const again = await startMirrorServe(['--data', mirrorData, ...net, 'mirror', 'serve', '--trust', me.peer])
    try {
      assert.equal(again.key, first.key)
      const synced = await rstatus(['--data', author, ...net, 'mirror', 'sync', '--timeout', '60'], { timeout: 90_000 })
      assert.equal(synced.code, 0, synced.stderr)
    } finally {
      await again.stop()
    }
    // With the mirror stopped, a sync cannot finish: it names the mirror and fails
    const late = (await rstatus(['--data', author, 'post', 'posted while the mirror is down'])).code
    assert.equal(late, 0)
    const behind = await rstatus(['--data', author, ...net, 'mirror', 'sync', '--timeout', '3'], { timeout: 60_000 })
    assert.equal(behind.code, 1)
    assert.match(behind.stderr, new RegExp(`behind: ${first.key}`))
  })

  test('remove asks a trusting mirror to delete what it holds', async (t) => {
    const me = JSON.parse((await rstatus(['--data', author, 'whoami', '--json'])).stdout) as { key: string; peer: string }
    const mirror = await startMirrorServe(['--data', mirrorData, ...net, 'mirror', 'serve', '--trust', me.peer])
    t.after(() => mirror.stop())
    const removed = await rstatus(['--data', author, ...net, 'mirror', 'remove', mirror.key], { timeout: 90_000 })
    assert.equal(removed.code, 0, removed.stderr)
    assert.match(removed.stdout, /it deleted what it held/, removed.stderr)
    assert.deepEqual(JSON.parse((await rstatus(['--data', author, 'mirror', 'list', '--json'])).stdout), [])
    const again = await rstatus(['--data', author, ...net, 'mirror', 'remove', mirror.key], { timeout: 90_000 })
    assert.equal(again.code, 2, 'a mirror that is not one of yours is bad input')
    assert.match(oneLine(again), /not one of your mirrors/)
  })

  test('leave asks every mirror to delete: a new reader then gets nothing from it', async (t) => {
    const leaver = path.join(tmp.dir, 'leaver')
    const me = JSON.parse((await rstatus(['--data', leaver, 'whoami', '--json'])).stdout) as { key: string; peer: string }
    const mirror = await startMirrorServe(['--data', path.join(tmp.dir, 'leaver-mirror'), ...net, 'mirror', 'serve', '--trust', me.peer])
    t.after(() => mirror.stop())
    assert.equal((await rstatus(['--data', leaver, 'mirror', 'add', mirror.key])).code, 0)
    assert.equal((await rstatus(['--data', leaver, 'post', 'soon gone'])).code, 0)
    const synced = await rstatus(['--data', leaver, ...net, 'mirror', 'sync', '--timeout', '60'], { timeout: 90_000 })
    assert.equal(synced.code, 0, synced.stderr)
    const left = await rstatus(['--data', leaver, ...net, 'leave', '--yes'], { timeout: 120_000 })
    assert.equal(left.code, 0, left.stderr)
    assert.doesNotMatch(left.stderr, /kept what it holds/)

    const reader = path.join(tmp.dir, 'late-reader')
    assert.equal((await rstatus(['--data', reader, ...net, 'follow', me.key])).code, 0)
    const got = await rstatus(['--data', reader, ...net, 'sync', '--timeout', '8'], { timeout: 60_000 })
    assert.notEqual(got.code, 0, 'the reader found the feed somewhere')
    assert.deepEqual(JSON.parse((await rstatus(['--data', reader, 'timeline', '--json'])).stdout), [])
  })
})
