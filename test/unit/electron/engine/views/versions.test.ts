import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { statusUri } from '../../../../../shared/keys.js'
import { FakeFeed, NOW, openHarness, snapshot, texts, type Harness } from './fixtures.js'

describe('Views: format versions', () => {
  let h: Harness
  before(async () => {
    h = await openHarness()
  })
  after(() => h.cleanup())

  it('does not apply the records of a feed written in a newer version, and does not call them invalid', async () => {
    const future = new FakeFeed()
    future.blocks[0] = new TextEncoder().encode(JSON.stringify({ type: 'header', protocol: 'rstatus', version: 2 }))
    future.status('written with rules we do not know')
    future.profile('From The Future')
    h.me.follow(future.key)
    await h.sync(h.me)
    const result = await h.sync(future)
    assert.equal(result.invalid, 0)
    assert.deepEqual(texts((await h.views.timeline()).items), [])
    assert.equal((await h.views.profile(future.key)).name, null)
    assert.equal(await h.views.indexedLength(future.key), future.length, 'the blocks count as indexed')
  })

  /** A feed whose header names version 2, holding a status, a profile, a follow and a block v1 calls invalid. */
  function futureFeed(): FakeFeed {
    const future = new FakeFeed()
    future.blocks[0] = new TextEncoder().encode(JSON.stringify({ type: 'header', protocol: 'rstatus', version: 2 }))
    future.status('a status')
    future.profile('From The Future')
    future.follow(h.me.key)
    future.appendRaw(JSON.stringify({ type: 'status', text: 'v2 may allow this', createdAt: 'soon' }))
    future.like(statusUri(h.me.key, 1))
    return future
  }

  it('counts nothing of a newer-version feed as invalid, however its blocks come', async () => {
    const future = futureFeed()
    await h.sync(future)
    assert.equal(await h.views.invalidCount(future.key), 0)
  })

  it('tells the newer version on the profile and in newerVersions(), and nothing for a version 1 feed', async () => {
    const future = futureFeed()
    const current = new FakeFeed()
    current.status('today')
    await h.sync(future)
    await h.sync(current)
    assert.equal((await h.views.profileView(future.key)).newerVersion, 2)
    assert.equal((await h.views.profileView(current.key)).newerVersion, undefined)
    assert.deepEqual(await h.views.newerVersions([future.key, current.key]), [2, null])
  })

  it('undoes what it read by version 1 rules when the header arrives after the blocks (a first sync)', async () => {
    const inOrder = await openHarness()
    const ahead = await openHarness()
    try {
      for (const x of [inOrder, ahead]) {
        x.me.status('mine')
        await x.sync(x.me)
      }
      const future = futureFeed()
      // The same feed, as another reader's: its like names that reader's status.
      const copy = { ...future, key: future.key, blocks: future.blocks } as FakeFeed
      await inOrder.views.index(future.key, 0, future.blocks, { now: NOW })
      const seqs = future.blocks.map((_, i) => i)
      await ahead.views.indexHeld(future.key, seqs.slice(1), future.blocks.slice(1), { now: NOW })
      assert.equal((await ahead.views.profile(future.key)).name, 'From The Future', 'read by version 1 rules so far')
      await ahead.views.indexHeld(future.key, [0], [future.blocks[0]!], { now: NOW })
      await ahead.views.advance(future.key, future.length)
      assert.equal((await ahead.views.profile(future.key)).name, null)
      assert.equal(await ahead.views.invalidCount(future.key), 0)
      const ofFuture = (all: unknown): unknown => Object.entries(all as object).filter(([k]) => k.includes(future.key) || k.startsWith('search'))
      assert.deepEqual(ofFuture(await snapshot(ahead.views, [copy], ['status'])), ofFuture(await snapshot(inOrder.views, [copy], ['status'])))
    } finally {
      await inOrder.cleanup()
      await ahead.cleanup()
    }
  })
})
