// The views' read cache: a value is never older than the database, whatever the order of reads and writes,
// and the cache stays bounded.
import assert from 'node:assert/strict'
import { afterEach, describe, it } from 'node:test'
import { ReadCache } from '../../../../../electron/engine/views/read-cache.js'
import { FakeFeed, NOW, openHarness, type Harness } from './fixtures.js'

describe('ReadCache', () => {
  it('keeps what a read found, and drops a key when it is written', () => {
    const cache = new ReadCache()
    cache.fill(cache.now, ['a', 'b'], ['1', null])
    assert.equal(cache.get('a'), '1')
    assert.equal(cache.get('b'), null, 'a missing key is remembered as missing')
    assert.equal(cache.get('c'), undefined)
    cache.writing(['a'])
    assert.equal(cache.get('a'), undefined)
    assert.equal(cache.get('b'), null, 'other keys stay')
  })

  it('does not keep a read that overlapped a write', () => {
    const cache = new ReadCache()
    const before = cache.now
    cache.writing(['a'])
    cache.fill(before, ['a'], ['old'])
    assert.equal(cache.get('a'), undefined, 'read before the write began, answered after')
    const during = cache.now
    cache.writing([]) // the write is done
    cache.fill(during, ['a'], ['maybe old'])
    assert.equal(cache.get('a'), undefined, 'read while the write was in flight')
    cache.fill(cache.now, ['a'], ['new'])
    assert.equal(cache.get('a'), 'new')
  })

  it('holds at most 16,384 entries, dropping the oldest filled', () => {
    const cache = new ReadCache()
    const keys = Array.from({ length: 20_000 }, (_, i) => `k${i}`)
    cache.fill(cache.now, keys, keys)
    assert.equal(cache.get('k0'), undefined)
    assert.equal(cache.get('k3615'), undefined)
    assert.equal(cache.get('k3616'), 'k3616')
    assert.equal(cache.get('k19999'), 'k19999')
  })
})

describe('Views with the read cache', () => {
  let h: Harness
  afterEach(() => h.cleanup())

  it('answers from what was written since, for pages read again and again', async () => {
    h = await openHarness()
    const alice = new FakeFeed()
    h.me.follow(alice.key)
    alice.profile('Alice')
    const first = alice.status('first words')
    await h.sync(h.me)
    await h.sync(alice)
    const page = async () => (await h.views.timeline({ limit: 10 })).items.map((s) => `${s.author.name}: ${s.text} (${s.counts.likes})`)
    assert.deepEqual(await page(), ['Alice: first words (0)'])
    assert.deepEqual(await page(), ['Alice: first words (0)'], 'the second read comes from the cache')

    alice.profile('Alice B.')
    h.me.like(first)
    await h.sync(alice)
    await h.sync(h.me)
    assert.deepEqual(await page(), ['Alice B.: first words (1)'])

    alice.delete(first)
    // A read racing the write: whatever it returns, the read after the write sees the delete.
    const racing = page()
    await h.sync(alice, { now: NOW })
    await racing
    assert.deepEqual(await page(), [])
    assert.equal(await h.views.status(alice.key, 2), null)
  })
})
