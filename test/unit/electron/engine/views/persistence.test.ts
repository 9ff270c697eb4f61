import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { afterEach, beforeEach, describe, it } from 'node:test'
import { Views } from '../../../../../electron/engine/views/views.js'
import { FakeFeed, NOW, openHarness, snapshot, texts, type Harness } from './fixtures.js'

describe('Views: progress, invalid blocks and restarts', () => {
  let h: Harness
  beforeEach(async () => {
    h = await openHarness()
  })
  afterEach(() => h.cleanup())

  it('keeps the indexed length and the views across close and reopen', async () => {
    const alice = new FakeFeed()
    h.me.follow(alice.key)
    alice.status('persisted')
    await h.sync(h.me)
    await h.sync(alice)
    await h.reopen()
    assert.equal(await h.views.indexedLength(alice.key), 2)
    assert.equal(await h.views.indexedLength(h.me.key), 2)
    assert.equal(await h.views.indexedLength(new FakeFeed().key), 0)
    assert.deepEqual(texts((await h.views.timeline()).items), ['persisted'])
    assert.deepEqual(await h.views.following(h.me.key), [alice.key])
  })

  it('skips and counts blocks that break the format, once each, and skips unknown types silently', async () => {
    const alice = new FakeFeed()
    alice.appendRaw('not json')
    alice.status('fine')
    alice.appendRaw(new Uint8Array([0xff, 0xfe]))
    alice.appendRaw('{"type":"status","text":"x","createdAt":-1}')
    alice.appendRaw('{"type":"header","protocol":"rstatus","version":1}')
    alice.appendRaw('{"type":"future-thing","x":1}')
    alice.appendRaw(new Uint8Array(0))
    const result = await h.sync(alice)
    assert.equal(result.invalid, 5)
    assert.equal(result.added, 1)
    assert.equal(await h.views.invalidCount(alice.key), 5)
    assert.equal(await h.views.indexedLength(alice.key), alice.length)
    assert.deepEqual(texts((await h.views.profileStatuses(alice.key)).items), ['fine'])

    const again = await h.views.index(alice.key, 0, alice.blocks)
    assert.equal(again.invalid, 0, 'an invalid block is counted once')
    await h.reopen()
    assert.equal(await h.views.invalidCount(alice.key), 5)
  })

  it('counts a wrong header at block 0 as invalid', async () => {
    const bad = new FakeFeed()
    bad.blocks[0] = new TextEncoder().encode('{"type":"header","protocol":"other","version":1}')
    bad.status('after a bad header')
    const result = await h.sync(bad)
    assert.equal(result.invalid, 1)
    assert.equal((await h.views.profile(bad.key)).statuses, 1)
  })

  it('resumes from the stored length after stopping between batches, and ends where one run ends', async () => {
    const alice = new FakeFeed()
    h.me.follow(alice.key)
    for (let i = 0; i < 30; i++) alice.status(`s${i} #batch`)
    alice.like(`rstatus://${alice.key}/3`)
    await h.sync(h.me)

    await h.views.index(alice.key, 0, alice.blocks.slice(0, 10), { now: NOW })
    // A "crash": the process stops with a batch in flight; the views are closed without indexing the rest.
    const inFlight = h.views.index(alice.key, 10, alice.blocks.slice(10, 20), { now: NOW })
    await h.views.close()
    await inFlight.catch(() => {})
    h.views = await Views.open(path.join(h.dir, 'views'), { me: h.me.key })
    const resumeAt = await h.views.indexedLength(alice.key)
    assert.ok(resumeAt === 10 || resumeAt === 20, `resumes at a batch boundary, got ${resumeAt}`)
    await h.views.index(alice.key, resumeAt, alice.blocks.slice(resumeAt), { now: NOW })
    assert.equal(await h.views.indexedLength(alice.key), alice.length)

    const oneRun = await openHarness(h.me)
    try {
      await oneRun.sync(h.me)
      await oneRun.sync(alice)
      assert.deepEqual(await snapshot(h.views, [h.me, alice], ['batch']), await snapshot(oneRun.views, [h.me, alice], ['batch']))
    } finally {
      await oneRun.cleanup()
    }
  })

  it('refuses an advancing batch that would leave a gap, and lets an out-of-order one through', async () => {
    const alice = new FakeFeed()
    alice.status('one')
    alice.status('two')
    await assert.rejects(h.views.index(alice.key, 2, alice.blocks.slice(2)), /must continue from block 0/)
    await h.views.index(alice.key, 2, alice.blocks.slice(2), { advance: false })
    assert.equal(await h.views.indexedLength(alice.key), 0)
    assert.deepEqual(texts((await h.views.profileStatuses(alice.key)).items), ['two'])
    await h.sync(alice)
    assert.equal(await h.views.indexedLength(alice.key), 3)
    assert.deepEqual(texts((await h.views.profileStatuses(alice.key)).items), ['two', 'one'])
  })

  it('starts over when the views were built for another user', async () => {
    h.me.status('mine')
    await h.sync(h.me)
    await h.views.close()
    const other = new FakeFeed()
    h.views = await Views.open(path.join(h.dir, 'views'), { me: other.key })
    assert.equal(h.views.rebuilt, true)
    assert.equal(await h.views.indexedLength(h.me.key), 0)
    assert.deepEqual((await h.views.timeline()).items, [])
    await h.views.close()
    h.views = await Views.open(path.join(h.dir, 'views'), { me: other.key })
    assert.equal(h.views.rebuilt, false)
  })

  it('starts over when the folder is corrupt, but not when another process holds it', async () => {
    h.me.status('mine')
    await h.sync(h.me)
    const dir = path.join(h.dir, 'views')
    await assert.rejects(Views.open(dir, { me: h.me.key }), /lock/i, 'a held folder is never wiped')
    assert.equal(await h.views.indexedLength(h.me.key), 2)
    await h.views.close()

    for (const file of fs.readdirSync(dir)) {
      if (/^(CURRENT|MANIFEST)/.test(file)) fs.writeFileSync(path.join(dir, file), 'garbage')
    }
    h.views = await Views.open(dir, { me: h.me.key })
    assert.equal(h.views.rebuilt, true)
    assert.equal(await h.views.indexedLength(h.me.key), 0)
    await h.sync(h.me)
    assert.deepEqual(texts((await h.views.timeline()).items), ['mine'])
  })

  it('forgets a removed feed entirely, and can index it again', async () => {
    const alice = new FakeFeed()
    const bob = new FakeFeed()
    h.me.follow(alice.key)
    const a1 = alice.status('alice #x')
    alice.profile('Alice')
    alice.follow(h.me.key)
    bob.repost(a1)
    const mine = h.me.status('mine')
    alice.like(mine)
    await h.sync(h.me)
    await h.sync(bob)
    await h.sync(alice)
    const before = await snapshot(h.views, [h.me, alice, bob], ['x'])

    const removed = await h.views.removeFeed(alice.key)
    assert.equal(removed.removed, 1)
    assert.equal(await h.views.indexedLength(alice.key), 0)
    assert.deepEqual(texts((await h.views.timeline()).items), ['mine'])
    assert.deepEqual(await h.views.followers(h.me.key), [])
    assert.equal((await h.views.status(h.me.key, 2))?.counts.likes, 0)
    assert.deepEqual((await h.views.notifications()).items, [])
    assert.equal((await h.views.profile(alice.key)).name, null)
    assert.deepEqual((await h.views.hashtag('x')).items, [])
    await assert.rejects(h.views.removeFeed(h.me.key), /own feed/)

    await h.sync(alice)
    assert.deepEqual(await snapshot(h.views, [h.me, alice, bob], ['x']), before)
  })
})
