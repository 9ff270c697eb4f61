import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { FakeFeed, openHarness, texts, type Harness } from './fixtures.js'

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
})
