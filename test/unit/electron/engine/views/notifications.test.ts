import assert from 'node:assert/strict'
import { afterEach, beforeEach, describe, it } from 'node:test'
import { MAX_CLOCK_SKEW_MS } from '../../../../../shared/protocol/limits.js'
import { statusUri } from '../../../../../shared/keys.js'
import { FakeFeed, NOW, allPages, kinds, openHarness, type Harness } from './fixtures.js'

describe('Views: notifications', () => {
  let h: Harness
  let alice: FakeFeed
  beforeEach(async () => {
    h = await openHarness()
    alice = new FakeFeed()
    alice.profile('Alice')
  })
  afterEach(() => h.cleanup())

  it('lists every kind newest first with an unread count, and marks them read', async () => {
    const mine = h.me.status('mine')
    h.me.follow(alice.key) // replies and mentions from strangers are requests instead
    await h.sync(h.me)
    alice.follow(h.me.key)
    alice.like(mine)
    alice.repost(mine)
    alice.reply(mine, 'a reply')
    alice.status('hey @me', { mentions: [{ key: h.me.key, name: 'me' }] })
    await h.sync(alice)

    const n = await h.views.notifications()
    assert.deepEqual(kinds(n.items), ['mention Alice', 'reply Alice', 'repost Alice', 'like Alice', 'follow Alice'])
    assert.equal(n.unread, 5)
    assert.ok(n.items.every((x) => !x.read))
    assert.equal(new Set(n.items.map((x) => x.id)).size, 5, 'ids are unique')
    const paged = await allPages((cursor) => h.views.notifications({ limit: 2, ...(cursor ? { cursor } : {}) }))
    assert.deepEqual(paged.map((x) => x.id), n.items.map((x) => x.id))

    const readAt = n.items[2]!.createdAt // the repost and older
    assert.deepEqual(await h.views.markNotificationsRead(readAt), { unread: 2 })
    const after = await h.views.notifications()
    assert.equal(after.unread, 2)
    assert.deepEqual(after.items.map((x) => x.read), [false, false, true, true, true])
    assert.deepEqual(await h.views.markNotificationsRead(readAt - 5000), { unread: 2 }, 'an older mark never moves the read mark back')

    assert.deepEqual(await h.views.markNotificationsRead(NOW), { unread: 0 })
    alice.status('again @me', { mentions: [{ key: h.me.key, name: 'me' }], createdAt: NOW + 1000 })
    await h.sync(alice)
    assert.equal((await h.views.notifications()).unread, 1)
    await h.reopen()
    assert.equal((await h.views.notifications()).unread, 1, 'the count persists')
  })

  it('leaves a notification that sorts after the read mark unread', async () => {
    h.me.follow(alice.key)
    await h.sync(h.me)
    alice.status('from the future @me', { mentions: [{ key: h.me.key, name: 'me' }], createdAt: NOW + 10 ** 9 })
    await h.sync(alice, { now: NOW })
    const [n] = (await h.views.notifications()).items
    assert.equal(n?.createdAt, NOW + MAX_CLOCK_SKEW_MS)
    assert.deepEqual(await h.views.markNotificationsRead(NOW), { unread: 1 })
    assert.deepEqual(await h.views.markNotificationsRead(NOW + MAX_CLOCK_SKEW_MS), { unread: 0 })
  })

  it('notifies of nothing aimed at a block of mine that is not a status, or does not exist', async () => {
    h.me.follow(alice.key)
    const myLike = h.me.like(statusUri(alice.key, 1))
    await h.sync(h.me)
    alice.like(statusUri(h.me.key, Number.MAX_SAFE_INTEGER))
    alice.like(myLike)
    alice.repost(statusUri(h.me.key, 1)) // my follow record
    alice.reply(myLike, 'answering a like')
    await h.sync(alice)
    assert.deepEqual(kinds((await h.views.notifications()).items), [])
    assert.deepEqual((await h.views.requests()).items, [])
  })

  it('notifies of a like and a reply that arrived before my status, once it arrives', async () => {
    h.me.follow(alice.key)
    const mine = statusUri(h.me.key, 2)
    alice.like(mine)
    alice.reply(mine, 'early answer')
    // Alice's records are indexed first, as a restored device or a reindex in another order would.
    await h.views.index(alice.key, 0, alice.blocks, { now: NOW })
    h.me.status('mine')
    await h.sync(h.me)
    assert.deepEqual(kinds((await h.views.notifications()).items), ['reply Alice', 'like Alice'])
  })
})
