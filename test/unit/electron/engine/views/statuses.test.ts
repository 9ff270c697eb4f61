import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { statusUri } from '../../../../../shared/keys.js'
import { FakeFeed, T0, allPages, openHarness, texts, type Harness } from './fixtures.js'

describe('Views: statuses', () => {
  let h: Harness
  before(async () => {
    h = await openHarness()
  })
  after(() => h.cleanup())

  it('shows my status in home, on my profile and by its link, with its derived data', async () => {
    const uri = h.me.status('hello #World from me')
    const result = await h.sync(h.me)
    assert.equal(result.added, 1)
    assert.equal(result.invalid, 0)
    assert.equal(result.changed, true)

    const home = await h.views.timeline()
    assert.deepEqual(texts(home.items), ['hello #World from me'])
    assert.equal(home.cursor, null)
    const view = home.items[0]!
    assert.equal(view.uri, uri)
    assert.equal(view.feed, h.me.key)
    assert.equal(view.seq, 1)
    assert.equal(view.type, 'status')
    assert.ok(view.createdAt > T0)
    assert.equal(view.sortAt, view.createdAt)
    assert.deepEqual(view.author, { key: h.me.key, name: null })
    assert.deepEqual(view.counts, { likes: 0, reposts: 0, replies: 0 })
    assert.equal(view.likedByMe, false)
    assert.equal(view.repostedByMe, false)
    assert.equal(view.replyTo, undefined)

    assert.deepEqual(await h.views.status(h.me.key, 1), view)
    assert.equal(await h.views.status(h.me.key, 0), null, 'the header is not a status')
    assert.equal(await h.views.status(h.me.key, 99), null)
    assert.deepEqual(texts((await h.views.profileStatuses(h.me.key)).items), ['hello #World from me'])
    assert.equal((await h.views.profile(h.me.key)).statuses, 1)
    assert.equal(await h.views.indexedLength(h.me.key), 2)
  })

  it('counts a reply on its parent, puts it in the thread, and notifies the parent author', async () => {
    const bob = new FakeFeed()
    bob.profile('Bob')
    h.me.follow(bob.key) // replies from strangers are requests, not notifications (requests.test.ts)
    const root = statusUri(h.me.key, 1)
    const r1 = bob.reply(root, 'first reply')
    const mine = h.me.reply(r1, 'my answer', root)
    await h.sync(h.me)
    const result = await h.sync(bob)
    assert.deepEqual(result.referenced, [], 'every referenced status is held')

    const parent = await h.views.status(h.me.key, 1)
    assert.equal(parent?.counts.replies, 1)
    assert.equal((await h.views.status(bob.key, 2))?.counts.replies, 1)

    const thread = await h.views.thread(mine)
    assert.equal(thread.root?.uri, root)
    assert.equal(thread.focus?.uri, mine)
    assert.deepEqual(texts(thread.replies), ['first reply', 'my answer'])
    assert.equal(thread.replies[0]!.replyTo, root)
    assert.equal(thread.replies[0]!.root, root)
    assert.equal(thread.replies[0]!.author.name, 'Bob')

    const fromRoot = await h.views.thread(root)
    assert.equal(fromRoot.root?.uri, root)
    assert.equal(fromRoot.focus?.uri, root)
    assert.equal(fromRoot.replies.length, 2)

    const n = await h.views.notifications()
    assert.deepEqual(n.items.map((x) => [x.kind, x.from.name, x.uri, x.subject, x.status?.text]), [
      ['reply', 'Bob', r1, root, 'first reply']
    ])
  })

  it('lists replies whose root we lack, with root null, and returns the missing links as referenced', async () => {
    const carol = new FakeFeed()
    const stranger = new FakeFeed()
    const unknownRoot = statusUri(stranger.key, 5)
    const unknownParent = statusUri(stranger.key, 7)
    const reply = carol.reply(unknownParent, 'answering someone we do not follow', unknownRoot)
    const result = await h.sync(carol)
    assert.deepEqual(result.referenced.sort(), [unknownParent, unknownRoot].sort())

    const thread = await h.views.thread(reply)
    assert.equal(thread.root, null)
    assert.equal(thread.focus?.text, 'answering someone we do not follow')
    assert.deepEqual(texts(thread.replies), ['answering someone we do not follow'])
    assert.deepEqual(texts((await h.views.profileStatuses(carol.key)).items), ['answering someone we do not follow'])
    assert.deepEqual(await h.views.thread(statusUri(stranger.key, 9)), { root: null, focus: null, replies: [] })
  })

  it('finds statuses by hashtag (case-insensitive, without "#") and by every word of a search', async () => {
    const dan = new FakeFeed()
    dan.status('Cats are great #Pets')
    dan.status('dogs are great too #pets #dogs')
    dan.status('nothing to see')
    await h.sync(dan)

    assert.deepEqual(texts((await h.views.hashtag('pets')).items), ['dogs are great too #pets #dogs', 'Cats are great #Pets'])
    assert.deepEqual(texts((await h.views.hashtag('#PETS')).items).length, 2)
    assert.deepEqual(texts((await h.views.hashtag('dogs')).items), ['dogs are great too #pets #dogs'])
    assert.deepEqual((await h.views.hashtag('unknown')).items, [])
    assert.deepEqual((await h.views.hashtag('#')).items, [])

    assert.deepEqual(texts((await h.views.search('GREAT')).items), ['dogs are great too #pets #dogs', 'Cats are great #Pets'])
    assert.deepEqual(texts((await h.views.search('great cats')).items), ['Cats are great #Pets'])
    assert.deepEqual(texts((await h.views.search('world')).items), ['hello #World from me'])
    assert.deepEqual((await h.views.search('great unicorns')).items, [])
    assert.deepEqual((await h.views.search('a')).items, [], 'one-letter words are not indexed')
  })

  it('pages a multi-word search without duplicates', async () => {
    const erin = new FakeFeed()
    for (let i = 0; i < 12; i++) erin.status(i % 3 === 0 ? `apple banana ${i}` : `apple only ${i}`)
    await h.sync(erin)
    const found = await allPages((cursor) => h.views.search('banana apple', { limit: 2, ...(cursor ? { cursor } : {}) }))
    assert.deepEqual(texts(found), ['apple banana 9', 'apple banana 6', 'apple banana 3', 'apple banana 0'])
  })

  it('lists statuses that mention me, and notifies me once per status', async () => {
    const fay = new FakeFeed()
    h.me.follow(fay.key)
    fay.status('hi @me', { mentions: [{ key: h.me.key, name: 'me' }] })
    fay.status('hi @someone', { mentions: [{ key: fay.key, name: 'someone' }] })
    h.me.status('I mention @me myself', { mentions: [{ key: h.me.key, name: 'me' }] })
    await h.sync(fay)
    await h.sync(h.me)
    assert.deepEqual(texts((await h.views.mentions()).items), ['I mention @me myself', 'hi @me'])
    const n = await h.views.notifications()
    assert.deepEqual(
      n.items.map((x) => [x.kind, x.status?.text]),
      [
        ['mention', 'hi @me'],
        ['reply', 'first reply']
      ],
      'no notification for mentioning myself or someone else'
    )
    assert.deepEqual(n.items[0]!.status?.mentions, [{ key: h.me.key, name: 'me', profileName: null, nameShared: false }])
  })

  it('names mentioned people and replied-to authors from the profiles held, and says when a name is shared', async () => {
    const [ada, otherAda, cyrus] = [new FakeFeed(), new FakeFeed(), new FakeFeed()]
    ada.profile('Ada')
    otherAda.profile('ada')
    cyrus.profile('Cyrus')
    const hers = ada.status('hello')
    const stranger = new FakeFeed()
    cyrus.status('hi @ally and @cyrus', { mentions: [{ key: ada.key, name: 'ally' }, { key: cyrus.key, name: 'cyrus' }, { key: stranger.key, name: 'who' }] })
    cyrus.reply(hers, 'answering Ada')
    for (const f of [ada, otherAda, cyrus]) await h.sync(f)
    const [reply, mention] = (await h.views.profileStatuses(cyrus.key)).items
    assert.deepEqual(mention?.mentions, [
      { key: ada.key, name: 'ally', profileName: 'Ada', nameShared: true },
      { key: cyrus.key, name: 'cyrus', profileName: 'Cyrus', nameShared: false },
      { key: stranger.key, name: 'who', profileName: null, nameShared: false }
    ])
    assert.deepEqual(reply?.replyToAuthor, { key: ada.key, name: 'Ada' })
  })

  it('lists a profile’s statuses by date, as home does, whatever their order in the feed', async () => {
    const feed = new FakeFeed()
    feed.status('written today')
    feed.status('imported from 2019', { createdAt: Date.UTC(2019, 4, 1) })
    await h.sync(feed)
    assert.deepEqual(texts((await h.views.profileStatuses(feed.key)).items), ['written today', 'imported from 2019'])
  })

  it('skips and counts a status that holds a raw control character, and shows its neighbours', async () => {
    const feed = new FakeFeed()
    await h.views.index(feed.key, 0, [feed.blocks[0]!], { now: T0 })
    const before = await h.views.invalidCount(feed.key)
    feed.status('before')
    feed.appendRaw(JSON.stringify({ type: 'status', text: 'clear the screen \u001b[2J', createdAt: T0 }))
    feed.appendRaw(JSON.stringify({ type: 'status', text: 'nul \u0000 inside', createdAt: T0 }))
    feed.status('after')
    const result = await h.sync(feed)
    assert.equal(result.invalid, 2)
    assert.equal(await h.views.invalidCount(feed.key), before + 2)
    assert.deepEqual(texts((await h.views.profileStatuses(feed.key)).items), ['after', 'before'])
  })

  it('breaks sortAt ties by the greater feed key, then the greater seq, newest first; threads the reverse', async () => {
    const [low, high] = [new FakeFeed(), new FakeFeed()].sort((a, b) => (a.key < b.key ? -1 : 1)) as [FakeFeed, FakeFeed]
    const at = T0 + 777_000
    const root = low.status('root', { createdAt: at - 1 })
    for (const f of [low, high]) {
      f.status(`${f === low ? 'low' : 'high'} a`, { createdAt: at, replyTo: root, root })
      f.status(`${f === low ? 'low' : 'high'} b`, { createdAt: at, replyTo: root, root })
    }
    h.me.follow(low.key)
    h.me.follow(high.key)
    await h.sync(h.me)
    await h.sync(high)
    await h.sync(low)
    const home = texts((await h.views.timeline({ limit: 500 })).items).filter((t) => / [ab]$/.test(t))
    assert.deepEqual(home, ['high b', 'high a', 'low b', 'low a'])
    assert.deepEqual(texts((await h.views.thread(root)).replies), ['low a', 'low b', 'high a', 'high b'])
  })
})
