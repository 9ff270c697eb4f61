// The views on their own thread answer exactly as they do in process: the same results, the same errors with
// the same codes, and calls after close fail instead of hanging.
import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { after, describe, it } from 'node:test'
import { isRstatusError } from '../../../../../shared/errors.js'
import { ViewsWorker, type ViewsWorkerOptions } from '../../../../../electron/engine/views/worker.js'
import { FakeFeed, NOW, openHarness, snapshot } from './fixtures.js'

function world(): { me: FakeFeed; feeds: FakeFeed[]; words: string[] } {
  const me = new FakeFeed()
  const alice = new FakeFeed()
  me.profile('Me')
  me.follow(alice.key)
  const m1 = me.status('hello #rstatus world')
  alice.profile('Alice')
  const a1 = alice.status('alice says hi to @Me #rstatus', { mentions: [{ key: me.key, name: 'Me' }] })
  alice.reply(m1, 'alice replies to me')
  alice.like(m1)
  me.repost(a1)
  alice.appendRaw('not a record')
  return { me, feeds: [me, alice], words: ['rstatus', 'hello', 'alice'] }
}

async function openWorker(dir: string, opts: ViewsWorkerOptions): Promise<ViewsWorker> {
  const worker = new ViewsWorker(dir, opts)
  await worker.ready()
  return worker
}

describe('ViewsWorker', () => {
  const dirs: string[] = []
  const tmp = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rstatus-thread-'))
    dirs.push(dir)
    return path.join(dir, 'views')
  }
  after(() => {
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true })
  })

  it('gives the same answers as the views in process, for in-order and held-ahead indexing', async () => {
    const w = world()
    const local = await openHarness(w.me)
    for (const f of w.feeds) await local.sync(f)
    const expected = await snapshot(local.views, w.feeds, w.words)
    await local.cleanup()

    const thread = await openWorker(tmp(), { me: w.me.key })
    try {
      const [me, alice] = w.feeds as [FakeFeed, FakeFeed]
      const mine = await thread.index(me.key, 0, me.blocks, { now: NOW })
      assert.equal(mine.followsChanged, true, 'an IndexResult crosses the thread whole')
      const odd = alice.blocks.map((_, seq) => seq).filter((seq) => seq % 2 === 1)
      await thread.indexHeld(alice.key, odd, odd.map((seq) => alice.blocks[seq]!), { now: NOW })
      const even = alice.blocks.map((_, seq) => seq).filter((seq) => seq % 2 === 0)
      await thread.indexHeld(alice.key, even, even.map((seq) => alice.blocks[seq]!), { now: NOW })
      assert.equal(await thread.advance(alice.key, alice.length), alice.length)
      assert.equal(await thread.invalidCount(alice.key), 1)
      assert.deepEqual(await snapshot(thread, w.feeds, w.words), expected)
      assert.equal(thread.identity, w.me.key)
    } finally {
      await thread.close()
    }
  })

  it('passes errors back with their codes', async () => {
    const me = new FakeFeed()
    const thread = await openWorker(tmp(), { me: me.key })
    try {
      await assert.rejects(thread.removeFeed(me.key), (err: unknown) => isRstatusError(err) && err.code === 'INVALID_INPUT')
      await assert.rejects(thread.index(me.key, 5, me.blocks), (err: unknown) => isRstatusError(err) && err.code === 'INTERNAL' && /continue from block 0/.test(err.message))
    } finally {
      await thread.close()
    }
  })

  it('fails calls made after close with CLOSED, and refuses a second open of the same folder', async () => {
    const me = new FakeFeed()
    const dir = tmp()
    const thread = await openWorker(dir, { me: me.key })
    await assert.rejects(openWorker(dir, { me: me.key }), /lock/i)
    await thread.close()
    await thread.close()
    await assert.rejects(thread.timeline(), (err: unknown) => isRstatusError(err) && err.code === 'CLOSED')
    const again = await openWorker(dir, { me: me.key })
    assert.equal(again.rebuilt, false, 'closed cleanly: the views are reused')
    await again.close()
  })

  it('opens the views as stored before the owner is known: none when missing, the same answers when usable, rebuilt for another owner', async () => {
    const w = world()
    const dir = tmp()
    const unknown = new ViewsWorker(dir, { me: null })
    assert.equal(await unknown.openAsStored(), false, 'no views yet: nothing to answer from')
    assert.equal(fs.existsSync(dir), false, 'and nothing made')
    await unknown.setOwner(w.me.key)
    await unknown.ready()
    for (const feed of w.feeds) await unknown.index(feed.key, 0, feed.blocks, { now: NOW })
    const before = await snapshot(unknown, w.feeds, w.words)
    await unknown.close()

    const stored = new ViewsWorker(dir, { me: null })
    assert.equal(await stored.openAsStored(), true)
    assert.equal(stored.me, w.me.key)
    assert.deepEqual(await snapshot(stored, w.feeds, w.words), before)
    await stored.setOwner(w.me.key)
    await stored.ready()
    assert.equal(stored.rebuilt, false, 'the owner it was built for: kept')
    await stored.close()

    const other = new ViewsWorker(dir, { me: null })
    assert.equal(await other.openAsStored(), true)
    const stranger = new FakeFeed()
    await other.setOwner(stranger.key)
    await other.ready()
    assert.equal(other.rebuilt, true, 'built for someone else: started over')
    assert.equal(other.me, stranger.key)
    assert.deepEqual((await other.timeline()).items, [])
    await other.close()
  })

  it('says so when the thread ends without close(), and fails calls from then on instead of hanging', async () => {
    const crashes: string[] = []
    const thread = await openWorker(tmp(), { me: new FakeFeed().key, onCrash: (reason) => crashes.push(reason) })
    // The one reach into its insides: nothing a caller can do ends the thread unasked.
    await (thread as unknown as { worker: import('node:worker_threads').Worker }).worker.terminate()
    await assert.rejects(thread.timeline(), (err: unknown) => isRstatusError(err) && err.code === 'CLOSED' && /exited/.test(err.message))
    assert.equal(crashes.length, 1)
    assert.match(crashes[0]!, /The views thread exited/)
    await thread.close()
  })
})
