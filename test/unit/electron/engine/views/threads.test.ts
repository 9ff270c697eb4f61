import assert from 'node:assert/strict'
import { afterEach, beforeEach, describe, it } from 'node:test'
import { FakeFeed, NOW, openHarness, texts, type Harness } from './fixtures.js'

describe('Views: which thread a reply is in', () => {
  let h: Harness
  let alice: FakeFeed
  let bob: FakeFeed
  let mallory: FakeFeed
  beforeEach(async () => {
    h = await openHarness()
    alice = new FakeFeed()
    bob = new FakeFeed()
    mallory = new FakeFeed()
  })
  afterEach(() => h.cleanup())

  it('puts a reply in the thread of its root when its parent is that root or is in that thread', async () => {
    const root = alice.status('root')
    const b = bob.reply(root, 'b answers the root')
    const c = alice.reply(b, 'c answers b', root)
    await h.sync(alice)
    await h.sync(bob)
    assert.deepEqual(texts((await h.views.thread(root)).replies), ['b answers the root', 'c answers b'])
    assert.equal((await h.views.thread(c)).root?.uri, root)
  })

  it('keeps out a hostile reply that names a thread its parent is not in, and its descendants', async () => {
    const root = alice.status('the thread')
    const unrelated = bob.status('something else')
    // Mallory answers bob's status but names alice's thread as root, then answers herself under the same claim.
    const claim = mallory.reply(unrelated, 'I claim your thread', root)
    mallory.reply(claim, 'and so do I', root)
    await h.sync(alice)
    await h.sync(bob)
    await h.sync(mallory)
    assert.deepEqual((await h.views.thread(root)).replies, [])
    const asked = await h.views.thread(claim)
    assert.deepEqual(texts(asked.replies), ['I claim your thread'], 'the status asked for is still shown')
  })

  it('gives the same thread whichever order the chain arrives in', async () => {
    const root = alice.status('root')
    const b = bob.reply(root, 'b')
    const c = mallory.reply(b, 'c', root)
    mallory.reply(c, 'd', root)
    // Deepest first: each reply waits for its parent, then joins with the ones waiting on it.
    await h.views.index(mallory.key, 0, mallory.blocks, { now: NOW })
    assert.deepEqual((await h.views.thread(root)).replies, [])
    await h.views.index(bob.key, 0, bob.blocks, { now: NOW })
    assert.deepEqual(texts((await h.views.thread(root)).replies), ['b', 'c', 'd'])
    await h.views.index(alice.key, 0, alice.blocks, { now: NOW })
    assert.deepEqual(texts((await h.views.thread(root)).replies), ['b', 'c', 'd'])
  })

  it('keeps a reply in its thread when the parent it came through is deleted', async () => {
    const root = alice.status('root')
    const b = bob.reply(root, 'b')
    alice.reply(b, 'c', root)
    bob.delete(b)
    // The delete arrives before b: b is never shown, and c still joins through it.
    await h.views.index(bob.key, 0, bob.blocks, { now: NOW })
    await h.sync(alice)
    assert.deepEqual(texts((await h.views.thread(root)).replies), ['c'])
  })

  it('takes a reply out of the thread when the feed it came through is removed', async () => {
    const root = alice.status('root')
    const b = bob.reply(root, 'b')
    alice.reply(b, 'c', root)
    await h.sync(alice)
    await h.sync(bob)
    await h.views.removeFeed(bob.key)
    assert.deepEqual((await h.views.thread(root)).replies, [])
    await h.sync(bob)
    assert.deepEqual(texts((await h.views.thread(root)).replies), ['b', 'c'])
  })
})
