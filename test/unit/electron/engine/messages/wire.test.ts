import assert from 'node:assert/strict'
import crypto from 'node:crypto'
import { describe, it } from 'node:test'
import c from 'compact-encoding'
import { MAX_CHUNK_BYTES, MAX_CONVERSATION_BLOCK_BYTES, MAX_ITEM_BYTES } from '../../../../../shared/messages.js'
import {
  bindingSignable,
  chunksFor,
  decodeConversationBlock,
  decodeItem,
  decodeItemPayload,
  decodePayload,
  encodeBlock,
  encodeItem,
  encodeItemPayload,
  encodePayload,
  imageAd,
  itemsEncoding,
  messageTextProblem,
  sealedAd,
  type Block,
  type ImageRef,
  type ItemPayload,
  type Payload
} from '../../../../../electron/engine/messages/wire.js'

const bytes = (n: number) => crypto.randomBytes(n)

const blocks: Block[] = [
  { kind: 'binding', conversation: bytes(16), identity: bytes(32), device: bytes(32), generation: 2, signature: bytes(64) },
  { kind: 'key', keyId: bytes(16), envelopes: [{ member: bytes(32), generation: 0, sealed: bytes(80) }] },
  { kind: 'sealed', keyId: bytes(16), nonce: bytes(24), ciphertext: bytes(300) },
  { kind: 'chunk', data: bytes(MAX_CHUNK_BYTES) }
]

const image: ImageRef = { mime: 'image/png', width: 640, height: 480, alt: 'A cat', start: 3, blocks: 1, byteLength: 5000, key: bytes(32) }
const payloads: Payload[] = [
  { type: 'message', createdAt: 1_750_000_000_000, text: 'Hello 👋 Grüße', images: [image] },
  { type: 'seen', positions: [{ core: bytes(32), length: 12 }] },
  { type: 'remove', member: bytes(32), cuts: [{ core: bytes(32), length: 4 }] }
]

const itemPayloads: ItemPayload[] = [
  { kind: 'invite', from: bytes(32), secret: bytes(32), creator: bytes(32), cores: [bytes(32), bytes(32)], sentAt: 1_750_000_000_000 },
  { kind: 'keyring', identity: bytes(32), seeds: [{ generation: 0, seed: bytes(32) }, { generation: 1, seed: bytes(32) }] }
]

/** The block with its kind's body replaced: version 1, the kind's number, then `body`. */
const raw = (kind: number, body: Buffer, version = 1) => Buffer.concat([c.encode(c.uint, version), c.encode(c.uint, kind), body])

describe('the conversation wire format', () => {
  it('round-trips every block kind, record type and item kind', () => {
    for (const block of blocks) assert.deepEqual(decodeConversationBlock(encodeBlock(block)), { ok: true, value: block })
    for (const p of payloads) assert.deepEqual(decodePayload(encodePayload(p)), { ok: true, value: p })
    for (const p of itemPayloads) assert.deepEqual(decodeItemPayload(encodeItemPayload(p)), { ok: true, value: p })
    const item = { to: bytes(32), sealed: bytes(500) }
    assert.deepEqual(decodeItem(encodeItem(item)), { ok: true, value: item })
  })

  it('refuses trailing bytes, truncation, another version and unknown kinds', () => {
    for (const block of blocks) {
      const encoded = encodeBlock(block)
      assert.deepEqual(decodeConversationBlock(Buffer.concat([encoded, Buffer.from([0])])), { ok: false, reason: 'malformed' })
      assert.deepEqual(decodeConversationBlock(encoded.subarray(0, encoded.length - 1)), { ok: false, reason: 'malformed' })
    }
    assert.equal(decodeConversationBlock(raw(3, c.encode(c.buffer, bytes(8)), 2)).ok, false)
    assert.deepEqual(decodeConversationBlock(raw(4, Buffer.alloc(0))), { ok: false, reason: 'malformed' })
    assert.deepEqual(decodePayload(Buffer.from([7])), { ok: false, reason: 'malformed' })
    assert.deepEqual(decodeItemPayload(Buffer.from([1, 9])), { ok: false, reason: 'malformed' })
    assert.deepEqual(decodeConversationBlock(Buffer.alloc(0)), { ok: false, reason: 'malformed' })
  })

  it('refuses an oversized block or item before decoding it, and counts longer lists as malformed without allocating them', () => {
    assert.deepEqual(decodeConversationBlock(Buffer.alloc(MAX_CONVERSATION_BLOCK_BYTES + 1)), { ok: false, reason: 'oversized' })
    assert.deepEqual(decodeItem(Buffer.alloc(MAX_ITEM_BYTES + 100)), { ok: false, reason: 'oversized' })
    // A chunk one byte over its limit, and a key claiming 2^40 envelopes in a few bytes.
    assert.deepEqual(decodeConversationBlock(raw(3, c.encode(c.buffer, Buffer.alloc(MAX_CHUNK_BYTES + 1)))), { ok: false, reason: 'malformed' })
    const hugeCount = Buffer.concat([bytes(16), c.encode(c.uint, 2 ** 40)])
    assert.deepEqual(decodeConversationBlock(raw(1, hugeCount)), { ok: false, reason: 'malformed' })
    const tooMany = { kind: 'key' as const, keyId: bytes(16), envelopes: Array.from({ length: 33 }, () => ({ member: bytes(32), generation: 0, sealed: bytes(80) })) }
    assert.deepEqual(decodeConversationBlock(encodeBlock(tooMany)), { ok: false, reason: 'malformed' })
    assert.throws(() => c.decode(itemsEncoding, c.encode(c.array(c.buffer), Array.from({ length: 65 }, () => bytes(10)))))
  })

  it('refuses a record whose text breaks the status rules or is not UTF-8, and images that break theirs', () => {
    const message = (fields: Partial<Extract<Payload, { type: 'message' }>>) => encodePayload({ type: 'message', createdAt: 1, text: 'hi', images: [], ...fields })
    assert.equal(decodePayload(message({})).ok, true)
    assert.equal(decodePayload(message({ text: '   ' })).ok, false)
    assert.equal(decodePayload(message({ text: 'x'.repeat(501) })).ok, false)
    assert.equal(decodePayload(message({ text: '😀'.repeat(500) })).ok, true)
    // 0xff is never UTF-8: type 0, createdAt 1, then a 2-byte text.
    assert.equal(decodePayload(Buffer.from([0, 1, 2, 0x68, 0xff, 0])).ok, false)
    for (const bad of [{ mime: 'text/html' }, { width: 0 }, { height: 16385 }, { blocks: 2 }, { byteLength: 0 }, { alt: 'a'.repeat(1001) }]) {
      assert.equal(decodePayload(message({ images: [{ ...image, ...bad }] })).ok, false, JSON.stringify(bad))
    }
    assert.equal(decodePayload(message({ images: Array.from({ length: 5 }, () => image) })).ok, false)
    assert.equal(messageTextProblem('fine'), null)
    assert.match(messageTextProblem('')!, /needs some text/)
  })

  it('binds signatures and ciphertexts to where they belong', () => {
    const b = { conversation: bytes(16), identity: bytes(32), device: bytes(32), generation: 0 }
    const core = bytes(32)
    assert.notDeepEqual(bindingSignable(b, core), bindingSignable(b, bytes(32)))
    assert.notDeepEqual(bindingSignable(b, core), bindingSignable({ ...b, generation: 1 }, core))
    const keyId = bytes(16)
    assert.notDeepEqual(sealedAd(b.conversation, core, 5, keyId), sealedAd(b.conversation, core, 6, keyId))
    assert.notDeepEqual(sealedAd(b.conversation, core, 5, keyId), sealedAd(b.conversation, bytes(32), 5, keyId))
    assert.notDeepEqual(imageAd(b.conversation, core, 5), sealedAd(b.conversation, core, 5, keyId))
    assert.equal(chunksFor(1), 1)
    assert.equal(chunksFor(MAX_CHUNK_BYTES - 16), 1)
    assert.equal(chunksFor(MAX_CHUNK_BYTES - 15), 2)
  })

  it('never throws on random or mutated bytes', () => {
    const samples = [...blocks.map(encodeBlock), ...payloads.map(encodePayload), ...itemPayloads.map(encodeItemPayload)]
    let decoded = 0
    for (let i = 0; i < 5000; i++) {
      const base = samples[i % samples.length]!
      const mutated = Buffer.from(i % 3 === 0 ? bytes(1 + (i % 200)) : base)
      if (i % 3 !== 0) for (let j = 0; j < 1 + (i % 4); j++) mutated[crypto.randomInt(mutated.length)] = crypto.randomInt(256)
      for (const decode of [decodeConversationBlock, decodePayload, decodeItemPayload, decodeItem]) {
        const result = decode(mutated)
        assert.ok(result.ok || result.reason === 'malformed' || result.reason === 'oversized')
        if (result.ok) decoded++
      }
    }
    assert.ok(decoded > 0)
  })
})
