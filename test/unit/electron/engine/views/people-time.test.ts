import assert from 'node:assert/strict'
import { afterEach, beforeEach, describe, it } from 'node:test'
import { MAX_CLOCK_SKEW_MS } from '../../../../../shared/protocol/limits.js'
import { FakeFeed, NOW, openHarness, texts, type Harness } from './fixtures.js'

describe('Views: people and profiles', () => {
  let h: Harness
  beforeEach(async () => {
    h = await openHarness()
  })
  afterEach(() => h.cleanup())

  it('finds people by name prefix, case-insensitively, and by key prefix', async () => {
    const alice = new FakeFeed()
    const alina = new FakeFeed()
    const bob = new FakeFeed()
    alice.profile('Alice Liddell')
    alina.profile('alina')
    bob.profile('Bob')
    for (const f of [alice, alina, bob]) await h.sync(f)

    const names = (list: Array<{ name: string | null }>) => list.map((p) => p.name)
    assert.deepEqual(names(await h.views.people('AL')), ['Alice Liddell', 'alina'])
    assert.deepEqual(names(await h.views.people('@ali')), ['Alice Liddell', 'alina'])
    assert.deepEqual(names(await h.views.people('alic')), ['Alice Liddell'])
    assert.deepEqual(names(await h.views.people('al', 1)), ['Alice Liddell'])
    assert.deepEqual(names(await h.views.people('zed')), [])
    assert.deepEqual(names(await h.views.people('')), ['Alice Liddell', 'alina', 'Bob'])

    const byKey = await h.views.people(bob.key.slice(0, 10))
    assert.deepEqual(byKey.map((p) => p.key), [bob.key])
    assert.deepEqual((await h.views.people(`rstatus://${bob.key}`)).map((p) => p.key), [bob.key])
  })

  it('keeps the profile with the highest seq, whatever the order it arrives in', async () => {
    const alice = new FakeFeed()
    alice.profile('Old Name', 'old bio')
    alice.profile('New Name', 'new bio')
    alice.status('one')
    await h.views.index(alice.key, 2, alice.blocks.slice(2), { advance: false })
    await h.sync(alice)
    const p = await h.views.profile(alice.key)
    assert.deepEqual(p, { key: alice.key, uri: `rstatus://${alice.key}`, name: 'New Name', bio: 'new bio', statuses: 1 })
    assert.deepEqual(await h.views.people('old'), [], 'the old name leaves the name index')
    assert.equal((await h.views.people('new'))[0]?.key, alice.key)

    const nobody = new FakeFeed()
    assert.deepEqual(await h.views.profile(nobody.key), {
      key: nobody.key,
      uri: `rstatus://${nobody.key}`,
      name: null,
      bio: '',
      statuses: 0
    })
  })
})

describe('Views: time', () => {
  let h: Harness
  beforeEach(async () => {
    h = await openHarness()
  })
  afterEach(() => h.cleanup())

  it('clamps a far-future createdAt to first seen + the allowed skew, and keeps the first value on re-index', async () => {
    const liar = new FakeFeed()
    h.me.follow(liar.key)
    await h.sync(h.me)
    const farFuture = NOW + 365 * 24 * 3600 * 1000
    liar.status('from the future', { createdAt: farFuture })
    await h.sync(liar, { now: NOW })

    const [view] = (await h.views.timeline()).items
    assert.equal(view?.createdAt, farFuture, 'the claim is kept as written')
    assert.equal(view?.sortAt, NOW + MAX_CLOCK_SKEW_MS)

    // A later status takes the top once the clock passes the clamp.
    const later = NOW + MAX_CLOCK_SKEW_MS + 60_000
    liar.status('honest and later', { createdAt: later })
    await h.sync(liar, { now: later })
    assert.deepEqual(texts((await h.views.timeline()).items), ['honest and later', 'from the future'])

    await h.views.index(liar.key, 0, liar.blocks, { advance: false, now: later + 10 ** 9 })
    assert.equal((await h.views.status(liar.key, 1))?.sortAt, NOW + MAX_CLOCK_SKEW_MS, 'first seen is kept')
  })

  it('orders statuses with equal times by feed and seq, stably across pages', async () => {
    const a = new FakeFeed()
    const b = new FakeFeed()
    h.me.follow(a.key)
    h.me.follow(b.key)
    for (let i = 0; i < 5; i++) {
      a.status(`a${i}`, { createdAt: NOW - 1000 })
      b.status(`b${i}`, { createdAt: NOW - 1000 })
    }
    for (const f of [h.me, a, b]) await h.sync(f)
    const all = (await h.views.timeline()).items
    const paged = [
      ...(await h.views.timeline({ limit: 3 })).items,
      ...(await h.views.timeline({ limit: 3, cursor: (await h.views.timeline({ limit: 3 })).cursor! })).items
    ]
    assert.equal(all.length, 10)
    assert.deepEqual(texts(paged), texts(all).slice(0, 6))
    const [first, second] = [a.key, b.key].sort().reverse()
    assert.equal(all[0]!.feed, first)
    assert.deepEqual(texts(all.filter((s) => s.feed === second)), ['4', '3', '2', '1', '0'].map((n) => `${second === a.key ? 'a' : 'b'}${n}`))
  })
})
