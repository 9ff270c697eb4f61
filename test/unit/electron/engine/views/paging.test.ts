import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type RocksDB from 'rocksdb-native'
import { isRstatusError } from '../../../../../shared/errors.js'
import type { Views } from '../../../../../electron/engine/views/views.js'
import { FakeFeed, allPages, openHarness, texts, type Harness } from './fixtures.js'

/** Every key the views read with point reads from now on (range scans are not counted). */
function pointReads(views: Views): string[] {
  const db = (views as unknown as { db: RocksDB }).db as unknown as { read(opts: unknown): { get(key: string): unknown } }
  const keys: string[] = []
  const read = db.read.bind(db)
  db.read = (opts) => {
    const batch = read(opts)
    const get = batch.get.bind(batch)
    batch.get = (key) => {
      keys.push(key)
      return get(key)
    }
    return batch
  }
  return keys
}

describe('Views: paging', () => {
  let h: Harness
  let alice: FakeFeed
  const written: string[] = []
  before(async () => {
    h = await openHarness()
    alice = new FakeFeed()
    h.me.follow(alice.key)
    // Interleaved authors, so home mixes feeds.
    for (let i = 0; i < 60; i++) {
      const feed = i % 2 === 0 ? alice : h.me
      feed.status(`status ${i} #paged`)
      written.push(`status ${i} #paged`)
    }
    await h.sync(h.me)
    await h.sync(alice)
  })
  after(() => h.cleanup())

  it('returns every status exactly once, newest first, across pages of any size', async () => {
    const newestFirst = [...written].reverse()
    for (const limit of [1, 7, 30, 59, 60, 61]) {
      const items = await allPages((cursor) => h.views.timeline({ limit, ...(cursor ? { cursor } : {}) }))
      assert.deepEqual(texts(items), newestFirst, `limit ${limit}`)
    }
    const tagged = await allPages((cursor) => h.views.hashtag('paged', { limit: 8, ...(cursor ? { cursor } : {}) }))
    assert.deepEqual(texts(tagged), newestFirst)
    const mine = await allPages((cursor) => h.views.profileStatuses(alice.key, { limit: 4, ...(cursor ? { cursor } : {}) }))
    assert.deepEqual(texts(mine), newestFirst.filter((t) => Number(t.split(' ')[1]) % 2 === 0))
  })

  it('starts at a time (before) in home, an author\'s statuses and a hashtag, one page however far back', async () => {
    const all = await allPages((cursor) => h.views.timeline({ limit: 50, ...(cursor ? { cursor } : {}) }))
    const newestFirst = texts(all)
    // every record is a second after the one before it: `before` a status's time starts the page at it
    const at = all.findIndex((v) => v.text === 'status 40 #paged')
    const page = await h.views.timeline({ limit: 5, before: all[at]!.sortAt })
    assert.deepEqual(texts(page.items), newestFirst.slice(at, at + 5))
    const rest = await h.views.timeline({ limit: 50, cursor: page.cursor!, before: 0 })
    assert.deepEqual(texts(rest.items), newestFirst.slice(at + 5), 'a cursor continues, whatever before says')
    assert.deepEqual(texts((await h.views.timeline({ limit: 5, before: all[at]!.sortAt - 1 })).items), newestFirst.slice(at + 1, at + 6))
    assert.deepEqual((await h.views.timeline({ before: 0 })).items, [])

    const tagged = await h.views.hashtag('paged', { limit: 3, before: all[at]!.sortAt })
    assert.deepEqual(texts(tagged.items), newestFirst.slice(at, at + 3))
    const alices = await h.views.profileStatuses(alice.key, { limit: 3, before: all[at]!.sortAt })
    assert.deepEqual(texts(alices.items), ['status 40 #paged', 'status 38 #paged', 'status 36 #paged'])
  })

  it('defaults to 50 items and caps a page at 500', async () => {
    const first = await h.views.timeline()
    assert.equal(first.items.length, 50)
    assert.notEqual(first.cursor, null)
    const rest = await h.views.timeline({ cursor: first.cursor! })
    assert.equal(rest.items.length, 10)
    assert.equal(rest.cursor, null, 'no empty last page')
    assert.equal((await h.views.timeline({ limit: 10_000 })).items.length, 60)
  })

  it('keeps its place when newer statuses arrive between pages', async () => {
    const first = await h.views.timeline({ limit: 10 })
    h.me.status('newer than everything')
    await h.sync(h.me)
    const second = await h.views.timeline({ limit: 10, cursor: first.cursor! })
    assert.deepEqual(texts(second.items), [...written].reverse().slice(10, 20))
  })

  it('refuses a cursor that is garbage or belongs to another list', async () => {
    const home = await h.views.timeline({ limit: 5 })
    const profile = await h.views.profileStatuses(alice.key, { limit: 5 })
    const bad = ['', 'not a cursor!', '%%%', profile.cursor!, home.cursor! + 'x']
    for (const cursor of bad) {
      await assert.rejects(h.views.timeline({ cursor }), (err: unknown) => {
        assert.ok(isRstatusError(err))
        assert.equal(err.code, 'INVALID_INPUT')
        assert.equal(err.message, 'That page cursor is not valid')
        return true
      }, `cursor ${JSON.stringify(cursor)}`)
    }
    await assert.rejects(h.views.profileStatuses(h.me.key, { cursor: profile.cursor! }), /cursor is not valid/)
    await assert.rejects(h.views.notifications({ cursor: home.cursor! }), /cursor is not valid/)
    await assert.rejects(h.views.search('paged', { cursor: home.cursor! }), /cursor is not valid/)
  })
})

describe('Views: a home page read for the first time', () => {
  it('finds its statuses in the entries it scans, also those of a feed followed after they arrived', async () => {
    const h = await openHarness()
    try {
      const alice = new FakeFeed()
      const bob = new FakeFeed()
      h.me.follow(alice.key)
      for (let i = 0; i < 5; i++) {
        alice.status(`alice ${i}`)
        bob.status(`bob ${i}`)
      }
      const liked = bob.status('bob, liked')
      h.me.like(liked)
      await h.sync(h.me)
      await h.sync(alice)
      await h.sync(bob)
      h.me.follow(bob.key)
      await h.sync(h.me)
      await h.reopen() // nothing in the read cache
      const reads = pointReads(h.views)
      const page = await h.views.timeline({ limit: 20 })
      assert.deepEqual(texts(page.items), ['bob, liked', 'bob 4', 'alice 4', 'bob 3', 'alice 3', 'bob 2', 'alice 2', 'bob 1', 'alice 1', 'bob 0', 'alice 0'])
      assert.equal(page.items[0]!.likedByMe, true)
      assert.equal(page.items[0]!.counts.likes, 1)
      assert.ok(reads.length > 0, 'counts and likes are still read')
      assert.deepEqual(reads.filter((k) => k.startsWith('st\0')), [], 'no status read from its own key')
    } finally {
      await h.cleanup()
    }
  })
})
