import assert from 'node:assert/strict'
import { afterEach, beforeEach, describe, it } from 'node:test'
import { FakeFeed, openHarness, texts, type Harness } from './fixtures.js'

describe('Views: follows', () => {
  let h: Harness
  let alice: FakeFeed
  let bob: FakeFeed
  beforeEach(async () => {
    h = await openHarness()
    alice = new FakeFeed()
    bob = new FakeFeed()
  })
  afterEach(() => h.cleanup())

  it('moves already indexed statuses and reposts into home on follow and out on unfollow', async () => {
    const b1 = bob.status('bob one')
    alice.status('alice one')
    alice.repost(b1)
    h.me.status('mine')
    await h.sync(alice)
    await h.sync(bob)
    await h.sync(h.me)
    assert.deepEqual(texts((await h.views.timeline()).items), ['mine'])

    h.me.follow(alice.key)
    const followed = await h.sync(h.me)
    assert.equal(followed.followsChanged, true)
    assert.deepEqual(await h.views.following(h.me.key), [alice.key])
    assert.deepEqual(texts((await h.views.timeline()).items), ['mine', 'bob one', 'alice one'])
    assert.equal((await h.views.timeline()).items[1]!.repostedBy?.key, alice.key, 'bob is in home through the repost')

    alice.status('alice two')
    alice.follow(h.me.key)
    await h.sync(alice)
    assert.deepEqual(texts((await h.views.timeline()).items), ['alice two', 'mine', 'bob one', 'alice one'])
    assert.equal((await h.views.profileView(alice.key)).followsMe, true)

    h.me.unfollow(alice.key)
    const unfollowed = await h.sync(h.me)
    assert.equal(unfollowed.followsChanged, true)
    assert.deepEqual(await h.views.following(h.me.key), [])
    assert.deepEqual(texts((await h.views.timeline()).items), ['mine'])
    assert.equal((await h.views.profileStatuses(alice.key)).items.length, 2, 'a profile still shows what we hold')
    assert.equal((await h.views.profileView(alice.key)).followsMe, true, 'unfollowing her keeps "Follows you"')

    h.me.status('unrelated')
    assert.equal((await h.sync(h.me)).followsChanged, false)
  })

  it('keeps the follow list of every feed, the reverse list, and notifies me of new followers', async () => {
    alice.profile('Alice')
    alice.follow(h.me.key)
    alice.follow(bob.key)
    bob.follow(alice.key)
    h.me.follow(alice.key)
    await h.sync(alice)
    await h.sync(bob)
    await h.sync(h.me)

    assert.deepEqual((await h.views.following(alice.key)).sort(), [h.me.key, bob.key].sort())
    assert.deepEqual((await h.views.followers(alice.key)).sort(), [h.me.key, bob.key].sort())
    assert.deepEqual(await h.views.followers(h.me.key), [alice.key])

    const view = await h.views.profileView(alice.key)
    assert.equal(view.isMe, false)
    assert.equal(view.following, true)
    assert.equal(view.followsMe, true)
    assert.equal(view.name, 'Alice')
    assert.deepEqual(view.followingKeys.sort(), [h.me.key, bob.key].sort())
    assert.equal((await h.views.profileView(h.me.key)).isMe, true)

    const n = await h.views.notifications()
    assert.deepEqual(n.items.map((x) => [x.kind, x.from.name]), [['follow', 'Alice']])

    alice.unfollow(h.me.key)
    await h.sync(alice)
    assert.deepEqual(await h.views.followers(h.me.key), [])
    assert.deepEqual((await h.views.notifications()).items, [], 'an unfollow withdraws the notification')
    assert.equal((await h.views.profileView(alice.key)).followsMe, false)
  })

  it('decides follow state by seq, so an older follow indexed late does not undo a newer unfollow', async () => {
    h.me.follow(alice.key) // seq 1
    h.me.unfollow(alice.key) // seq 2
    alice.status('hidden')
    await h.sync(alice)
    await h.views.index(h.me.key, 2, h.me.blocks.slice(2), { advance: false })
    await h.views.index(h.me.key, 0, h.me.blocks.slice(0, 2), { advance: true })
    assert.deepEqual(await h.views.following(h.me.key), [])
    assert.deepEqual((await h.views.timeline()).items, [])
  })
})
