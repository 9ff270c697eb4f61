// Hostile peers: a followed feed may hold any bytes. This drives decodeBlock with generated blocks from a
// seeded PRNG, so a failure names its seed and case number and reproduces exactly:
//   FUZZ_SEED=<seed> node --test dist/test/unit/shared/protocol/fuzz.test.js
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { encodeRecord } from '../../../../shared/protocol/encode.js'
import { MAX_BLOCK_BYTES } from '../../../../shared/protocol/limits.js'
import type { FeedRecord } from '../../../../shared/protocol/records.js'
import { decodeBlock, validateRecord, type BlockContext, type Decoded } from '../../../../shared/protocol/validate.js'
import { keyOf, ref, Rng } from './fixtures.js'

const SEED = Number(process.env.FUZZ_SEED ?? 0x5eed_2025) >>> 0
const CASES = 100_000

// ---- JSON trees that can say what JSON.stringify cannot: duplicate and "__proto__" keys, raw text ----

type Json = null | boolean | number | string | Json[] | { entries: Array<[string, Json]> } | { raw: string }

function serialize(j: Json): string {
  if (j === null || typeof j === 'boolean' || typeof j === 'number' || typeof j === 'string') return JSON.stringify(j)
  if (Array.isArray(j)) return '[' + j.map(serialize).join(',') + ']'
  if ('raw' in j) return j.raw
  return '{' + j.entries.map(([k, v]) => JSON.stringify(k) + ':' + serialize(v)).join(',') + '}'
}

function toTree(value: unknown): Json {
  if (Array.isArray(value)) return value.map(toTree)
  if (typeof value === 'object' && value !== null) return { entries: Object.entries(value).map(([k, v]) => [k, toTree(v)]) }
  return value as Json
}

function isObjectNode(j: Json): j is { entries: Array<[string, Json]> } {
  return typeof j === 'object' && j !== null && !Array.isArray(j) && 'entries' in j
}

// ---- Valid records ----------------------------------------------------------------------------------

const FEED = keyOf(1)
const KEYS = Array.from({ length: 30 }, (_, i) => keyOf(i + 10))

const TEXT_RANGES: Array<[number, number]> = [
  [0x61, 0x7a], // a-z
  [0x41, 0x5a],
  [0x30, 0x39],
  [0x20, 0x2f], // space and ASCII punctuation, quotes and backslash among them
  [0x5c, 0x5c],
  [0xe0, 0xff], // Latin-1 letters
  [0x300, 0x33f], // combining marks that NFC never expands
  [0x905, 0x939], // Devanagari letters
  [0x93e, 0x94d], // and their vowel signs
  [0x1100, 0x1112], // Hangul jamo, which compose under NFC
  [0x1161, 0x1175],
  [0x4e00, 0x4e80], // CJK
  [0x5d0, 0x5ea], // Hebrew
  [0x200d, 0x200d], // ZERO WIDTH JOINER
  [0x1f600, 0x1f64f] // emoji (astral)
]
/** The control characters a text field may hold: tab, line feed, carriage return, and the separators. */
const CONTROL_RANGES: Array<[number, number]> = [
  [0x9, 0xa],
  [0xd, 0xd],
  [0x2028, 0x2029]
]

function randomText(rng: Rng, maxCodePoints: number, withControls: boolean): string {
  const n = rng.int(0, maxCodePoints)
  let s = 'a' // never empty after trimming
  for (let i = 0; i < n; i++) {
    const ranges = withControls && rng.chance(0.05) ? CONTROL_RANGES : TEXT_RANGES
    const [lo, hi] = rng.pick(ranges)
    s += String.fromCodePoint(rng.int(lo, hi))
  }
  return s
}

function randomTime(rng: Rng): number {
  return rng.pick([0, 1, Number.MAX_SAFE_INTEGER, 1_750_000_000_000 + rng.int(0, 1e9), Math.floor(rng.next() * Number.MAX_SAFE_INTEGER)])
}

function randomRef(rng: Rng, ctx: BlockContext): string {
  if (ctx.seq > 1 && rng.chance(0.3)) return ref(ctx.feed, rng.int(1, ctx.seq - 1))
  return ref(rng.pick(KEYS), rng.chance(0.1) ? Number.MAX_SAFE_INTEGER : rng.int(1, 1e9))
}

/** A record that must decode, and the record the decoder must return for it. */
function validRecord(rng: Rng, ctx: BlockContext): { input: Record<string, unknown>; expected: FeedRecord } {
  if (ctx.seq === 0) {
    const header = { type: 'header' as const, protocol: 'rstatus' as const, version: rng.chance(0.9) ? 1 : rng.int(2, 1000) }
    return { input: header, expected: header }
  }
  const createdAt = randomTime(rng)
  switch (rng.int(0, 7)) {
    case 0: {
      const input: Record<string, unknown> = { type: 'status', text: randomText(rng, 200, true), createdAt }
      const expected: Record<string, unknown> = { ...input }
      if (rng.chance(0.4)) {
        input.replyTo = expected.replyTo = randomRef(rng, ctx)
        expected.root = expected.replyTo
        if (rng.chance(0.7)) input.root = expected.root = randomRef(rng, ctx)
      }
      if (rng.chance(0.4)) {
        const keys = [...KEYS].sort(() => rng.next() - 0.5).slice(0, rng.int(0, 5))
        input.mentions = expected.mentions = keys.map((key) => ({ key, name: randomText(rng, 30, false) }))
      }
      if (rng.chance(0.2)) input.quote = expected.quote = randomRef(rng, ctx)
      if (rng.chance(0.2)) input.cw = expected.cw = 'spoilers'
      if (rng.chance(0.2)) input.sensitive = expected.sensitive = true
      if (rng.chance(0.2) && createdAt < 8e15) input.poll = expected.poll = { choices: ['yes', 'no'], endsAt: createdAt + 3_600_000 }
      return { input, expected: expected as unknown as FeedRecord }
    }
    case 1:
    case 2:
    case 3: {
      const type = rng.pick(['repost', 'like', 'unlike', 'vote'] as const)
      const record = type === 'vote' ? { type, of: randomRef(rng, ctx), choice: rng.int(1, 4), createdAt } : { type, of: randomRef(rng, ctx), createdAt }
      return { input: record, expected: record }
    }
    case 4: {
      // A delete, an edit or a pin names a block of its own feed, so one at block 1 has nothing to name.
      if (ctx.seq < 2) {
        const record = { type: 'like' as const, of: randomRef(rng, ctx), createdAt }
        return { input: record, expected: record }
      }
      const of = ref(ctx.feed, rng.int(1, ctx.seq - 1))
      const type = rng.pick(['delete', 'pin', 'unpin', 'edit'] as const)
      const record = type === 'edit' ? { type, of, text: randomText(rng, 200, true), createdAt } : { type, of, createdAt }
      return { input: record, expected: record }
    }
    case 5: {
      const name = randomText(rng, 25, false)
      if (rng.chance(0.2)) return { input: { type: 'profile', name, createdAt }, expected: { type: 'profile', name, bio: '', createdAt } }
      const record = { type: 'profile' as const, name, bio: rng.chance(0.2) ? '' : randomText(rng, 140, true), createdAt }
      return { input: record, expected: record }
    }
    default: {
      const record = { type: rng.pick(['follow', 'unfollow'] as const), feed: rng.pick(KEYS), createdAt }
      return { input: record, expected: record }
    }
  }
}

// ---- Hostile values and mutations -------------------------------------------------------------------

const FIELD_NAMES = ['type', 'text', 'createdAt', 'replyTo', 'root', 'mentions', 'of', 'quote', 'cw', 'sensitive', 'poll', 'choices', 'endsAt', 'choice', 'card', 'url', 'name', 'bio', 'feed', 'key', 'protocol', 'version']
const PROTO_NAMES = ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', '__defineGetter__']
const TYPES = ['header', 'status', 'edit', 'vote', 'pin', 'unpin', 'repost', 'like', 'unlike', 'delete', 'profile', 'follow', 'unfollow', 'device', 'poll', '', 'x'.repeat(65), '__proto__', 'constructor', 'Status', ' status']

function nested(open: string, close: string, depth: number): Json {
  return { raw: open.repeat(depth) + close.repeat(depth) }
}

function hostileValue(rng: Rng, ctx: BlockContext, depth = 0): Json {
  switch (rng.int(0, 21)) {
    case 0:
      return null
    case 1:
      return rng.chance(0.5)
    case 2:
      return rng.pick([0, -1, 1.5, 2 ** 53, -(2 ** 53), 1e308, Number.MIN_VALUE, rng.int(-1e9, 1e9)])
    case 3:
      return { raw: rng.pick(['-0', '1e400', '-1e400', '1.0', '1e3', '0.1e1', '1E+2', '01', '.5', '+1', 'NaN', 'Infinity']) }
    case 4:
      return ''
    case 5:
      return randomText(rng, 600, true)
    case 6:
      return 'x'.repeat(rng.int(4000, 20_000))
    case 7:
      return '\ud800abc' // JSON.stringify writes the lone surrogate as the escape \ud800
    case 8:
      return { raw: rng.pick(['"\\ud800"', '"\\udc00\\ud800"', '"a\\udfff"', '"\\ud83d\\ude00\\ud83d"', '"\\u0000"', '"\\x41"', '"\\u12"', "'single'", 'undefined']) }
    case 9:
      return randomRef(rng, ctx)
    case 10:
      // self, future and header references, and spellings that are not canonical
      return rng.pick([
        ref(ctx.feed, ctx.seq),
        ref(ctx.feed, ctx.seq + rng.int(1, 1000)),
        ref(rng.pick(KEYS), 0),
        `rstatus://${rng.pick(KEYS)}`,
        `RSTATUS://${rng.pick(KEYS)}/1`,
        `rstatus://${Buffer.alloc(32, 7).toString('hex')}/1`,
        `rstatus://${rng.pick(KEYS)}/01`,
        `rstatus://${rng.pick(KEYS)}/-1`,
        `rstatus://${rng.pick(KEYS)}/9007199254740992`
      ])
    case 11:
      return rng.pick([...KEYS, Buffer.alloc(32, 7).toString('hex'), KEYS[0]!.toUpperCase(), 'bob'])
    case 12:
      return nested('[', ']', rng.int(1, rng.chance(0.2) ? 10_000 : 50))
    case 13:
      return { raw: '{"a":'.repeat(rng.int(1, 3000)) + '1' + '}'.repeat(rng.int(1, 3000)) }
    case 14:
    case 15:
      if (depth > 3) return null
      return Array.from({ length: rng.int(0, 4) }, () => hostileValue(rng, ctx, depth + 1))
    case 16:
      return rng.pick(TYPES)
    case 17:
      return { entries: [['polluted', true], ['type', 'status'], ['text', 'x'], ['createdAt', 1], ['replyTo', ref(ctx.feed, 1)]] }
    default: {
      if (depth > 3) return { entries: [] }
      const entries: Array<[string, Json]> = []
      for (let i = rng.int(0, 4); i > 0; i--) {
        entries.push([rng.pick([...FIELD_NAMES, ...PROTO_NAMES]), hostileValue(rng, ctx, depth + 1)])
      }
      return { entries }
    }
  }
}

/** Adds "__proto__", "constructor" and "prototype" keys to every object in the tree. */
function pollute(j: Json, rng: Rng): Json {
  if (Array.isArray(j)) return j.map((v) => pollute(v, rng))
  if (!isObjectNode(j)) return j
  const poison: Json = { entries: [['polluted', 1], ['createdAt', 1], ['prototype', { entries: [['polluted', 1]] }]] }
  const extra: Array<[string, Json]> = [
    ['__proto__', poison],
    ['constructor', { entries: [['prototype', poison]] }],
    ['prototype', poison]
  ]
  const entries = j.entries.map(([k, v]): [string, Json] => [k, pollute(v, rng)])
  for (const e of extra) entries.splice(rng.int(0, entries.length), 0, e)
  return { entries }
}

function mutateTree(tree: Json, rng: Rng, ctx: BlockContext): Json {
  if (!isObjectNode(tree)) return tree
  const entries = [...tree.entries]
  const at = (): number => rng.int(0, Math.max(0, entries.length - 1))
  switch (rng.int(0, 9)) {
    case 0:
      entries.splice(at(), 1)
      break
    case 1:
    case 2: {
      const i = at()
      const e = entries[i]
      if (e) entries[i] = [e[0], hostileValue(rng, ctx)]
      break
    }
    case 3:
      entries.push([rng.pick([...FIELD_NAMES, ...PROTO_NAMES, 'extra', 'attachments']), hostileValue(rng, ctx)])
      break
    case 4: {
      const e = entries[at()]
      if (e) entries.push([e[0], hostileValue(rng, ctx)]) // a duplicate key: JSON.parse keeps the last
      break
    }
    case 5:
      entries.unshift(['type', rng.pick(TYPES)])
      break
    case 6:
      return pollute({ entries }, rng)
    case 7: {
      const mentions = entries.find(([k]) => k === 'mentions')
      const value: Json = [{ entries: [['key', hostileValue(rng, ctx)], ['name', hostileValue(rng, ctx)]] }]
      if (mentions) mentions[1] = value
      else entries.push(['mentions', value])
      break
    }
    case 8:
      return rng.pick<Json>([[{ entries }], 'status', 42, null, true, hostileValue(rng, ctx)])
    default:
      for (const [k] of entries.slice()) if (rng.chance(0.3)) entries.push([k, hostileValue(rng, ctx)])
  }
  return { entries }
}

const INVALID_UTF8 = [[0x80], [0xbf], [0xc0, 0x80], [0xc1, 0xbf], [0xe0, 0x80, 0x80], [0xed, 0xa0, 0x80], [0xed, 0xbf, 0xbf], [0xf4, 0x90, 0x80, 0x80], [0xf5], [0xfe], [0xff], [0xe2, 0x82], [0xf0, 0x9f, 0x98]]

function mutateBytes(bytes: Uint8Array, rng: Rng): Uint8Array {
  const b = Buffer.from(bytes)
  switch (rng.int(0, 5)) {
    case 0: {
      for (let i = rng.int(1, 4); i > 0 && b.length > 0; i--) {
        const at = rng.int(0, b.length - 1)
        b[at] = b[at]! ^ (1 << rng.int(0, 7))
      }
      return b
    }
    case 1: {
      const at = rng.int(0, b.length)
      return Buffer.concat([b.subarray(0, at), Buffer.from(rng.pick(INVALID_UTF8)), b.subarray(at)])
    }
    case 2:
      return b.subarray(0, rng.int(0, b.length))
    case 3:
      return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), b])
    case 4:
      return Buffer.from(Array.from({ length: rng.int(0, rng.chance(0.05) ? MAX_BLOCK_BYTES + 100 : 64) }, () => rng.int(0, 255)))
    default: {
      const at = rng.int(0, b.length)
      const junk = rng.pick(['{', '}', '[', ']', '"', ':', ',', '\\', '\\u', 'null', 'tru', '1e', '-', '//', '/*'])
      return Buffer.concat([b.subarray(0, at), Buffer.from(junk), b.subarray(at)])
    }
  }
}

function malformedJson(rng: Rng): Uint8Array {
  const tokens = ['{', '}', '[', ']', '"', ':', ',', 'null', 'true', 'fals', '1', '-', '1e', '"type"', '"status"', '"text"', '\\u', '\\ud800', ' ', '\n', '\u2028', 'NaN', '{}', '"__proto__"']
  let s = ''
  for (let i = rng.int(0, 40); i > 0; i--) s += rng.pick(tokens)
  return new TextEncoder().encode(s)
}

// ---- What every result must satisfy ----------------------------------------------------------------

const FIELDS: Record<FeedRecord['type'], { required: string[]; optional: string[] }> = {
  header: { required: ['type', 'protocol', 'version'], optional: [] },
  status: {
    required: ['type', 'text', 'createdAt'],
    optional: ['replyTo', 'root', 'mentions', 'attachments', 'source', 'quote', 'cw', 'sensitive', 'poll', 'card']
  },
  edit: { required: ['type', 'of', 'text', 'createdAt'], optional: ['mentions', 'attachments', 'cw', 'sensitive', 'card'] },
  vote: { required: ['type', 'of', 'choice', 'createdAt'], optional: [] },
  pin: { required: ['type', 'of', 'createdAt'], optional: [] },
  unpin: { required: ['type', 'of', 'createdAt'], optional: [] },
  repost: { required: ['type', 'of', 'createdAt'], optional: [] },
  like: { required: ['type', 'of', 'createdAt'], optional: [] },
  unlike: { required: ['type', 'of', 'createdAt'], optional: [] },
  delete: { required: ['type', 'of', 'createdAt'], optional: [] },
  profile: { required: ['type', 'name', 'bio', 'createdAt'], optional: ['avatar', 'left', 'quotable'] },
  follow: { required: ['type', 'feed', 'createdAt'], optional: [] },
  unfollow: { required: ['type', 'feed', 'createdAt'], optional: [] },
  device: { required: ['type', 'feed', 'createdAt'], optional: [] },
  'device-remove': { required: ['type', 'feed', 'after', 'createdAt'], optional: [] },
  identity: { required: ['type', 'feed', 'createdAt'], optional: [] }
}

function checkResult(result: Decoded, ctx: BlockContext): 'valid' | 'unknown' | 'invalid' {
  assert.equal(Object.getPrototypeOf(result), Object.prototype)
  if (!result.ok) {
    assert.deepEqual(Object.keys(result), ['ok', 'reason'])
    assert.equal(typeof result.reason, 'string')
    assert.ok(result.reason.length > 0 && !result.reason.includes('\n'))
    return 'invalid'
  }
  if (result.record === null) {
    assert.deepEqual(Object.keys(result), ['ok', 'record', 'unknownType'])
    assert.ok(typeof result.unknownType === 'string' && result.unknownType.length >= 1 && result.unknownType.length <= 64)
    return 'unknown'
  }
  const record = result.record
  assert.equal(Object.getPrototypeOf(record), Object.prototype)
  const fields = FIELDS[record.type]
  assert.ok(fields, `unexpected record type ${String(record.type)}`)
  const keys = Object.keys(record)
  for (const k of fields.required) assert.ok(keys.includes(k), `missing ${k}`)
  for (const k of keys) assert.ok(fields.required.includes(k) || fields.optional.includes(k), `unknown key ${k} was copied`)
  if (record.type === 'status' && record.mentions) {
    assert.equal(Object.getPrototypeOf(record.mentions), Array.prototype)
    for (const m of record.mentions) {
      assert.equal(Object.getPrototypeOf(m), Object.prototype)
      assert.deepEqual(Object.keys(m), ['key', 'name'])
    }
  }
  // What was accepted is written back the same way and read back as the same record.
  assert.deepEqual(decodeBlock(encodeRecord(record), ctx), { ok: true, record })
  return 'valid'
}

// ---- The fuzz -------------------------------------------------------------------------------------

function generate(rng: Rng): { bytes: Uint8Array; ctx: BlockContext; expected?: FeedRecord; kind: string } {
  const ctx: BlockContext = { feed: FEED, seq: rng.chance(0.05) ? 0 : rng.chance(0.5) ? rng.int(1, 20) : rng.int(1, 1e6) }
  const { input, expected } = validRecord(rng, ctx)
  const roll = rng.next()
  if (roll < 0.25) return { bytes: new TextEncoder().encode(JSON.stringify(input)), ctx, expected, kind: 'valid' }
  if (roll < 0.7) {
    let tree = toTree(input)
    for (let i = rng.int(1, 3); i > 0; i--) tree = mutateTree(tree, rng, ctx)
    return { bytes: new TextEncoder().encode(serialize(tree)), ctx, kind: 'mutated' }
  }
  if (roll < 0.9) return { bytes: mutateBytes(new TextEncoder().encode(JSON.stringify(input)), rng), ctx, kind: 'bytes' }
  return { bytes: malformedJson(rng), ctx, kind: 'malformed' }
}

function snapshotPrototypes(): string[] {
  return [Object.prototype, Array.prototype, Function.prototype, String.prototype].map((p) =>
    Reflect.ownKeys(p)
      .map(String)
      .sort()
      .join(',')
  )
}

describe('fuzzing decodeBlock() with hostile blocks', () => {
  it(`survives ${CASES} generated blocks (seed ${SEED})`, () => {
    const before = snapshotPrototypes()
    const rng = new Rng(SEED)
    const tally = { valid: 0, unknown: 0, invalid: 0 }
    for (let i = 0; i < CASES; i++) {
      const c = generate(rng)
      try {
        const result = decodeBlock(c.bytes, c.ctx)
        tally[checkResult(result, c.ctx)]++
        if (c.expected) assert.deepEqual(result, { ok: true, record: c.expected })
      } catch (err) {
        const preview = Buffer.from(c.bytes).toString('utf8').slice(0, 300)
        assert.fail(`case ${i} (${c.kind}, seed ${SEED}, seq ${c.ctx.seq}): ${String(err)}\nblock: ${preview}`)
      }
    }
    assert.deepEqual(snapshotPrototypes(), before, 'a built-in prototype changed')
    assert.equal(({} as Record<string, unknown>).polluted, undefined)
    assert.equal(([] as unknown as Record<string, unknown>).polluted, undefined)
    // The generator must reach every outcome in earnest, or this test proves little.
    assert.ok(tally.valid > CASES * 0.25, `valid: ${tally.valid}`)
    assert.ok(tally.invalid > CASES * 0.3, `invalid: ${tally.invalid}`)
    assert.ok(tally.unknown > CASES * 0.005, `unknown: ${tally.unknown}`)
  })

  it('rejects every self or future reference within the same feed', () => {
    const rng = new Rng(SEED ^ 0xabcdef)
    for (let i = 0; i < 2000; i++) {
      const seq = rng.int(1, 1e6)
      const bad = ref(FEED, seq + rng.int(0, 5))
      const ctx = { feed: FEED, seq }
      const records = [
        { type: 'status', text: 'x', createdAt: 1, replyTo: bad },
        { type: 'status', text: 'x', createdAt: 1, replyTo: ref(FEED, Math.max(1, seq - 1)), root: bad },
        { type: rng.pick(['repost', 'like', 'unlike', 'delete']), of: bad, createdAt: 1 }
      ]
      for (const r of records) assert.equal(validateRecord(r, ctx).ok, false, JSON.stringify(r))
    }
  })

  it('handles 10,000 nested arrays in a block, in a field and as a parsed value', () => {
    const deep = '['.repeat(10_000) + ']'.repeat(10_000)
    const ctx = { feed: FEED, seq: 5 }
    assert.equal(decodeBlock(Buffer.from(deep), ctx).ok, false) // over the block size
    const within = '['.repeat(8000) + ']'.repeat(8000)
    assert.equal(decodeBlock(Buffer.from(within), ctx).ok, false) // not an object
    assert.equal(decodeBlock(Buffer.from(`{"type":"status","text":${within},"createdAt":1}`), ctx).ok, false)
    assert.deepEqual(decodeBlock(Buffer.from(`{"type":"status","text":"x","createdAt":1,"extra":${within}}`), ctx), {
      ok: true,
      record: { type: 'status', text: 'x', createdAt: 1 }
    })
    let value: unknown = []
    for (let i = 0; i < 100_000; i++) value = [value]
    assert.equal(validateRecord({ type: 'status', text: value, createdAt: 1, mentions: [value] }, ctx).ok, false)
    assert.equal(validateRecord(JSON.parse(deep), ctx).ok, false)
  })
})
