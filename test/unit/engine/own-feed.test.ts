import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import Corestore from 'corestore'
import { OwnFeed } from '../../../electron/engine/own-feed.js'
import { isRstatusError } from '../../../shared/errors.js'
import { decodeBlock } from '../../../shared/protocol/validate.js'
import { tmpDir } from '../../helpers/tmp.js'

describe('OwnFeed', () => {
  const tmp = tmpDir()
  let store: Corestore
  let feed: OwnFeed

  before(async () => {
    store = new Corestore(`${tmp.dir}/store`)
    feed = await OwnFeed.open(store, { restored: false })
  })
  after(async () => {
    await store.close()
    tmp.cleanup()
  })

  /** The record as a reader decodes it from the feed. */
  async function stored(seq: number): Promise<unknown> {
    const block = await feed.core.get(seq)
    assert.ok(block)
    const decoded = decodeBlock(block, { feed: feed.key, seq })
    assert.ok(decoded.ok)
    return decoded.record
  }

  it('writes a status in NFC, trimmed, with LF line breaks', async () => {
    const { seq } = await feed.append({ type: 'status', text: '  Cafe\u0301\r\nsecond line \n', createdAt: 1 })
    assert.deepEqual(await stored(seq), { type: 'status', text: 'Caf\u00e9\nsecond line', createdAt: 1 })
  })

  it('writes a profile name and bio in NFC, trimmed', async () => {
    const { seq } = await feed.append({ type: 'profile', name: ' Zoe\u0308 ', bio: ' gardener\r\n', createdAt: 2 })
    assert.deepEqual(await stored(seq), { type: 'profile', name: 'Zo\u00eb', bio: 'gardener', createdAt: 2 })
  })

  it('refuses raw control characters with INVALID_INPUT, and writes nothing', async () => {
    const length = feed.length
    for (const text of ['nul \u0000 here', 'escape \u001b[2J', 'delete \u007f']) {
      await assert.rejects(feed.append({ type: 'status', text }), (err: unknown) => {
        assert.ok(isRstatusError(err) && err.code === 'INVALID_INPUT')
        assert.match(err.message, /^Status text holds the control character U\+00[0-7][0-9A-F] \(only tab and line breaks are allowed\)$/)
        return true
      })
    }
    assert.equal(feed.length, length)
  })

  it('refuses text that is only white space once trimmed', async () => {
    await assert.rejects(feed.append({ type: 'status', text: ' \r\n\u3000' }), /Status text is empty/)
  })
})
