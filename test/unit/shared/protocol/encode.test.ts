import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { encodeRecord, headerRecord } from '../../../../shared/protocol/encode.js'
import { MAX_BLOCK_BYTES, MAX_STATUS_CHARS } from '../../../../shared/protocol/limits.js'
import type { FeedRecord } from '../../../../shared/protocol/records.js'
import { decodeBlock } from '../../../../shared/protocol/validate.js'
import { keyOf, ME, OTHER, ref, T } from './fixtures.js'

const utf8 = new TextDecoder()

describe('headerRecord()', () => {
  it('encodes to exactly the bytes of block 0', () => {
    assert.equal(utf8.decode(encodeRecord(headerRecord())), '{"type":"header","protocol":"rstatus","version":1}')
  })
})

describe('encodeRecord()', () => {
  const records: FeedRecord[] = [
    { type: 'status', text: 'héllo 😀 "quoted" \\ \n', createdAt: T },
    { type: 'status', text: 'yes', createdAt: T, replyTo: ref(OTHER, 9), root: ref(OTHER, 2), mentions: [{ key: OTHER, name: 'bob' }] },
    { type: 'repost', of: ref(OTHER, 9), createdAt: T },
    { type: 'like', of: ref(OTHER, 9), createdAt: T },
    { type: 'unlike', of: ref(OTHER, 9), createdAt: T },
    { type: 'delete', of: ref(ME, 3), createdAt: T },
    { type: 'profile', name: 'Alice', bio: 'hi', createdAt: T },
    { type: 'follow', feed: OTHER, createdAt: T },
    { type: 'unfollow', feed: OTHER, createdAt: T }
  ]

  it('writes one JSON object in UTF-8 that decodes to the same record', () => {
    for (const record of records) {
      const block = encodeRecord(record)
      assert.deepEqual(JSON.parse(utf8.decode(block)), record)
      assert.deepEqual(decodeBlock(block, { feed: ME, seq: 10 }), { ok: true, record })
    }
  })

  it('fits the largest status text the validator accepts in a block, with room to spare', () => {
    // The worst case for JSON size: escaped characters (2 bytes each, as \n or \") and Hangul syllables
    // written as 3 jamo (9 bytes, 1 character), within 500 characters and 4096 bytes.
    const text = 'x' + '\n"\\'.repeat(17) + '\u1100\u1161\u11a8'.repeat(MAX_STATUS_CHARS - 52)
    const record: FeedRecord = {
      type: 'status',
      text,
      createdAt: Number.MAX_SAFE_INTEGER,
      replyTo: ref(OTHER, Number.MAX_SAFE_INTEGER),
      root: ref(keyOf(9), Number.MAX_SAFE_INTEGER)
    }
    const block = encodeRecord(record)
    assert.ok(block.byteLength < MAX_BLOCK_BYTES / 2, `${block.byteLength} bytes`)
    assert.deepEqual(decodeBlock(block, { feed: ME, seq: 10 }), { ok: true, record })
  })
})
