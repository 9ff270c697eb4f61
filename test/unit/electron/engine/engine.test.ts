// The engine offline and in this process: which followed feeds stay frozen as forked, and the first page a
// restart answers from the views it kept.
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { after, describe, it } from 'node:test'
import ids from 'hypercore-id-encoding'
import { Engine } from '../../../../electron/engine/engine.js'
import { tmpDir } from '../../../helpers/tmp.js'
import { FakeFeed } from './views/fixtures.js'

const frozenIn = (dataDir: string): Record<string, string> => {
  const file = path.join(dataDir, 'state.json')
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as { frozen: Record<string, string> }).frozen : {}
}

describe('Engine', () => {
  const tmp = tmpDir('rstatus-engine-')
  after(() => tmp.cleanup())

  it('keeps a freeze recorded with its evidence, across restarts', async () => {
    const dir = path.join(tmp.dir, 'kept')
    const key = ids.encode(randomBytes(32))
    const first = new Engine({ dataDir: dir })
    await first.ready()
    await first.api.call('follow', { key })
    await first.close()
    fs.writeFileSync(path.join(dir, 'state.json'), JSON.stringify({ frozen: { [key]: 'forked' }, evidence: { [key]: 'conflict' } }))

    const engine = new Engine({ dataDir: dir })
    await engine.ready()
    assert.equal((await engine.api.call('syncState', {})).feeds.find((f) => f.key === key)?.stopped, 'forked')
    await engine.close()
    assert.deepEqual(frozenIn(dir), { [key]: 'forked' })
  })

  it('thaws a feed recorded as forked, from before the evidence was kept, whose core shows no fork', async () => {
    const dir = path.join(tmp.dir, 'thaw')
    const key = ids.encode(randomBytes(32))
    const first = new Engine({ dataDir: dir })
    await first.ready()
    await first.api.call('follow', { key })
    await first.close()
    // What an earlier version wrote when the store closed under a replica.
    fs.writeFileSync(path.join(dir, 'state.json'), JSON.stringify({ frozen: { [key]: 'forked' } }))

    const engine = new Engine({ dataDir: dir })
    await engine.ready()
    const feed = (await engine.api.call('syncState', {})).feeds.find((f) => f.key === key)
    assert.equal(feed?.stopped, null)
    await engine.close()
    assert.deepEqual(frozenIn(dir), {})
  })

  it('answers the first page of a restart from the views it kept, with blocked feeds hidden, as it does once open', async () => {
    const dir = path.join(tmp.dir, 'cached')
    const alice = new FakeFeed()
    const bob = new FakeFeed()
    alice.status('alice was here')
    bob.status('bob was here')
    const first = new Engine({ dataDir: dir })
    await first.ready()
    await first.api.call('post', { text: 'mine' })
    for (const feed of [alice, bob]) {
      await first.api.call('follow', { key: feed.key })
      await first.views.index(feed.key, 0, feed.blocks)
    }
    await first.api.call('block', { key: bob.key })
    await first.close()

    const engine = new Engine({ dataDir: dir })
    // before ready(): the cached views answer what the app's first screen asks for
    const [early, earlyMe, earlyUnread] = await Promise.all([
      engine.api.call('timeline', { limit: 50 }),
      engine.api.call('whoami', {}),
      engine.api.call('notifications', { limit: 1 })
    ])
    assert.equal(engine.opened, false, 'answered while the engine was still opening')
    await engine.ready()
    const open = await engine.api.call('timeline', { limit: 50 })
    const me = await engine.api.call('whoami', {})
    const unread = await engine.api.call('notifications', { limit: 1 })
    await engine.close()
    assert.deepEqual(early.items.map((s) => s.text).sort(), ['alice was here', 'mine'])
    assert.deepEqual(early, open)
    assert.deepEqual(earlyMe, me)
    assert.equal(earlyMe.peer.length, 52)
    assert.deepEqual(earlyUnread, unread)
  })

  it('refuses calls, and says why, when another process holds the data directory', async () => {
    const dir = path.join(tmp.dir, 'held')
    const holder = new Engine({ dataDir: dir })
    await holder.ready()
    const second = new Engine({ dataDir: dir })
    const locked = (err: unknown) => (err as { code?: string }).code === 'DATA_DIR_LOCKED'
    await assert.rejects(second.takingCalls(), locked)
    await assert.rejects(second.api.call('timeline', { limit: 50 }), locked)
    await holder.close()
  })

  it('waits for the open engine to say who I am when the network key is not remembered', async () => {
    const dir = path.join(tmp.dir, 'no-peer-key')
    const first = new Engine({ dataDir: dir })
    await first.ready()
    await first.api.call('post', { text: 'mine' })
    const me = await first.api.call('whoami', {})
    await first.close()
    fs.writeFileSync(path.join(dir, 'peer-key.json'), '{"publicKey": "not a key"}')

    const engine = new Engine({ dataDir: dir })
    const early = await engine.api.call('timeline', { limit: 50 })
    const whoami = await engine.api.call('whoami', {})
    assert.equal(engine.opened, true, 'whoami waited for ready()')
    await engine.close()
    assert.deepEqual(early.items.map((s) => s.text), ['mine'])
    assert.deepEqual(whoami, me)
    assert.deepEqual(JSON.parse(fs.readFileSync(path.join(dir, 'peer-key.json'), 'utf8')), { publicKey: me.peer })
  })
})
