// Replication with real cores, replicated in this process as hypercore's own tests do: two Corestores joined
// by a stream pair, no DHT lookups. The reader follows writers through its own feed (the FeedWriter), and
// Replication keeps, downloads, indexes and reports the feeds its follow list names.
import assert from 'node:assert/strict'
import Corestore from 'corestore'
import ids from 'hypercore-id-encoding'
import { after, afterEach, beforeEach, describe, it } from 'node:test'
import type { EventName } from '../../../../../shared/api/contract.js'
import type { FeedKey } from '../../../../../shared/keys.js'
import { Replication } from '../../../../../electron/engine/replication/replication.js'
import { Indexer } from '../../../../../electron/engine/views/indexer.js'
import { Views } from '../../../../../electron/engine/views/views.js'
import { FeedWriter } from '../../../../../electron/engine/writer/feed-writer.js'
import { OwnFeed } from '../../../../../electron/engine/writer/own-feed.js'
import { FakeFeed } from '../views/fixtures.js'
import { tmpDir, waitFor } from '../../../../helpers/tmp.js'

/** A writer: a real core in its own store, holding a fake feed's blocks. */
async function writerWith(dir: string, feed: FakeFeed): Promise<{ store: Corestore; key: FeedKey }> {
  const store = new Corestore(dir)
  const core = store.get({ name: 'feed' })
  await core.ready()
  await core.append(feed.blocks.map((b) => Buffer.from(b)))
  return { store, key: ids.encode(core.key) }
}

/** Joins two stores with a stream pair in this process; returns how to part them. */
function connect(a: Corestore, b: Corestore): () => void {
  const s1 = a.replicate(true)
  const s2 = b.replicate(false)
  s1.pipe(s2).pipe(s1)
  return () => {
    s1.destroy()
    s2.destroy()
  }
}

describe('Replication', () => {
  const tmp = tmpDir('rstatus-replication-')
  after(() => tmp.cleanup())
  let n = 0
  let store: Corestore
  let own: OwnFeed
  let views: Views
  let indexer: Indexer
  let replication: Replication
  let writer: FeedWriter
  let blocked: Set<FeedKey>
  let events: EventName[]
  let closers: Array<() => Promise<void> | void>

  async function openReader(opts: { maxFeedBytes?: number } = {}): Promise<void> {
    const dir = `${tmp.dir}/reader-${++n}`
    store = new Corestore(`${dir}/store`)
    own = new OwnFeed(store, { restored: false })
    await own.ready()
    views = await Views.open(`${dir}/views`, { me: own.key })
    indexer = new Indexer(views)
    await indexer.track(own.key, own.core)
    replication = new Replication({
      store,
      own,
      indexer,
      views,
      isBlocked: (feed) => blocked.has(feed),
      stateFile: `${dir}/state.json`,
      ...(opts.maxFeedBytes ? { maxFeedBytes: opts.maxFeedBytes } : {}),
      // A DHT of its own on loopback with no bootstrap: it finds no one, so every peer here is in-process.
      bootstrap: [],
      host: '127.0.0.1',
      ownTopics: () => [own.discoveryKey],
      publish: (event) => void events.push(event),
      log: () => {}
    })
    await replication.ready()
    writer = new FeedWriter({ own, indexed: () => indexer.catchUp(own.key), reconcile: () => replication.reconcile() })
  }

  beforeEach(async () => {
    blocked = new Set()
    events = []
    closers = []
    await openReader()
  })

  afterEach(async () => {
    for (const close of closers.reverse()) await close()
    await indexer.close()
    await replication.close()
    await views.close()
    await own.close()
    await store.close()
  })

  const followed = async () => (await replication.syncState()).feeds.map((f) => f.key).sort()

  it('keeps a replica of each feed the follow list names: never my own, never a blocked one', async () => {
    const alice = new FakeFeed()
    const bob = new FakeFeed()
    blocked.add(bob.key)
    await writer.write({ type: 'follow', feed: alice.key })
    await writer.write({ type: 'follow', feed: bob.key })
    assert.deepEqual(await followed(), [alice.key])
    assert.equal(replication.heldLength(alice.key), 0)
    assert.equal(replication.heldLength(own.key), own.length)

    await writer.write({ type: 'unfollow', feed: alice.key })
    assert.deepEqual(await followed(), [])
    blocked.delete(bob.key)
    await replication.reconcile()
    assert.deepEqual(await followed(), [bob.key])
  })

  it('downloads a followed feed whole from a peer, indexes it, and says it is caught up', async () => {
    const feed = new FakeFeed()
    feed.profile('Alice')
    for (let i = 0; i < 300; i++) feed.status(`status ${i}`)
    const alice = await writerWith(`${tmp.dir}/alice-${n}`, feed)
    closers.push(() => alice.store.close())
    await writer.write({ type: 'follow', feed: alice.key })
    await replication.goOnline()
    closers.push(connect(alice.store, store))

    const synced = await replication.waitForSync({ timeout: 60_000 })
    assert.deepEqual(synced, { ok: true, behind: [] })
    const [state] = (await replication.syncState()).feeds
    assert.equal(state?.key, alice.key)
    assert.equal(state?.localLength, feed.length)
    assert.equal(state?.indexedLength, feed.length)
    assert.equal(state?.remoteLength, feed.length)
    assert.equal(state?.stopped, null)
    assert.equal((await views.profile(alice.key)).name, 'Alice')
    assert.equal((await views.profile(alice.key)).statuses, 300)
    assert.ok(events.includes('network'), 'going online is told')
    await waitFor(() => events.includes('sync'), { what: 'a sync event' })
  })

  it('stops downloading a feed past the size cap, keeps what fits, and says why', async () => {
    await replication.close()
    await indexer.close()
    await views.close()
    await own.close()
    await store.close()
    await openReader({ maxFeedBytes: 16 * 1024 })
    const feed = new FakeFeed()
    for (let i = 0; i < 100; i++) feed.status(`${i} ` + 'x'.repeat(400))
    const big = await writerWith(`${tmp.dir}/big-${n}`, feed)
    closers.push(() => big.store.close())
    await writer.write({ type: 'follow', feed: big.key })
    await replication.goOnline()
    closers.push(connect(big.store, store))

    const state = await waitFor(async () => {
      const s = (await replication.syncState()).feeds[0]
      return s?.stopped === 'size-cap' && s.indexedLength > 0 && s.indexedLength === s.localLength ? s : null
    }, { what: 'the capped feed to stop', timeout: 60_000 })
    assert.ok(state.localLength < feed.length, `${state.localLength} of ${feed.length} blocks held`)
    assert.ok((await replication.feedBytes()).find((f) => f.key === big.key)!.bytes <= 16 * 1024)
    // A frozen feed will not move: it counts as caught up.
    assert.deepEqual(await replication.waitForSync({ timeout: 10_000 }), { ok: true, behind: [] })
  })
})
