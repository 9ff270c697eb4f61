// Edits, polls, pins, quotes and content warnings as the views show them (the convergence tests show that
// each ends the same in any order of arrival).
import assert from 'node:assert/strict'
import { afterEach, beforeEach, describe, it } from 'node:test'
import { parseStatusUri } from '../../../../../shared/keys.js'
import { FakeFeed, openHarness, viewOf, type Harness } from './fixtures.js'

describe('Views: the post grown up', () => {
  let h: Harness
  let alice: FakeFeed
  let bob: FakeFeed
  beforeEach(async () => {
    h = await openHarness()
    alice = new FakeFeed()
    bob = new FakeFeed()
    h.me.follow(alice.key)
    h.me.follow(bob.key)
    await h.sync(h.me)
  })
  afterEach(() => h.cleanup())

  it('shows a content warning and sensitive media as the status carries them', async () => {
    const uri = alice.append({ type: 'status', text: 'it was him all along', cw: 'film spoilers', sensitive: true })
    await h.sync(alice)
    const view = await viewOf(h.views, uri)
    assert.equal(view?.cw, 'film spoilers')
    assert.equal(view?.sensitive, true)
  })

  it('shows the latest edit, marked edited, keeps the link and seq, and lists the history', async () => {
    const uri = alice.status('frist post')
    alice.append({ type: 'edit', of: uri, text: 'first post' })
    alice.append({ type: 'edit', of: uri, text: 'first post!', cw: 'enthusiasm' })
    await h.sync(alice)
    const view = await viewOf(h.views, uri)
    assert.equal(view?.uri, uri)
    assert.equal(view?.text, 'first post!')
    assert.equal(view?.cw, 'enthusiasm')
    assert.equal(typeof view?.edited, 'number')
    assert.deepEqual((await h.views.timeline()).items.map((s) => s.text), ['first post!'])
    assert.deepEqual((await h.views.history(alice.key, parseStatusUri(uri).seq)).map((v) => v.text), ['frist post', 'first post', 'first post!'])
  })

  it('counts an edit of another feed\'s status as invalid and changes nothing', async () => {
    const uri = bob.status('bob wrote this')
    await h.sync(bob)
    alice.append({ type: 'edit', of: uri, text: 'alice rewrote it' })
    const result = await h.sync(alice)
    assert.equal(result.invalid, 1)
    assert.equal((await viewOf(h.views, uri))?.text, 'bob wrote this')
    assert.equal((await viewOf(h.views, uri))?.edited, undefined)
  })

  it('does not notify again when a status that mentions me is edited', async () => {
    const uri = alice.status('hi @me', { mentions: [{ key: h.me.key, name: 'me' }] })
    await h.sync(alice)
    alice.append({ type: 'edit', of: uri, text: 'hello @me', mentions: [{ key: h.me.key, name: 'me' }] })
    await h.sync(alice)
    const n = await h.views.notifications()
    assert.equal(n.items.length, 1)
    assert.equal(n.unread, 1)
    assert.equal(n.items[0]?.status?.text, 'hello @me')
  })

  it('counts the last vote of each voter before the end, and says which is mine', async () => {
    const { uri, endsAt } = alice.poll('tea or coffee?', ['tea', 'coffee', 'water'])
    bob.append({ type: 'vote', of: uri, choice: 1 })
    bob.append({ type: 'vote', of: uri, choice: 2 })
    bob.append({ type: 'vote', of: uri, choice: 1, createdAt: endsAt + 1 })
    h.me.append({ type: 'vote', of: uri, choice: 3 })
    alice.append({ type: 'vote', of: uri, choice: 4 })
    await h.sync(alice)
    await h.sync(bob)
    await h.sync(h.me)
    const poll = (await viewOf(h.views, uri))?.poll
    assert.deepEqual(poll, {
      choices: [
        { text: 'tea', votes: 0 },
        { text: 'coffee', votes: 1 },
        { text: 'water', votes: 1 }
      ],
      voters: 2,
      mine: 3,
      endsAt
    })
  })

  it('pins up to three statuses, the latest pin first; an unpin takes one off', async () => {
    const s = [1, 2, 3, 4].map((i) => alice.status(`status ${i}`))
    for (const uri of s) alice.append({ type: 'pin', of: uri })
    alice.append({ type: 'unpin', of: s[3]! })
    alice.append({ type: 'pin', of: s[0]! })
    await h.sync(alice)
    assert.deepEqual((await h.views.pinned(alice.key)).map((v) => v.text), ['status 1', 'status 3', 'status 2'])
    alice.delete(s[0]!)
    await h.sync(alice)
    assert.deepEqual((await h.views.pinned(alice.key)).map((v) => v.text), ['status 3', 'status 2'])
  })

  it('shows a quoted status, or why not: deleted, unavailable, or not allowed by its author', async () => {
    const mine = h.me.status('my thoughts')
    const gone = bob.status('bob regrets this')
    bob.delete(gone)
    const ok = alice.append({ type: 'status', text: 'quoting you', quote: mine })
    const deleted = alice.append({ type: 'status', text: 'quoting a deleted one', quote: gone })
    const unheld = alice.append({ type: 'status', text: 'quoting the unknown', quote: `rstatus://${new FakeFeed().key}/1` })
    await h.sync(h.me)
    await h.sync(bob)
    const result = await h.sync(alice)
    assert.ok(result.referenced.length >= 1, 'a quoted status we lack is fetched')
    assert.deepEqual((await viewOf(h.views, ok))?.quote, { uri: mine, author: h.me.key, text: 'my thoughts' })
    assert.deepEqual((await viewOf(h.views, deleted))?.quote, { uri: gone, state: 'deleted' })
    assert.equal(((await viewOf(h.views, unheld))?.quote as { state?: string }).state, 'unavailable')
    assert.equal((await viewOf(h.views, mine))?.counts.quotes, 1)
    assert.deepEqual((await h.views.quotes(h.me.key, parseStatusUri(mine).seq)).map((v) => v.uri), [ok])
    const n = (await h.views.notifications()).items
    assert.deepEqual(n.map((x) => [x.kind, x.uri]), [['quote', ok]])

    const b = bob.status('do not quote me')
    bob.append({ type: 'profile', name: 'Bob', quotable: false })
    const refused = alice.append({ type: 'status', text: 'quoting bob', quote: b })
    await h.sync(bob)
    await h.sync(alice)
    assert.deepEqual((await viewOf(h.views, refused))?.quote, { uri: b, state: 'not-allowed' })
  })
})
