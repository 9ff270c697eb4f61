import assert from 'node:assert/strict'
import { afterEach, beforeEach, describe, it } from 'node:test'
import { statusUri } from '../../../../../shared/keys.js'
import { MAX_CLOCK_SKEW_MS } from '../../../../../shared/protocol/limits.js'
import { FakeFeed, NOW, kinds, openHarness, texts, viewOf, type Harness } from './fixtures.js'

describe('Views: reposts and likes', () => {
  let h: Harness
  let alice: FakeFeed
  let bob: FakeFeed
  beforeEach(async () => {
    h = await openHarness()
    alice = new FakeFeed()
    bob = new FakeFeed()
    alice.profile('Alice')
    bob.profile('Bob')
    h.me.follow(alice.key)
    await h.sync(h.me)
  })
  afterEach(() => h.cleanup())

  it('shows a followed repost in home as the original, with repostedBy, and counts one per reposting feed', async () => {
    const original = bob.status('worth sharing')
    await h.sync(bob)
    const repost = alice.repost(original)
    alice.repost(original) // a second repost by the same feed counts once and shows once
    const result = await h.sync(alice)
    assert.equal(result.added, 2)

    const home = await h.views.timeline()
    assert.equal(home.items.length, 1, "one entry for alice's two reposts, at the first; bob is not followed")
    const entry = home.items[0]!
    assert.equal(entry.uri, original)
    assert.equal(entry.text, 'worth sharing')
    assert.deepEqual(entry.author, { key: bob.key, name: 'Bob' })
    assert.equal(entry.repostedBy?.key, alice.key)
    assert.equal(entry.repostedBy?.name, 'Alice')
    assert.equal(entry.repostedBy?.uri, repost)
    assert.equal(entry.counts.reposts, 1)
    assert.equal(entry.repostedByMe, false)
    assert.deepEqual(await h.views.profileStatuses(alice.key), { items: [], cursor: null }, 'a profile lists statuses only')
  })

  it('holds a repost whose original is missing, returns it as referenced, and shows it once the original arrives', async () => {
    const original = bob.status('arrives late')
    alice.repost(original)
    const result = await h.sync(alice)
    assert.deepEqual(result.referenced, [original])
    assert.deepEqual((await h.views.timeline()).items, [])
    await h.sync(bob)
    const home = await h.views.timeline()
    assert.deepEqual(texts(home.items), ['arrives late'])
    assert.equal(home.items[0]!.repostedBy?.key, alice.key)
    assert.equal(home.items[0]!.counts.reposts, 1)
  })

  it('lets the like or unlike with the highest seq win, per liker', async () => {
    const target = bob.status('like me')
    await h.sync(bob)
    h.me.like(target)
    alice.like(target)
    alice.unlike(target)
    alice.like(target)
    await h.sync(h.me)
    const partial = await h.sync(alice)
    assert.equal(partial.changed, true)
    let view = await viewOf(h.views, target)
    assert.equal(view?.counts.likes, 2)
    assert.equal(view?.likedByMe, true)

    h.me.unlike(target)
    alice.unlike(target)
    await h.sync(h.me)
    await h.sync(alice)
    view = await viewOf(h.views, target)
    assert.equal(view?.counts.likes, 0)
    assert.equal(view?.likedByMe, false)

    const again = await h.views.index(alice.key, 3, alice.blocks.slice(3), { advance: false })
    assert.equal(again.changed, false, 're-indexing older likes changes nothing')
    assert.equal((await viewOf(h.views, target))?.counts.likes, 0)
  })

  it('keeps the latest like state when an older record is indexed after a newer one', async () => {
    const target = bob.status('liked, then not')
    await h.sync(bob)
    alice.like(target) // seq 2
    alice.unlike(target) // seq 3
    await h.views.index(alice.key, 3, alice.blocks.slice(3), { advance: false })
    await h.sync(alice)
    assert.equal((await viewOf(h.views, target))?.counts.likes, 0)
    h.me.unlike(target)
    h.me.like(target)
    await h.views.index(h.me.key, 3, h.me.blocks.slice(3), { advance: false })
    await h.sync(h.me)
    assert.equal((await viewOf(h.views, target))?.counts.likes, 1)
    assert.equal((await viewOf(h.views, target))?.likedByMe, true)
  })

  it('marks repostedByMe and notifies me of likes and reposts of my statuses, not of my own', async () => {
    const mine = h.me.status('my status')
    h.me.like(mine)
    h.me.repost(mine)
    await h.sync(h.me)
    alice.like(mine)
    bob.repost(mine)
    await h.sync(alice)
    await h.sync(bob)

    const view = await viewOf(h.views, mine)
    assert.equal(view?.uri, mine)
    assert.equal(view?.likedByMe, true)
    assert.equal(view?.repostedByMe, true)
    assert.deepEqual(view?.counts, { likes: 2, reposts: 2, replies: 0 })

    const n = await h.views.notifications()
    assert.deepEqual(
      n.items.map((x) => [x.kind, x.from.name, x.subject, x.status?.uri]),
      [
        ['repost', 'Bob', mine, mine],
        ['like', 'Alice', mine, mine]
      ]
    )
    assert.equal(n.unread, 2)

    alice.unlike(mine)
    await h.sync(alice)
    assert.deepEqual((await h.views.notifications()).items.map((x) => x.kind), ['repost'], 'an unlike withdraws the like')
    assert.equal((await h.views.notifications()).unread, 1)
  })

  it("shows a feed's several reposts of one status once, at the earliest live one, and counts it once", async () => {
    const original = bob.status('shared twice')
    await h.sync(bob)
    const first = alice.repost(original)
    const second = alice.repost(original)
    await h.sync(alice)
    const home = (await h.views.timeline()).items
    assert.deepEqual(home.map((s) => s.repostedBy?.uri), [first])
    assert.equal(home[0]!.counts.reposts, 1)

    alice.delete(first)
    await h.sync(alice)
    const after = (await h.views.timeline()).items
    assert.deepEqual(after.map((s) => s.repostedBy?.uri), [second], 'the next one takes its place')
    assert.equal(after[0]!.counts.reposts, 1)
  })

  it('gives the same home when the later repost is indexed first', async () => {
    const original = bob.status('shared twice')
    await h.sync(bob)
    const first = alice.repost(original)
    alice.repost(original)
    await h.views.index(alice.key, 3, [alice.blocks[3]!], { advance: false, now: NOW })
    await h.sync(alice)
    assert.deepEqual((await h.views.timeline()).items.map((s) => s.repostedBy?.uri), [first])
  })

  it("gives a repost entry the repost's own sortAt, the place it has in home", async () => {
    const original = bob.status('old news', { createdAt: NOW - 1_000_000 })
    await h.sync(bob, { now: NOW })
    alice.repost(original)
    const future = new FakeFeed()
    h.me.follow(future.key)
    await h.sync(h.me)
    future.append({ type: 'repost', of: original, createdAt: NOW + 3_600_000 })
    await h.sync(alice, { now: NOW })
    await h.sync(future, { now: NOW })
    const home = (await h.views.timeline()).items
    assert.equal(home[0]!.repostedBy?.key, future.key)
    assert.equal(home[0]!.repostedBy?.sortAt, NOW + MAX_CLOCK_SKEW_MS, 'clamped like any record')
    assert.equal(home[0]!.sortAt, NOW - 1_000_000, "the status's own")
    const order = home.map((s) => s.repostedBy?.sortAt ?? s.sortAt)
    assert.deepEqual(order, [...order].sort((a, b) => b - a), 'home is in the order of the entries it returns')
  })

  it('notifies once for several reposts of my status by one feed', async () => {
    const mine = h.me.status('mine')
    await h.sync(h.me)
    alice.repost(mine)
    alice.repost(mine)
    await h.sync(alice)
    assert.deepEqual(kinds((await h.views.notifications()).items), ['repost Alice'])
  })

  it('never shows a repost of something that is not a status, and shows a reply to one on its own', async () => {
    const original = bob.status('a status')
    const bobsLike = bob.like(original)
    await h.sync(bob)
    const repostOfLike = alice.repost(bobsLike)
    const repostOfRepost = alice.repost(alice.repost(original))
    const reply = alice.reply(bobsLike, 'answering a like')
    await h.sync(alice)
    const home = (await h.views.timeline()).items
    assert.deepEqual(home.map((s) => s.repostedBy?.uri ?? s.uri).sort(), [reply, statusUri(alice.key, 3)].sort(), 'the reply, and the repost of the status')
    assert.ok(!home.some((s) => s.repostedBy?.uri === repostOfLike || s.repostedBy?.uri === repostOfRepost))
    assert.equal((await viewOf(h.views, reply))?.text, 'answering a like')
    const thread = await h.views.thread(bobsLike)
    assert.equal(thread.root, null, 'a like is not shown as a status')
    assert.deepEqual(thread.replies.map((s) => s.uri), [reply])
  })
})
