import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { MAX_CLOCK_SKEW_MS } from '../../../../../shared/protocol/limits.js'
import { dataPaths } from '../../../../../electron/platform/data-dir.js'
import { FirstSeenStore, firstSeenDir } from '../../../../../electron/engine/views/first-seen.js'
import { FakeFeed, NOW, openHarness, viewOf, type Harness } from './fixtures.js'

const HOUR = 3_600_000

describe('Views: first sightings survive a rebuild', () => {
  let h: Harness
  before(async () => {
    h = await openHarness()
  })
  after(() => h.cleanup())

  /** What `rstatus reindex` does to the views: deletes their folder, opens them afresh, indexes again. */
  async function rebuild(feeds: FakeFeed[], now: number): Promise<void> {
    await h.views.close()
    fs.rmSync(path.join(h.dir, 'views'), { recursive: true, force: true })
    await h.reopen()
    for (const f of feeds) await h.sync(f, { now })
  }

  it('keeps a status from the future at first seen + 10 minutes after a reindex a day later', async () => {
    const future = new FakeFeed()
    h.me.follow(future.key)
    const uri = future.status('dated in the year 3000', { createdAt: 32_503_680_000_000 })
    const soon = future.status('dated one hour ahead', { createdAt: NOW + HOUR })
    await h.sync(h.me, { now: NOW })
    await h.sync(future, { now: NOW })
    assert.equal((await viewOf(h.views, uri))?.sortAt, NOW + MAX_CLOCK_SKEW_MS)
    assert.equal((await viewOf(h.views, soon))?.sortAt, NOW + MAX_CLOCK_SKEW_MS)

    await rebuild([h.me, future], NOW + 24 * HOUR)
    assert.equal((await viewOf(h.views, uri))?.sortAt, NOW + MAX_CLOCK_SKEW_MS, 'not moved to the rebuild time')
    assert.equal((await viewOf(h.views, soon))?.sortAt, NOW + MAX_CLOCK_SKEW_MS, 'not its createdAt, now that it has passed')
    const home = await h.views.timeline()
    assert.deepEqual(home.items.slice(0, 2).map((s) => s.uri).sort(), [soon, uri].sort())
  })

  it('stores nothing for a status dated honestly, and still sorts it by its createdAt after a rebuild', async () => {
    const honest = new FakeFeed()
    const uri = honest.status('written now', { createdAt: NOW - 1000 })
    const skewed = honest.status('a clock 5 minutes fast', { createdAt: NOW + 5 * 60_000 })
    await h.sync(honest, { now: NOW })
    await rebuild([honest], NOW + 24 * HOUR)
    assert.equal((await viewOf(h.views, uri))?.sortAt, NOW - 1000)
    assert.equal((await viewOf(h.views, skewed))?.sortAt, NOW + 5 * 60_000)
    await h.views.close()
    const store = await FirstSeenStore.open(firstSeenDir(path.join(h.dir, 'views')))
    try {
      assert.deepEqual([...(await store.range(honest.key, 0, honest.length))], [])
    } finally {
      await store.close()
      await h.reopen()
    }
  })

  it('keeps the first sighting when a block is indexed again out of order', async () => {
    const feed = new FakeFeed()
    const uri = feed.status('ahead', { createdAt: NOW + 2 * HOUR })
    await h.views.indexHeld(feed.key, [1], [feed.blocks[1]!], { now: NOW })
    await rebuild([], NOW)
    await h.sync(feed, { now: NOW + HOUR })
    assert.equal((await viewOf(h.views, uri))?.sortAt, NOW + MAX_CLOCK_SKEW_MS)
  })

  it('sits where the data directory says, beside the views folder that reindex deletes', () => {
    const paths = dataPaths('/data')
    assert.equal(firstSeenDir(paths.views), paths.firstSeen)
    assert.notEqual(path.dirname(paths.firstSeen) + path.sep, paths.views + path.sep, 'not inside the views folder')
  })
})
