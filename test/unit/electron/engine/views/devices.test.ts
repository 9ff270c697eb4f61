// One identity on several devices (PROTOCOL.md "Devices"), as the views see it: a link needs both records, in
// either order; a linked device's statuses, profile and follows are its identity's; a removal cuts the device's
// later blocks, whenever they arrive.
import assert from 'node:assert/strict'
import { afterEach, beforeEach, describe, it } from 'node:test'
import { statusUri } from '../../../../../shared/keys.js'
import { FakeFeed, openHarness, snapshot, texts, viewOf, type Harness } from './fixtures.js'

/** An identity feed and a device feed linked to it (the device's block 1 names the identity). */
function pair(): { id: FakeFeed; device: FakeFeed } {
  const id = new FakeFeed()
  const device = new FakeFeed()
  device.append({ type: 'identity', feed: id.key })
  id.append({ type: 'device', feed: device.key })
  return { id, device }
}

describe('Views: devices', () => {
  let h: Harness
  beforeEach(async () => {
    h = await openHarness()
  })
  afterEach(() => h.cleanup())

  it('shows a linked device as its identity: one author, one profile, one list of statuses', async () => {
    const { id, device } = pair()
    id.profile('Alice')
    id.status('from the laptop')
    device.status('from the phone')
    device.profile('Alice B.', 'now on two devices')
    h.me.follow(id.key)
    await h.sync(h.me)
    await h.sync(id)
    await h.sync(device)

    const home = (await h.views.timeline()).items
    assert.deepEqual(texts(home), ['from the phone', 'from the laptop'])
    assert.deepEqual(home.map((s) => s.author), [
      { key: id.key, name: 'Alice B.' },
      { key: id.key, name: 'Alice B.' }
    ])
    assert.deepEqual(home.map((s) => s.feed), [device.key, id.key], 'each status keeps the feed it is in')
    const profile = await h.views.profileView(id.key)
    assert.equal(profile.name, 'Alice B.', 'the newest profile record of any device')
    assert.equal(profile.bio, 'now on two devices')
    assert.equal(profile.statuses, 2)
    assert.equal(profile.following, true)
    assert.deepEqual(await h.views.profileView(device.key), profile, 'a device key stands for its identity')
    assert.deepEqual(texts((await h.views.profileStatuses(id.key)).items), ['from the phone', 'from the laptop'])
    assert.deepEqual((await h.views.people('alice')).map((p) => p.key), [id.key])
    assert.equal(await h.views.authorOf(device.key), id.key)
    assert.deepEqual(await h.views.members(id.key), [device.key])
    assert.deepEqual(await h.views.listedDevices(id.key), [{ key: device.key, seq: 1, linked: true, removedAfter: null }])
  })

  it('links in whichever order the two sides arrive, to the same views', async () => {
    const { id, device } = pair()
    id.profile('Ida')
    id.status('one')
    device.status('two')
    device.follow(h.me.key)
    h.me.follow(id.key)
    const build = async (feeds: FakeFeed[]) => {
      const other = await openHarness(h.me)
      for (const f of feeds) await other.sync(f)
      const snap = await snapshot(other.views, [id, device], ['one'])
      await other.cleanup()
      return snap
    }
    const deviceFirst = await build([h.me, device, id])
    assert.deepEqual(deviceFirst, await build([h.me, id, device]))
    assert.deepEqual(await build([device, id, h.me]), deviceFirst)
  })

  it('needs both sides: a claim the identity does not confirm links nothing', async () => {
    const id = new FakeFeed()
    const impostor = new FakeFeed()
    impostor.append({ type: 'identity', feed: id.key })
    impostor.status('I am Alice, honest')
    id.profile('Alice')
    h.me.follow(id.key)
    await h.sync(h.me)
    await h.sync(id)
    await h.sync(impostor)
    assert.deepEqual((await h.views.timeline()).items, [])
    const [view] = (await h.views.profileStatuses(impostor.key)).items
    assert.equal(view?.author.key, impostor.key)
    assert.equal(await h.views.authorOf(impostor.key), impostor.key)

    // An identity cannot adopt a feed that does not name it either.
    const bystander = new FakeFeed()
    bystander.status('mine alone')
    id.append({ type: 'device', feed: bystander.key })
    await h.sync(id)
    await h.sync(bystander)
    assert.equal(await h.views.authorOf(bystander.key), bystander.key)
  })

  it('ignores a removed device from its cut-off on, whether its later blocks came before or after the removal', async () => {
    const { id, device } = pair()
    const before = device.status('written before the removal')
    id.append({ type: 'device-remove', feed: device.key, after: device.length })
    const late = device.status('written by a thief')
    device.follow(new FakeFeed().key)
    h.me.follow(id.key)
    await h.sync(h.me)

    // Order 1: the device's blocks first, the removal after.
    await h.sync(device)
    assert.deepEqual(texts((await h.views.timeline()).items), [], 'not linked yet: the identity has not been read')
    await h.sync(id)
    assert.deepEqual(texts((await h.views.timeline()).items), ['written before the removal'])
    assert.equal(await h.views.status(device.key, Number(late.split('/').pop())), null)
    assert.deepEqual(await h.views.following(id.key), [], 'the thief follows no one for the identity')
    assert.deepEqual(await h.views.listedDevices(id.key), [{ key: device.key, seq: 1, linked: true, removedAfter: 3 }])

    // Order 2: the removal first, then the device.
    const other = await openHarness(h.me)
    await other.sync(h.me)
    await other.sync(id)
    await other.sync(device)
    assert.deepEqual(texts((await other.views.timeline()).items), ['written before the removal'])
    assert.equal((await other.views.status(device.key, Number(before.split('/').pop())))?.author.key, id.key)
    await other.cleanup()
  })

  it('answers the many-feed reads (listedDevicesOf, names, invalidCounts) as the one-feed reads do', async () => {
    const first = pair()
    first.id.profile('First')
    const second = pair()
    const pending = new FakeFeed() // listed, but its block 1 never names the identity
    second.id.append({ type: 'device', feed: pending.key })
    second.id.append({ type: 'device-remove', feed: second.device.key, after: 2 })
    second.id.profile('Second')
    const loner = new FakeFeed()
    loner.profile('Loner')
    loner.appendRaw('junk')
    for (const f of [first.id, first.device, second.id, second.device, pending, loner]) await h.sync(f)

    const identities = [first.id.key, second.id.key, loner.key]
    const many = await h.views.listedDevicesOf(identities)
    for (const key of identities) {
      const one = await h.views.listedDevices(key)
      assert.deepEqual(many.get(key) ?? [], one, `devices of ${key.slice(0, 8)}`)
    }
    assert.equal(many.get(second.id.key)?.length, 2, 'the removed device and the pending one')
    assert.equal(many.has(loner.key), false)
    assert.equal((await h.views.listedDevicesOf([first.id.key])).has(second.id.key), false, 'only the identities asked for')

    const feeds = [first.device.key, second.id.key, loner.key, new FakeFeed().key]
    assert.deepEqual(await h.views.names(feeds), await Promise.all(feeds.map(async (f) => (await h.views.profile(f)).name)))
    assert.deepEqual(await h.views.names(feeds), ['First', 'Second', 'Loner', null], 'a device has its identity’s name')
    assert.deepEqual(await h.views.invalidCounts(feeds), await Promise.all(feeds.map((f) => h.views.invalidCount(f))))
    assert.deepEqual(await h.views.invalidCounts([loner.key]), [1])
  })

  it('merges the follow lists of an identity’s devices by createdAt', async () => {
    const { id, device } = pair()
    const x = new FakeFeed()
    const y = new FakeFeed()
    id.follow(x.key)
    device.follow(y.key)
    device.unfollow(x.key) // later than the identity's follow of x
    await h.sync(id)
    await h.sync(device)
    assert.deepEqual(await h.views.following(id.key), [y.key])
    id.follow(x.key)
    await h.sync(id)
    assert.deepEqual((await h.views.following(id.key)).sort(), [x.key, y.key].sort())
    assert.deepEqual(await h.views.followers(y.key), [id.key], 'followers are identities')
    assert.deepEqual(await h.views.following(device.key), [], 'a device follows no one itself')
  })

  it('counts a like from two devices of one identity once, whichever side of the link arrives first', async () => {
    const mine = h.me.status('like me from everywhere')
    await h.sync(h.me)
    const likes = async () => (await viewOf(h.views, mine))?.counts.likes
    const likeNotifications = async () => (await h.views.notifications()).items.filter((n) => n.kind === 'like')

    const { id, device } = pair()
    id.like(mine)
    device.like(mine)
    // The device's side first: until the identity lists it, it is an author of its own.
    await h.sync(device)
    await h.sync(h.me)
    assert.equal(await likes(), 1)
    await h.sync(id)
    assert.equal(await likes(), 1, 'linked: one identity, one like')
    const notified = await likeNotifications()
    assert.deepEqual(notified.map((n) => n.from.key), [id.key], 'one notification, from the identity')
    assert.equal(notified[0]?.uri, statusUri(device.key, 2), 'the later of the two likes')

    // The latest record across the identity's feeds decides, as for follows.
    device.unlike(mine)
    await h.sync(device)
    assert.equal(await likes(), 0)
    assert.deepEqual(await likeNotifications(), [])
    id.like(mine)
    await h.sync(id)
    assert.equal(await likes(), 1)

    // Another person's like still counts on its own.
    const other = new FakeFeed()
    other.like(mine)
    await h.sync(other)
    assert.equal(await likes(), 2)
  })

  it('shows a like made on my other device as mine, counted once', async () => {
    const { id, device } = pair()
    const author = new FakeFeed()
    const theirs = author.status('a status I liked on my phone')
    // The views of the first device (the identity): the like was made on the other device.
    const laptop = await openHarness(id)
    try {
      id.follow(author.key)
      id.like(theirs)
      device.like(theirs)
      for (const f of [id, device, author]) await laptop.sync(f)
      const view = await viewOf(laptop.views, theirs)
      assert.equal(view?.likedByMe, true)
      assert.equal(view?.counts.likes, 1)
      device.unlike(theirs)
      await laptop.sync(device)
      assert.equal((await viewOf(laptop.views, theirs))?.likedByMe, false, 'an unlike on the phone is mine too')
    } finally {
      await laptop.cleanup()
    }
  })

  it('on a second device, my identity is the one my feed names: its statuses and follows are mine', async () => {
    const id = new FakeFeed()
    const mine = new FakeFeed()
    const friend = new FakeFeed()
    mine.append({ type: 'identity', feed: id.key })
    id.append({ type: 'device', feed: mine.key })
    id.follow(friend.key)
    id.status('written on my first device')
    friend.status('a friend writes')
    const stranger = new FakeFeed()
    stranger.status('hello @me', { mentions: [{ key: id.key, name: 'me' }] })
    const dh = await openHarness(mine)
    try {
      await dh.sync(mine)
      assert.equal(dh.views.identity, id.key)
      await dh.sync(id)
      await dh.sync(friend)
      await dh.sync(stranger)
      mine.status('written on this device')
      await dh.sync(mine)
      assert.deepEqual(texts((await dh.views.timeline()).items), ['written on this device', 'a friend writes', 'written on my first device'])
      assert.deepEqual(await dh.views.following(id.key), [friend.key])
      assert.equal((await dh.views.profileView(mine.key)).isMe, true)
      assert.deepEqual(texts((await dh.views.mentions()).items), ['hello @me'])
      assert.deepEqual(texts((await dh.views.requests()).items), ['hello @me'], 'a mention of my identity from a stranger')
      await dh.reopen()
      assert.equal(dh.views.identity, id.key, 'remembered')
    } finally {
      await dh.cleanup()
    }
  })
})

describe('Views: requests, blocks and mutes, suggestions', () => {
  let h: Harness
  beforeEach(async () => {
    h = await openHarness()
  })
  afterEach(() => h.cleanup())

  it('files replies and mentions from people I do not follow as requests, moves them when I follow, and keeps them after an unfollow', async () => {
    const mine = h.me.status('my status')
    await h.sync(h.me)
    const stranger = new FakeFeed()
    stranger.profile('Stranger')
    stranger.reply(mine, 'a reply from a stranger')
    stranger.status('hey @me', { mentions: [{ key: h.me.key, name: 'me' }] })
    await h.sync(stranger)
    assert.deepEqual(texts((await h.views.requests()).items), ['hey @me', 'a reply from a stranger'])
    assert.deepEqual((await h.views.notifications()).items, [])
    assert.deepEqual(texts((await h.views.thread(mine)).replies), ['a reply from a stranger'], 'still in the thread')

    h.me.follow(stranger.key)
    await h.sync(h.me)
    assert.deepEqual((await h.views.requests()).items, [])
    assert.deepEqual((await h.views.notifications()).items.map((n) => n.kind), ['mention', 'reply'])
    // Unfollowing keeps what they said to me where it was.
    h.me.unfollow(stranger.key)
    await h.sync(h.me)
    assert.deepEqual((await h.views.requests()).items, [])
    assert.deepEqual((await h.views.notifications()).items.map((n) => n.kind), ['mention', 'reply'])
  })

  it('hides blocked authors everywhere, and muted ones from home, mentions and notifications only', async () => {
    const mine = h.me.status('mine')
    const bob = new FakeFeed()
    const carol = new FakeFeed()
    h.me.follow(bob.key)
    h.me.follow(carol.key)
    await h.sync(h.me)
    const bobsReply = bob.reply(mine, 'bob replies @me')
    carol.reply(mine, 'carol replies')
    carol.status('carol on her own')
    await h.sync(bob)
    await h.sync(carol)
    assert.equal((await h.views.notifications()).unread, 2)

    h.views.setHidden({ blocked: new Set([bob.key]), muted: new Set([carol.key]) })
    assert.deepEqual(texts((await h.views.timeline()).items), ['mine'])
    assert.deepEqual((await h.views.notifications()).items, [])
    assert.equal((await h.views.notifications()).unread, 0)
    assert.deepEqual(texts((await h.views.thread(mine)).replies), ['carol replies'], 'muted stays in threads; blocked does not')
    assert.deepEqual(texts((await h.views.profileStatuses(carol.key)).items), ['carol on her own', 'carol replies'])
    assert.deepEqual((await h.views.profileStatuses(bob.key)).items, [])
    assert.equal(await h.views.status(bob.key, Number(bobsReply.split('/').pop())), null)
    assert.deepEqual((await h.views.mentions()).items, [])

    h.views.setHidden({ blocked: new Set(), muted: new Set() })
    assert.equal((await h.views.timeline()).items.length, 4)
  })

  it('fills a page past hidden statuses, with a cursor that goes on', async () => {
    const loud = new FakeFeed()
    const quiet = new FakeFeed()
    h.me.follow(loud.key)
    h.me.follow(quiet.key)
    await h.sync(h.me)
    quiet.status('quiet 1')
    for (let i = 0; i < 30; i++) loud.status(`loud ${i}`)
    quiet.status('quiet 2')
    await h.sync(loud)
    await h.sync(quiet)
    h.views.setHidden({ blocked: new Set(), muted: new Set([loud.key]) })
    const first = await h.views.timeline({ limit: 2 })
    assert.deepEqual(texts(first.items), ['quiet 2', 'quiet 1'])
    assert.equal(first.cursor, null)
    const one = await h.views.timeline({ limit: 1 })
    assert.deepEqual(texts(one.items), ['quiet 2'])
    assert.deepEqual(texts((await h.views.timeline({ limit: 1, cursor: one.cursor! })).items), ['quiet 1'])
  })

  it('suggests the people my follows follow, counted, without me, whom I follow, or the blocked', async () => {
    const [bob, carol, dan, erin, fay] = [1, 2, 3, 4, 5].map(() => new FakeFeed())
    dan!.profile('Dan')
    h.me.follow(bob!.key)
    h.me.follow(carol!.key)
    bob!.follow(dan!.key)
    carol!.follow(dan!.key)
    bob!.follow(erin!.key)
    bob!.follow(h.me.key)
    carol!.follow(bob!.key)
    carol!.follow(fay!.key)
    for (const f of [h.me, bob!, carol!, dan!]) await h.sync(f)
    h.views.setHidden({ blocked: new Set([fay!.key]), muted: new Set() })
    const found = await h.views.suggestions()
    assert.deepEqual(found.map((s) => [s.profile.key, s.count]), [[dan!.key, 2], [erin!.key, 1]])
    assert.equal(found[0]!.profile.name, 'Dan')
    assert.deepEqual(found[0]!.followedBy.map((a) => a.key).sort(), [bob!.key, carol!.key].sort())
  })
})
