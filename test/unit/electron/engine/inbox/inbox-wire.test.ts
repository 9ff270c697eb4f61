import assert from 'node:assert/strict'
import crypto from 'node:crypto'
import { describe, it } from 'node:test'
import ids from 'hypercore-id-encoding'
import { statusUri } from '../../../../../shared/keys.js'
import { encodeRecord } from '../../../../../shared/protocol/encode.js'
import type { FeedRecord } from '../../../../../shared/protocol/records.js'
import { addressedTo, inboxTopic, itemsFromWire, keysFromWire, keysToWire, MAX_ITEMS } from '../../../../../electron/engine/inbox/inbox-wire.js'
import { RateLimit } from '../../../../../electron/engine/inbox/rate-limit.js'
import { Outbox, OUTBOX_DAYS } from '../../../../../electron/engine/inbox/outbox.js'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

const key = () => ids.encode(crypto.randomBytes(32))
const block = (r: Record<string, unknown>) => encodeRecord({ createdAt: 1, ...r } as unknown as FeedRecord)

describe('the inbox wire (PROTOCOL.md "Inbox")', () => {
  it('derives a topic from a key: SHA-256 of "rstatus-inbox" and the key bytes', () => {
    const k = key()
    const expected = crypto.createHash('sha256').update(Buffer.concat([Buffer.from('rstatus-inbox'), ids.decode(k)])).digest()
    assert.deepEqual(inboxTopic(k), expected)
    assert.notDeepEqual(inboxTopic(k), inboxTopic(key()))
  })

  it('carries keys as 32 bytes, at most 16 per ask', () => {
    const keys = Array.from({ length: 20 }, key)
    assert.deepEqual(keysFromWire(keysToWire(keys)), keys.slice(0, 16))
  })

  it('keeps only canonical status links from items, each once, at most MAX_ITEMS', () => {
    const k = key()
    const items = [statusUri(k, 3), statusUri(k, 3), `rstatus://${k}`, 'https://example.com', `RSTATUS://${k}/04`, statusUri(k, 0), 'x'.repeat(300)]
    assert.deepEqual(itemsFromWire(items), [
      { feed: k, seq: 3, uri: statusUri(k, 3) },
      { feed: k, seq: 4, uri: statusUri(k, 4) }
    ])
    assert.equal(itemsFromWire(Array.from({ length: 100 }, (_, i) => statusUri(k, i + 1))).length, MAX_ITEMS)
  })

  it('accepts a fetched block only if it replies to or mentions one of my keys', () => {
    const [me, device, stranger, other] = [key(), key(), key(), key()]
    const mine = new Set([me, device])
    const at = { feed: stranger, seq: 5 }
    const reply = block({ type: 'status', text: 'hi', replyTo: statusUri(device, 2), root: statusUri(device, 2) })
    const mention = block({ type: 'status', text: 'hi @me', mentions: [{ key: me, name: 'me' }] })
    assert.equal(addressedTo(reply, at, mine)?.text, 'hi')
    assert.equal(addressedTo(mention, at, mine)?.text, 'hi @me')
    assert.equal(addressedTo(block({ type: 'status', text: 'to someone else', replyTo: statusUri(other, 2) }), at, mine), null)
    assert.equal(addressedTo(block({ type: 'like', of: statusUri(me, 2) }), at, mine), null)
    assert.equal(addressedTo(new TextEncoder().encode('not json'), at, mine), null)
  })
})

describe('RateLimit', () => {
  it('allows `limit` per feed in a window, then none until the window moves on', () => {
    let now = 0
    const limit = new RateLimit(2, 1000, () => now)
    assert.deepEqual([limit.take('a'), limit.take('a'), limit.take('a'), limit.take('b')], [true, true, false, true])
    now = 999
    assert.equal(limit.take('a'), false)
    now = 1000
    assert.equal(limit.take('a'), true)
  })
})

describe('Outbox', () => {
  it('keeps what it announces across a restart, answers by key, and drops it after OUTBOX_DAYS', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rstatus-outbox-'))
    try {
      const [a, b] = [key(), key()]
      const outbox = new Outbox(dir)
      outbox.add('rstatus://x/1', [a, b], 1000)
      outbox.add('rstatus://x/2', [a], 2000)
      const again = new Outbox(dir)
      assert.deepEqual(again.for([a]), ['rstatus://x/2', 'rstatus://x/1'])
      assert.deepEqual(again.for([b]), ['rstatus://x/1'])
      assert.deepEqual(again.targets(), [a, b])
      assert.equal(again.expire(1000 + OUTBOX_DAYS * 86_400_000), true)
      assert.deepEqual(again.for([a, b]), ['rstatus://x/2'])
      assert.equal(fs.statSync(path.join(dir, 'outbox.json')).mode & 0o777, 0o600)
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })
})
