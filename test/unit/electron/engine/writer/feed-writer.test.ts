// The FeedWriter over a real own feed (Corestore in a temp dir), real views in this thread and the real
// indexer: a write returns once the views hold it, a record readers would skip is never appended, and a
// follow waits for the replicas.
import assert from 'node:assert/strict'
import Corestore from 'corestore'
import { after, afterEach, before, beforeEach, describe, it } from 'node:test'
import { isRstatusError } from '../../../../../shared/errors.js'
import { decodeBlock } from '../../../../../shared/protocol/validate.js'
import { Indexer } from '../../../../../electron/engine/views/indexer.js'
import { Views } from '../../../../../electron/engine/views/views.js'
import { FeedWriter } from '../../../../../electron/engine/writer/feed-writer.js'
import { OwnFeed } from '../../../../../electron/engine/writer/own-feed.js'
import { randomKey } from '../views/fixtures.js'
import { tmpDir } from '../../../../helpers/tmp.js'

interface Setup {
  own: OwnFeed
  views: Views
  writer: FeedWriter
  reconciles: number
  /** Set to hold the next reconcile open until it is resolved. */
  holdReconcile: Promise<void> | null
}

const errorCode = (code: string) => (err: unknown) => isRstatusError(err) && err.code === code

describe('FeedWriter', () => {
  let tmp: ReturnType<typeof tmpDir>
  let store: Corestore
  let indexer: Indexer
  let s: Setup

  async function open(opts: { restored?: boolean } = {}): Promise<Setup> {
    store = new Corestore(`${tmp.dir}/store`)
    const own = new OwnFeed(store, { restored: opts.restored ?? false })
    await own.ready()
    const views = await Views.open(`${tmp.dir}/views`, { me: own.key })
    indexer = new Indexer(views)
    await indexer.track(own.key, own.core)
    const setup: Setup = {
      own,
      views,
      reconciles: 0,
      holdReconcile: null,
      writer: new FeedWriter({
        own,
        indexed: () => indexer.catchUp(own.key),
        reconcile: async () => {
          setup.reconciles++
          await setup.holdReconcile
        }
      })
    }
    return setup
  }

  beforeEach(async () => {
    tmp = tmpDir('rstatus-writer-')
    s = await open()
  })

  afterEach(async () => {
    await indexer.close()
    await s.views.close()
    await s.own.close()
    await store.close()
    tmp.cleanup()
  })

  it('returns once what it wrote is in the views', async () => {
    const { seq } = await s.writer.write({ type: 'status', text: 'hello views' })
    assert.equal(seq, 1)
    assert.equal((await s.views.status(s.own.key, seq))?.text, 'hello views')
    await s.writer.write({ type: 'profile', name: 'Writer', bio: '' })
    assert.equal((await s.views.profile(s.own.key)).name, 'Writer')
  })

  it('refuses a record readers would skip, with the reason, and appends nothing', async () => {
    const length = s.own.length
    await assert.rejects(s.writer.write({ type: 'status', text: '   ' }), (err: unknown) => errorCode('INVALID_INPUT')(err) && /empty/.test((err as Error).message))
    await assert.rejects(s.writer.write({ type: 'status', text: 'x'.repeat(501) }), errorCode('INVALID_INPUT'))
    assert.throws(() => s.writer.check({ type: 'status', text: '' }), errorCode('INVALID_INPUT'))
    assert.equal(s.own.length, length)
    // A refused record does not hold up the next one.
    assert.equal((await s.writer.write({ type: 'status', text: 'still writing' })).seq, length)
  })

  it('serialises appends in the order they were asked for', async () => {
    const texts = Array.from({ length: 20 }, (_, i) => `status ${i}`)
    const written = await Promise.all(texts.map((text) => s.writer.write({ type: 'status', text })))
    assert.deepEqual(written.map((w) => w.seq), texts.map((_, i) => i + 1))
    const page = await s.views.profileStatuses(s.own.key, { limit: 50 })
    assert.deepEqual(page.items.map((v) => v.text).reverse(), texts)
  })

  it('makes a follow wait for the replicas to follow it; a status asks nothing of them', async () => {
    await s.writer.write({ type: 'status', text: 'no replicas needed' })
    assert.equal(s.reconciles, 0)
    let release!: () => void
    s.holdReconcile = new Promise((resolve) => (release = resolve))
    let done = false
    const follow = s.writer.write({ type: 'follow', feed: randomKey() }).then(() => (done = true))
    while (s.reconciles === 0) await new Promise((resolve) => setTimeout(resolve, 5))
    assert.equal(done, false, 'the follow returned before the replicas followed it')
    release()
    await follow
    assert.equal(s.reconciles, 1)
    assert.equal((await s.views.following(s.own.key)).length, 1)
  })

  it('appends many records with append() and waits once with settled()', async () => {
    for (let i = 0; i < 5; i++) await s.writer.append({ type: 'status', text: `batch ${i}` })
    await s.writer.settled()
    assert.equal((await s.views.profileStatuses(s.own.key, { limit: 10 })).items.length, 5)
  })

  it('writes nothing for a restored identity until its feed is found on the network', async () => {
    await indexer.close()
    await s.views.close()
    await s.own.close()
    await store.close()
    tmp.cleanup()
    tmp = tmpDir('rstatus-writer-restored-')
    s = await open({ restored: true })
    assert.equal(s.own.length, 0)
    await assert.rejects(s.writer.write({ type: 'status', text: 'too early' }), errorCode('FEED_BEHIND'))
    assert.equal(s.own.length, 0)
  })
})

describe('FeedWriter writes text as the protocol says writers should', () => {
  const tmp = tmpDir('rstatus-writer-text-')
  let store: Corestore
  let feed: OwnFeed
  let writer: FeedWriter

  before(async () => {
    store = new Corestore(`${tmp.dir}/store`)
    feed = new OwnFeed(store, { restored: false })
    await feed.ready()
    // no views here: these cases are about the bytes that reach the feed
    writer = new FeedWriter({ own: feed, indexed: async () => {}, reconcile: async () => {} })
  })
  after(async () => {
    await store.close()
    tmp.cleanup()
  })

  /** The record as a reader decodes it from the feed. */
  async function stored(seq: number): Promise<unknown> {
    const block = await feed.core.get(seq)
    assert.ok(block)
    const decoded = decodeBlock(block, { feed: feed.key, seq })
    assert.ok(decoded.ok)
    return decoded.record
  }

  it('writes a status in NFC, trimmed, with LF line breaks', async () => {
    const { seq } = await writer.append({ type: 'status', text: '  Cafe\u0301\r\nsecond line \n', createdAt: 1 })
    assert.deepEqual(await stored(seq), { type: 'status', text: 'Caf\u00e9\nsecond line', createdAt: 1 })
  })

  it('writes a profile name and bio in NFC, trimmed', async () => {
    const { seq } = await writer.append({ type: 'profile', name: ' Zoe\u0308 ', bio: ' gardener\r\n', createdAt: 2 })
    assert.deepEqual(await stored(seq), { type: 'profile', name: 'Zo\u00eb', bio: 'gardener', createdAt: 2 })
  })

  it('refuses raw control characters with INVALID_INPUT, and writes nothing', async () => {
    const length = feed.length
    for (const text of ['nul \u0000 here', 'escape \u001b[2J', 'delete \u007f']) {
      await assert.rejects(writer.append({ type: 'status', text }), (err: unknown) => {
        assert.ok(isRstatusError(err) && err.code === 'INVALID_INPUT')
        assert.match(err.message, /^Status text holds the control character U\+00[0-7][0-9A-F] \(only tab and line breaks are allowed\)$/)
        return true
      })
    }
    assert.equal(feed.length, length)
  })

  it('refuses text that is only white space once trimmed', async () => {
    await assert.rejects(writer.append({ type: 'status', text: ' \r\n\u3000' }), /Status text is empty/)
  })
})
