import assert from 'node:assert/strict'
import { afterEach, beforeEach, describe, it } from 'node:test'
import { FakeFeed, openHarness, texts, viewOf, type Harness } from './fixtures.js'

describe('Views: deletes', () => {
  let h: Harness
  let alice: FakeFeed
  beforeEach(async () => {
    h = await openHarness()
    alice = new FakeFeed()
    h.me.follow(alice.key)
  })
  afterEach(() => h.cleanup())

  it('removes a deleted status from every view and from the counts of what it replied to', async () => {
    const mine = h.me.status('my root')
    await h.sync(h.me)
    const reply = alice.status('doomed reply #gone to @me', {
      replyTo: mine,
      root: mine,
      mentions: [{ key: h.me.key, name: 'me' }]
    })
    alice.status('survivor')
    await h.sync(alice)
    assert.equal((await viewOf(h.views, mine))?.counts.replies, 1)
    assert.equal((await h.views.notifications()).unread, 1)

    alice.delete(reply)
    const result = await h.sync(alice)
    assert.equal(result.removed, 1)
    assert.equal(result.changed, true)

    assert.deepEqual(texts((await h.views.timeline()).items), ['survivor', 'my root'])
    assert.deepEqual(texts((await h.views.profileStatuses(alice.key)).items), ['survivor'])
    assert.equal(await viewOf(h.views, reply), null)
    assert.deepEqual((await h.views.thread(mine)).replies, [])
    assert.deepEqual((await h.views.mentions()).items, [])
    assert.deepEqual((await h.views.hashtag('gone')).items, [])
    assert.deepEqual((await h.views.search('doomed')).items, [])
    assert.deepEqual((await h.views.notifications()).items, [])
    assert.equal((await h.views.notifications()).unread, 0)
    assert.equal((await viewOf(h.views, mine))?.counts.replies, 0)
    assert.equal((await h.views.profile(alice.key)).statuses, 1)
  })

  it('keeps a tombstone, so a status indexed after its delete never appears', async () => {
    const doomed = alice.status('never seen #hidden')
    alice.status('kept')
    alice.delete(doomed)
    await h.sync(h.me)
    const late = await h.views.index(alice.key, 3, alice.blocks.slice(3), { advance: false })
    assert.equal(late.removed, 0)
    assert.deepEqual(late.referenced, [], 'a deleted status is not worth fetching')
    const rest = await h.sync(alice)
    assert.equal(rest.added, 1)
    assert.deepEqual(texts((await h.views.timeline()).items), ['kept'])
    assert.deepEqual((await h.views.hashtag('hidden')).items, [])
    assert.equal(await viewOf(h.views, doomed), null)
  })

  it('takes reposts of a deleted status out of home, and a deleted repost out of the counts', async () => {
    const bob = new FakeFeed()
    const original = bob.status('original')
    const firstRepost = alice.repost(original)
    await h.sync(bob)
    await h.sync(h.me)
    await h.sync(alice)
    assert.equal((await h.views.timeline()).items.length, 1)
    assert.equal((await viewOf(h.views, original))?.counts.reposts, 1)

    alice.delete(firstRepost)
    await h.sync(alice)
    assert.deepEqual((await h.views.timeline()).items, [])
    assert.equal((await viewOf(h.views, original))?.counts.reposts, 0)

    alice.repost(original)
    await h.sync(alice)
    assert.equal((await h.views.timeline()).items.length, 1)
    bob.delete(original)
    await h.sync(bob)
    assert.deepEqual((await h.views.timeline()).items, [], 'the original is gone, so is the repost entry')
  })

  it('drops like and repost notifications about my deleted status, but keeps replies to it', async () => {
    const mine = h.me.status('soon gone')
    await h.sync(h.me)
    alice.like(mine)
    alice.repost(mine)
    alice.reply(mine, 'replying')
    await h.sync(alice)
    assert.deepEqual((await h.views.notifications()).items.map((n) => n.kind), ['reply', 'repost', 'like'])
    h.me.delete(mine)
    await h.sync(h.me)
    assert.deepEqual((await h.views.notifications()).items.map((n) => n.kind), ['reply'])
    assert.equal((await h.views.notifications()).unread, 1)
  })

  it('counts a delete of another feed\u2019s status as invalid and leaves the status alone', async () => {
    const mine = h.me.status('not yours to delete')
    await h.sync(h.me)
    alice.delete(mine)
    const result = await h.sync(alice)
    assert.equal(result.invalid, 1)
    assert.equal(await h.views.invalidCount(alice.key), 1)
    assert.equal((await viewOf(h.views, mine))?.text, 'not yours to delete')
  })
})
