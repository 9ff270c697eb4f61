import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  MAX_BIO_CHARS,
  MAX_BLOCK_BYTES,
  MAX_MENTION_NAME_CHARS,
  MAX_MENTIONS,
  MAX_NAME_CHARS,
  MAX_STATUS_CHARS
} from '../../../../shared/protocol/limits.js'
import { assertValidRecord, decodeBlock, Invalid, validateRecord } from '../../../../shared/protocol/validate.js'
import { accepts, decodeJson, keyOf, ME, OTHER, ref, rejects, T, THIRD } from './fixtures.js'

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text)
/** A Hangul syllable written as three jamo: 1 character after NFC, 9 bytes of UTF-8. */
const JAMO_SYLLABLE = '\u1100\u1161\u11a8'

describe('the header (block 0)', () => {
  it('is {"type":"header","protocol":"rstatus","version":1}', () => {
    assert.deepEqual(accepts({ type: 'header', protocol: 'rstatus', version: 1 }, 0), {
      type: 'header',
      protocol: 'rstatus',
      version: 1
    })
  })

  it('drops unknown fields', () => {
    const record = accepts({ type: 'header', protocol: 'rstatus', version: 1, app: 'x', createdAt: 'whenever' }, 0)
    assert.deepEqual(Object.keys(record), ['type', 'protocol', 'version'])
  })

  it('passes a later version through, for the reader to decide (PROTOCOL.md, "Versions")', () => {
    assert.deepEqual(accepts({ type: 'header', protocol: 'rstatus', version: 2 }, 0), {
      type: 'header',
      protocol: 'rstatus',
      version: 2
    })
  })

  it('must name the protocol and a positive whole version', () => {
    rejects({ type: 'header', version: 1 }, /protocol/, 0)
    rejects({ type: 'header', protocol: 'RSTATUS', version: 1 }, /protocol/, 0)
    for (const version of [0, -1, 1.5, '1', null, undefined]) {
      rejects({ type: 'header', protocol: 'rstatus', version }, /version/, 0)
    }
  })

  it('is the only record allowed at block 0', () => {
    rejects({ type: 'status', text: 'first!', createdAt: T }, /block 0 must be the header/, 0)
    rejects({ type: 'poll', question: '?' }, /block 0 must be the header/, 0)
  })

  it('is allowed at block 0 only', () => {
    rejects({ type: 'header', protocol: 'rstatus', version: 1 }, /only allowed at block 0/, 1)
  })
})

describe('status', () => {
  it('needs type, text and createdAt', () => {
    assert.deepEqual(accepts({ type: 'status', text: 'hello', createdAt: T }), { type: 'status', text: 'hello', createdAt: T })
    rejects({ type: 'status', createdAt: T }, /text must be a string/)
    rejects({ type: 'status', text: 'hello' }, /createdAt/)
  })

  it('refuses empty and white-space-only text', () => {
    for (const text of ['', ' ', '\n\t', '\u00a0\u3000\ufeff']) rejects({ type: 'status', text, createdAt: T }, /empty/)
  })

  it('trims the white space ECMAScript trims, and no more: U+0085 is a control, U+180E and U+200B are text', () => {
    for (const ws of ['\u1680', '\u2000', '\u200a', '\u2028', '\u2029', '\u202f', '\u205f']) rejects({ type: 'status', text: ws, createdAt: T }, /empty/)
    rejects({ type: 'status', text: '\u0085', createdAt: T }, /control character U\+0085/)
    for (const text of ['\u180e', '\u200b', '\u2060']) accepts({ type: 'status', text, createdAt: T })
  })

  it('refuses text that is not a string', () => {
    for (const text of [5, null, ['a'], { text: 'a' }, true]) rejects({ type: 'status', text, createdAt: T }, /must be a string/)
  })

  it(`allows ${MAX_STATUS_CHARS} characters and refuses one more`, () => {
    accepts({ type: 'status', text: 'a'.repeat(MAX_STATUS_CHARS), createdAt: T })
    rejects({ type: 'status', text: 'a'.repeat(MAX_STATUS_CHARS + 1), createdAt: T }, /over 500 characters/)
  })

  it('counts an astral character (an emoji) as one character', () => {
    accepts({ type: 'status', text: '😀'.repeat(MAX_STATUS_CHARS), createdAt: T })
    rejects({ type: 'status', text: '😀'.repeat(MAX_STATUS_CHARS + 1), createdAt: T }, /characters/)
  })

  it('counts characters after NFC: "e" + combining acute is one character', () => {
    accepts({ type: 'status', text: 'e\u0301'.repeat(MAX_STATUS_CHARS), createdAt: T })
  })

  it('counts combining marks that do not compose', () => {
    // "a" + U+0301 composes to "á"; no mark composes after it, so the other 999 marks each count.
    rejects({ type: 'status', text: 'a' + '\u0301\u0302'.repeat(MAX_STATUS_CHARS), createdAt: T }, /characters/)
  })

  it('refuses text over 4096 bytes of UTF-8 even within 500 characters', () => {
    const text = JAMO_SYLLABLE.repeat(456)
    assert.equal(text.normalize('NFC').length, 456)
    rejects({ type: 'status', text, createdAt: T }, /over 4096 bytes/)
    accepts({ type: 'status', text: JAMO_SYLLABLE.repeat(455), createdAt: T })
  })

  it('refuses text with lone surrogates', () => {
    for (const text of ['a\ud800b', 'a\udc00', '\ud83d', '\ude00\ud83d']) {
      rejects({ type: 'status', text, createdAt: T }, /well-formed/)
    }
  })

  it('keeps the text exactly as written, white space included', () => {
    const text = '  two\nlines\r\n\ttab\u200b  '
    assert.equal((accepts({ type: 'status', text, createdAt: T }) as { text: string }).text, text)
  })

  it('refuses control characters other than tab, line feed and carriage return', () => {
    for (const ch of ['\u0000', '\u0001', '\u0008', '\u000b', '\u000c', '\u001b', '\u001f', '\u007f', '\u0080', '\u0085', '\u009f']) {
      rejects({ type: 'status', text: `a${ch}b`, createdAt: T }, /control character U\+00/)
    }
    accepts({ type: 'status', text: 'a\tb\nc\r\nd', createdAt: T })
  })

  it('names the character it refused, for the writer to show', () => {
    rejects({ type: 'status', text: 'ring \u001b[31mred', createdAt: T }, /U\+001B/)
  })

  it('counts 4096 bytes in the UTF-8 of the decoded text, not in its JSON escapes', () => {
    // 455 Hangul syllables as jamo: 4095 bytes of UTF-8, but 8190 bytes of JSON written as \uXXXX escapes.
    const escaped = JAMO_SYLLABLE.repeat(455).replace(/./gu, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'))
    const block = bytes(`{"type":"status","text":"${escaped}","createdAt":${T}}`)
    assert.ok(block.byteLength > 8000)
    const decoded = decodeBlock(block, { feed: ME, seq: 3 })
    assert.ok(decoded.ok && decoded.record?.type === 'status', decoded.ok ? '' : decoded.reason)
  })

  it('drops unknown fields', () => {
    const record = accepts({ type: 'status', text: 'hi', createdAt: T, lang: 'en', attachments: [{ type: 'poll', x: 1 }] })
    assert.deepEqual(Object.keys(record), ['type', 'text', 'createdAt'])
  })
})

describe('createdAt (every record but the header)', () => {
  it('is a non-negative safe integer of milliseconds', () => {
    accepts({ type: 'like', of: ref(OTHER, 1), createdAt: 0 })
    accepts({ type: 'like', of: ref(OTHER, 1), createdAt: Number.MAX_SAFE_INTEGER })
    for (const createdAt of [-1, 1.5, 2 ** 53, '1750000000000', null, undefined, [T], 1e400]) {
      rejects({ type: 'like', of: ref(OTHER, 1), createdAt }, /createdAt/)
    }
  })

  it('reads 1.0 and 1e3 as the integers they are (JSON numbers, not spellings)', () => {
    const a = decodeBlock(bytes(`{"type":"like","of":"${ref(OTHER, 1)}","createdAt":1e3}`), { feed: ME, seq: 5 })
    assert.ok(a.ok && a.record && 'createdAt' in a.record && a.record.createdAt === 1000)
  })

  it('reads -0 as 0', () => {
    const r = decodeBlock(bytes(`{"type":"like","of":"${ref(OTHER, 1)}","createdAt":-0}`), { feed: ME, seq: 5 })
    assert.ok(r.ok && r.record && 'createdAt' in r.record)
    assert.ok(Object.is(r.record.createdAt, 0))
  })
})

describe('reply (a status with replyTo and root)', () => {
  it('carries both links', () => {
    const record = accepts({ type: 'status', text: 'yes', createdAt: T, replyTo: ref(OTHER, 9), root: ref(THIRD, 2) })
    assert.deepEqual(record, { type: 'status', text: 'yes', createdAt: T, replyTo: ref(OTHER, 9), root: ref(THIRD, 2) })
  })

  it('takes replyTo as the root when root is missing', () => {
    const record = accepts({ type: 'status', text: 'yes', createdAt: T, replyTo: ref(OTHER, 9) })
    assert.deepEqual(record, { type: 'status', text: 'yes', createdAt: T, replyTo: ref(OTHER, 9), root: ref(OTHER, 9) })
  })

  it('refuses a root without replyTo', () => {
    rejects({ type: 'status', text: 'yes', createdAt: T, root: ref(OTHER, 9) }, /must also have "replyTo"/)
  })

  it('may answer an earlier block of its own feed', () => {
    accepts({ type: 'status', text: 'and also', createdAt: T, replyTo: ref(ME, 9), root: ref(ME, 1) }, 10)
  })

  it('refuses replying to itself or to a later block of its own feed', () => {
    rejects({ type: 'status', text: 'me', createdAt: T, replyTo: ref(ME, 10) }, /itself or a later block/, 10)
    rejects({ type: 'status', text: 'me', createdAt: T, replyTo: ref(ME, 11) }, /itself or a later block/, 10)
    rejects({ type: 'status', text: 'me', createdAt: T, replyTo: ref(ME, 5), root: ref(ME, 10) }, /"root" points at itself/, 10)
  })

  it("cannot check another feed's length, so a link to any block of another feed is allowed", () => {
    accepts({ type: 'status', text: 'to the future', createdAt: T, replyTo: ref(OTHER, 1_000_000) }, 10)
  })

  it('refuses a link to a header (block 0)', () => {
    rejects({ type: 'status', text: 'hi', createdAt: T, replyTo: ref(OTHER, 0) }, /points at a header/)
  })

  it('refuses links that are not status links', () => {
    for (const replyTo of [null, 5, '', OTHER, `rstatus://${OTHER}`, 'https://example.com/1', `rstatus://${OTHER}/x`]) {
      rejects({ type: 'status', text: 'hi', createdAt: T, replyTo }, /replyTo/)
    }
  })

  it('refuses status links not written in the canonical form', () => {
    const hex = Buffer.alloc(32, 2).toString('hex')
    for (const replyTo of [
      `rstatus://${hex}/9`,
      `rstatus://${hex.toUpperCase()}/9`,
      `RSTATUS://${OTHER}/9`,
      `rstatus://${OTHER}/09`,
      `rstatus://${OTHER}/9/`,
      ` rstatus://${OTHER}/9`,
      `rstatus://${OTHER.slice(0, 51)}b/9`
    ]) {
      rejects({ type: 'status', text: 'hi', createdAt: T, replyTo }, /replyTo/)
    }
  })

  it('refuses over-long links without parsing them', () => {
    rejects({ type: 'status', text: 'hi', createdAt: T, replyTo: ref(OTHER, 1) + '/'.repeat(10_000) }, /must be a status link/)
  })
})

describe('mentions', () => {
  it('are a list of {key, name}', () => {
    const mentions = [
      { key: OTHER, name: 'bob' },
      { key: THIRD, name: 'Zoë' }
    ]
    const record = accepts({ type: 'status', text: 'hi @bob and @Zoë', createdAt: T, mentions })
    assert.deepEqual(record, { type: 'status', text: 'hi @bob and @Zoë', createdAt: T, mentions })
  })

  it('keep the first mention of a key and drop repeats', () => {
    const record = accepts({
      type: 'status',
      text: '@a @b',
      createdAt: T,
      mentions: [
        { key: OTHER, name: 'a' },
        { key: OTHER, name: 'b' }
      ]
    })
    assert.deepEqual(record, { type: 'status', text: '@a @b', createdAt: T, mentions: [{ key: OTHER, name: 'a' }] })
  })

  it('drop unknown fields of a mention', () => {
    const record = accepts({ type: 'status', text: '@a', createdAt: T, mentions: [{ key: OTHER, name: 'a', x: 1 }] })
    assert.deepEqual(record, { type: 'status', text: '@a', createdAt: T, mentions: [{ key: OTHER, name: 'a' }] })
  })

  it(`allow ${MAX_MENTIONS} and refuse more`, () => {
    const many = Array.from({ length: MAX_MENTIONS + 1 }, (_, i) => ({ key: keyOf(i + 10), name: `n${i}` }))
    accepts({ type: 'status', text: 'all of you', createdAt: T, mentions: many.slice(0, MAX_MENTIONS) })
    rejects({ type: 'status', text: 'all of you', createdAt: T, mentions: many }, /more than 20 mentions/)
  })

  it('refuse what is not a list of mentions', () => {
    for (const mentions of [null, {}, 'bob', [OTHER], [null], [[OTHER, 'bob']]]) {
      rejects({ type: 'status', text: 'hi', createdAt: T, mentions }, /mention/)
    }
  })

  it('need a canonical z-base-32 key', () => {
    const hex = Buffer.alloc(32, 2).toString('hex')
    for (const key of [hex, `rstatus://${OTHER}`, OTHER.toUpperCase(), ` ${OTHER}`, 'bob', 5]) {
      rejects({ type: 'status', text: 'hi', createdAt: T, mentions: [{ key, name: 'bob' }] }, /mention key/)
    }
  })

  it(`need a one-line name of 1 to ${MAX_MENTION_NAME_CHARS} characters`, () => {
    const ok = 'n'.repeat(MAX_MENTION_NAME_CHARS)
    accepts({ type: 'status', text: 'hi', createdAt: T, mentions: [{ key: OTHER, name: ok }] })
    for (const name of ['', '  ', ok + 'n', 'two\nlines', 'bell\u0007', 'para\u2029', 5, null]) {
      rejects({ type: 'status', text: 'hi', createdAt: T, mentions: [{ key: OTHER, name }] }, /mention name/)
    }
  })
})

describe('repost, like and unlike', () => {
  for (const type of ['repost', 'like', 'unlike'] as const) {
    it(`${type}: {type, of, createdAt}, where "of" is a status link`, () => {
      assert.deepEqual(accepts({ type, of: ref(OTHER, 4), createdAt: T, extra: 1 }), { type, of: ref(OTHER, 4), createdAt: T })
      rejects({ type, createdAt: T }, /"of"/)
      rejects({ type, of: `rstatus://${OTHER}`, createdAt: T }, /"of"/)
      rejects({ type, of: ref(OTHER, 0), createdAt: T }, /header/)
      rejects({ type, of: ref(OTHER, 4) }, /createdAt/)
    })

    it(`${type}: may name an earlier block of its own feed, not itself or a later one`, () => {
      accepts({ type, of: ref(ME, 3), createdAt: T }, 4)
      rejects({ type, of: ref(ME, 4), createdAt: T }, /itself or a later block/, 4)
    })
  }
})

describe('delete', () => {
  it('is {type, of, createdAt} naming an earlier status of its own feed', () => {
    assert.deepEqual(accepts({ type: 'delete', of: ref(ME, 3), createdAt: T }, 4), { type: 'delete', of: ref(ME, 3), createdAt: T })
  })

  it('cannot delete itself or a later block', () => {
    rejects({ type: 'delete', of: ref(ME, 4), createdAt: T }, /itself or a later block/, 4)
    rejects({ type: 'delete', of: ref(ME, 9), createdAt: T }, /itself or a later block/, 4)
  })

  it("is invalid when it names another feed's record: only the author withdraws a record", () => {
    rejects({ type: 'delete', of: ref(OTHER, 3), createdAt: T }, /own feed/, 4)
  })

  it('needs a status link', () => {
    rejects({ type: 'delete', of: OTHER, createdAt: T })
    rejects({ type: 'delete', createdAt: T })
  })
})

describe('profile', () => {
  it('is {type, name, bio, createdAt}', () => {
    const record = { type: 'profile', name: 'Alice', bio: 'Gardener.\nCyclist.', createdAt: T }
    assert.deepEqual(accepts(record), record)
  })

  it('reads a missing bio as empty', () => {
    assert.deepEqual(accepts({ type: 'profile', name: 'Alice', createdAt: T }), { type: 'profile', name: 'Alice', bio: '', createdAt: T })
  })

  it(`needs a one-line name of 1 to ${MAX_NAME_CHARS} characters`, () => {
    accepts({ type: 'profile', name: 'x'.repeat(MAX_NAME_CHARS), createdAt: T })
    accepts({ type: 'profile', name: 'Zoë 🌱', createdAt: T })
    for (const name of [undefined, null, 3, '', '   ', 'x'.repeat(MAX_NAME_CHARS + 1), 'a\nb', 'a\tb', 'a\u0085b', 'a\u2028b']) {
      rejects({ type: 'profile', name, createdAt: T }, /name/)
    }
  })

  it('refuses the bidi embeddings, overrides and isolates in a name, which can make it read as another', () => {
    for (const ch of ['\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069']) {
      rejects({ type: 'profile', name: `evil${ch}gnp.exe`, createdAt: T }, /one line/)
      rejects({ type: 'status', text: '@x', createdAt: T, mentions: [{ key: OTHER, name: `x${ch}` }] }, /mention name/)
    }
  })

  it('keeps the other format characters in a name: joiners build emoji and scripts', () => {
    accepts({ type: 'profile', name: 'family \u{1f468}\u200d\u{1f469}\u200d\u{1f467}', createdAt: T })
    accepts({ type: 'profile', name: 'می\u200cخواهم', createdAt: T })
    accepts({ type: 'profile', name: '\u200fشادی', createdAt: T })
  })

  it('refuses control characters in a bio, and keeps its line breaks', () => {
    accepts({ type: 'profile', name: 'a', bio: 'one\ntwo\tthree', createdAt: T })
    rejects({ type: 'profile', name: 'a', bio: 'bell\u0007', createdAt: T }, /bio.*control character U\+0007/)
  })

  it(`allows a bio of up to ${MAX_BIO_CHARS} characters, on several lines`, () => {
    accepts({ type: 'profile', name: 'a', bio: 'b'.repeat(MAX_BIO_CHARS), createdAt: T })
    rejects({ type: 'profile', name: 'a', bio: 'b'.repeat(MAX_BIO_CHARS + 1), createdAt: T }, /bio/)
    rejects({ type: 'profile', name: 'a', bio: null, createdAt: T }, /bio/)
    rejects({ type: 'profile', name: 'a', bio: 'x\ud800', createdAt: T }, /bio/)
  })

  it('drops unknown fields', () => {
    const record = accepts({ type: 'profile', name: 'a', bio: '', createdAt: T, banner: { blob: 'x' } })
    assert.deepEqual(Object.keys(record), ['type', 'name', 'bio', 'createdAt'])
  })
})

describe('follow and unfollow', () => {
  for (const type of ['follow', 'unfollow'] as const) {
    it(`${type}: {type, feed, createdAt} with a canonical z-base-32 key`, () => {
      assert.deepEqual(accepts({ type, feed: OTHER, createdAt: T }), { type, feed: OTHER, createdAt: T })
      const hex = Buffer.alloc(32, 2).toString('hex')
      for (const feed of [hex, `rstatus://${OTHER}`, `${OTHER} `, undefined, 7]) rejects({ type, feed, createdAt: T }, /feed/)
      rejects({ type, feed: OTHER }, /createdAt/)
    })
  }
})

describe('device links (PROTOCOL.md, "Devices")', () => {
  for (const type of ['device', 'identity'] as const) {
    it(`${type}: {type, feed, createdAt} naming another feed`, () => {
      assert.deepEqual(accepts({ type, feed: OTHER, createdAt: T, extra: 1 }), { type, feed: OTHER, createdAt: T })
      rejects({ type, feed: ME, createdAt: T }, /itself/)
      for (const feed of [Buffer.alloc(32, 2).toString('hex'), `rstatus://${OTHER}`, undefined, 7]) rejects({ type, feed, createdAt: T }, /feed/)
      rejects({ type, feed: OTHER }, /createdAt/)
    })
  }

  it('device-remove: {type, feed, after, createdAt} with a whole number after', () => {
    const record = { type: 'device-remove', feed: OTHER, after: 12, createdAt: T }
    assert.deepEqual(accepts(record), record)
    assert.deepEqual(accepts({ ...record, after: 0 }), { ...record, after: 0 })
    for (const after of [-1, 1.5, '3', null, undefined, 2 ** 53]) rejects({ ...record, after }, /after/)
    rejects({ ...record, feed: ME }, /itself/)
  })
})

describe('unknown record types', () => {
  it('are skipped, not counted as invalid, whatever their fields', () => {
    const result = decodeJson({ type: 'poll', question: { deep: [1, 2] }, createdAt: 'not checked' })
    assert.deepEqual(result, { ok: true, record: null, unknownType: 'poll' })
  })

  it('need a type of 1 to 64 characters', () => {
    rejects({ type: '' }, /type/)
    rejects({ type: 'x'.repeat(65) }, /type/)
    assert.equal(decodeJson({ type: 'x'.repeat(64) }).ok, true)
  })

  it('are told apart from records without a string type', () => {
    for (const type of [undefined, null, 1, ['status'], { type: 'status' }]) rejects({ type, text: 'x', createdAt: T }, /no "type"/)
  })

  it('match types exactly: "Status" is not "status"', () => {
    assert.deepEqual(decodeJson({ type: 'Status', text: 'x', createdAt: T }), { ok: true, record: null, unknownType: 'Status' })
  })
})

describe('decodeBlock()', () => {
  const ctx = { feed: ME, seq: 3 }

  it('refuses what is not a JSON object', () => {
    for (const text of ['[]', '"status"', '1', 'null', 'true']) {
      assert.deepEqual(decodeBlock(bytes(text), ctx), { ok: false, reason: 'block is not a JSON object' })
    }
  })

  it('refuses what is not JSON, including an empty block', () => {
    for (const text of ['', '{', "{'type':'status'}", '{"type":"status",}', 'NaN', '{"a":1}{"b":2}']) {
      assert.deepEqual(decodeBlock(bytes(text), ctx), { ok: false, reason: 'block is not JSON' })
    }
  })

  it('allows JSON white space around the object', () => {
    assert.equal(decodeBlock(bytes(` \n{"type":"like","of":"${ref(OTHER, 1)}","createdAt":1}\r\n`), ctx).ok, true)
  })

  it('refuses invalid UTF-8', () => {
    for (const raw of [[0xff], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xe2, 0x82], [0xf8, 0x88, 0x80, 0x80, 0x80]]) {
      const block = Buffer.concat([Buffer.from('{"type":"status","text":"'), Buffer.from(raw), Buffer.from('","createdAt":1}')])
      assert.deepEqual(decodeBlock(block, ctx), { ok: false, reason: 'block is not valid UTF-8' })
    }
  })

  it('refuses a byte order mark', () => {
    const block = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`{"type":"like","of":"${ref(OTHER, 1)}","createdAt":1}`)])
    assert.equal(decodeBlock(block, ctx).ok, false)
  })

  it(`accepts a block of exactly ${MAX_BLOCK_BYTES} bytes and refuses a larger one`, () => {
    const base = `{"type":"like","of":"${ref(OTHER, 1)}","createdAt":1,"pad":""}`
    const fill = MAX_BLOCK_BYTES - base.length
    const exact = base.replace('"pad":""', `"pad":"${'x'.repeat(fill)}"`)
    assert.equal(bytes(exact).byteLength, MAX_BLOCK_BYTES)
    assert.equal(decodeBlock(bytes(exact), ctx).ok, true)
    const over = decodeBlock(bytes(exact.replace('"pad":"', '"pad":"x')), ctx)
    assert.deepEqual(over, { ok: false, reason: `block is ${MAX_BLOCK_BYTES + 1} bytes (limit ${MAX_BLOCK_BYTES})` })
  })

  it('takes the last of duplicate fields, as JSON.parse does', () => {
    const r = decodeBlock(bytes(`{"type":"like","of":"${ref(OTHER, 1)}","createdAt":"x","createdAt":7}`), ctx)
    assert.ok(r.ok && r.record && 'createdAt' in r.record && r.record.createdAt === 7)
  })

  it('keeps "__proto__" and "constructor" fields inert', () => {
    const text = `{"type":"status","text":"hi","createdAt":1,"__proto__":{"replyTo":"${ref(OTHER, 1)}","polluted":1},"constructor":{"prototype":{"polluted":1}}}`
    const r = decodeBlock(bytes(text), ctx)
    assert.deepEqual(r, { ok: true, record: { type: 'status', text: 'hi', createdAt: 1 } })
    assert.equal(Object.getPrototypeOf(r.ok && r.record), Object.prototype)
    assert.equal(({} as Record<string, unknown>).polluted, undefined)
  })

  it('refuses a "__proto__" that would supply a missing field', () => {
    const text = `{"type":"like","__proto__":{"of":"${ref(OTHER, 1)}","createdAt":1}}`
    assert.equal(decodeBlock(bytes(text), ctx).ok, false)
  })
})

describe('validateRecord()', () => {
  it('reads only own fields, never inherited ones', () => {
    const inherited = Object.create({ type: 'status', text: 'hi', createdAt: T }) as object
    assert.equal(validateRecord(inherited, { feed: ME, seq: 3 }).ok, false)
  })

  it('does not read fields through a polluted Object.prototype', () => {
    const proto = Object.prototype as Record<string, unknown>
    proto.replyTo = ref(ME, 99)
    try {
      const r = validateRecord({ type: 'status', text: 'hi', createdAt: T }, { feed: ME, seq: 3 })
      assert.deepEqual(r, { ok: true, record: { type: 'status', text: 'hi', createdAt: T } })
    } finally {
      delete proto.replyTo
    }
  })

  it('reports a field that throws as a reason, never throwing itself', () => {
    const hostile = {
      get type(): string {
        throw new Error('boom')
      }
    }
    assert.deepEqual(validateRecord(hostile, { feed: ME, seq: 3 }), { ok: false, reason: 'record could not be validated' })
  })
})

describe('assertValidRecord() (the writer side)', () => {
  it('returns the record as it will be written', () => {
    assert.deepEqual(assertValidRecord({ type: 'like', of: ref(OTHER, 1), createdAt: T }, { feed: ME, seq: 3 }), {
      type: 'like',
      of: ref(OTHER, 1),
      createdAt: T
    })
  })

  it('throws Invalid with the reason readers would give', () => {
    assert.throws(() => assertValidRecord({ type: 'status', text: '', createdAt: T }, { feed: ME, seq: 3 }), (err: unknown) => {
      return err instanceof Invalid && err.message === 'status text is empty'
    })
  })

  it('refuses to write an unknown record type', () => {
    assert.throws(() => assertValidRecord({ type: 'poll', createdAt: T }, { feed: ME, seq: 3 }), /unknown record type "poll"/)
  })

  it('refuses a record whose fields are each within limits but whose block would be too large', () => {
    // 20 mentions whose names are 64 characters of 3 jamo each: 576 bytes per name.
    const name = JAMO_SYLLABLE.repeat(MAX_MENTION_NAME_CHARS)
    const mentions = Array.from({ length: MAX_MENTIONS }, (_, i) => ({ key: keyOf(i + 10), name }))
    const record = { type: 'status', text: JAMO_SYLLABLE.repeat(455), createdAt: T, mentions }
    assert.equal(validateRecord(record, { feed: ME, seq: 3 }).ok, true)
    assert.throws(() => assertValidRecord(record, { feed: ME, seq: 3 }), /bytes as JSON \(limit 16384\)/)
  })
})

describe('quote, content warning and sensitive (status fields)', () => {
  it('keeps a quote, a one-line warning and the sensitive flag', () => {
    assert.deepEqual(accepts({ type: 'status', text: 'look', createdAt: T, quote: ref(OTHER, 3), cw: 'spoilers', sensitive: true }), {
      type: 'status',
      text: 'look',
      createdAt: T,
      quote: ref(OTHER, 3),
      cw: 'spoilers',
      sensitive: true
    })
  })

  it('drops sensitive: false, which is what its absence says', () => {
    assert.equal('sensitive' in accepts({ type: 'status', text: 'x', createdAt: T, sensitive: false }), false)
  })

  it('rejects hostile versions', () => {
    rejects({ type: 'status', text: 'x', createdAt: T, quote: 'https://example.com/1' }, /quote/)
    rejects({ type: 'status', text: 'x', createdAt: T, quote: ref(ME, 10) }, /quote/)
    rejects({ type: 'status', text: 'x', createdAt: T, cw: '' }, /cw/)
    rejects({ type: 'status', text: 'x', createdAt: T, cw: 'two\nlines' }, /cw/)
    rejects({ type: 'status', text: 'x', createdAt: T, cw: 'x'.repeat(201) }, /cw/)
    rejects({ type: 'status', text: 'x', createdAt: T, cw: { toString: 'x' } }, /cw/)
    rejects({ type: 'status', text: 'x', createdAt: T, sensitive: 'yes' }, /sensitive/)
  })
})

describe('poll (a status field) and vote', () => {
  const poll = { choices: ['tea', 'coffee', 'water'], endsAt: T + 24 * 3_600_000 }

  it('keeps 2 to 4 choices and an end time', () => {
    assert.deepEqual(accepts({ type: 'status', text: 'which?', createdAt: T, poll }), { type: 'status', text: 'which?', createdAt: T, poll })
  })

  it('rejects too few or too many choices, repeats, empty or multi-line choices, and an end out of range', () => {
    rejects({ type: 'status', text: 'q', createdAt: T, poll: { ...poll, choices: ['one'] } }, /2 to 4/)
    rejects({ type: 'status', text: 'q', createdAt: T, poll: { ...poll, choices: ['a', 'b', 'c', 'd', 'e'] } }, /2 to 4/)
    rejects({ type: 'status', text: 'q', createdAt: T, poll: { ...poll, choices: ['a', 'a'] } }, /same choice/)
    rejects({ type: 'status', text: 'q', createdAt: T, poll: { ...poll, choices: ['a', ''] } }, /choice/)
    rejects({ type: 'status', text: 'q', createdAt: T, poll: { ...poll, choices: ['a', 'b\nc'] } }, /choice/)
    rejects({ type: 'status', text: 'q', createdAt: T, poll: { ...poll, choices: ['a', 'x'.repeat(51)] } }, /choice/)
    rejects({ type: 'status', text: 'q', createdAt: T, poll: { ...poll, endsAt: T + 60_000 } }, /runs/)
    rejects({ type: 'status', text: 'q', createdAt: T, poll: { ...poll, endsAt: T + 8 * 24 * 3_600_000 } }, /runs/)
    rejects({ type: 'status', text: 'q', createdAt: T, poll: { ...poll, endsAt: '1' } }, /endsAt/)
    rejects({ type: 'status', text: 'q', createdAt: T, poll: [] }, /poll/)
  })

  it('a vote names a status and a choice from 1 to 4', () => {
    assert.deepEqual(accepts({ type: 'vote', of: ref(OTHER, 4), choice: 2, createdAt: T }), { type: 'vote', of: ref(OTHER, 4), choice: 2, createdAt: T })
    for (const choice of [0, 5, 1.5, '1', null]) rejects({ type: 'vote', of: ref(OTHER, 4), choice, createdAt: T }, /choice/)
    rejects({ type: 'vote', of: 'nope', choice: 1, createdAt: T })
  })
})

describe('edit', () => {
  it('names a status of its own feed and carries the new text and what goes with it', () => {
    assert.deepEqual(accepts({ type: 'edit', of: ref(ME, 4), text: 'fixed', cw: 'cw', sensitive: true, createdAt: T, replyTo: ref(OTHER, 1) }), {
      type: 'edit',
      of: ref(ME, 4),
      text: 'fixed',
      createdAt: T,
      cw: 'cw',
      sensitive: true
    })
  })

  it('an edit of another feed\'s status is invalid', () => {
    rejects({ type: 'edit', of: ref(OTHER, 4), text: 'mine now', createdAt: T }, /an edit must name a record of its own feed/)
  })

  it('rejects an edit of a later block, of itself, or without text', () => {
    rejects({ type: 'edit', of: ref(ME, 10), text: 'x', createdAt: T })
    rejects({ type: 'edit', of: ref(ME, 11), text: 'x', createdAt: T })
    rejects({ type: 'edit', of: ref(ME, 4), createdAt: T }, /edit text/)
    rejects({ type: 'edit', of: ref(ME, 4), text: 'x'.repeat(MAX_STATUS_CHARS + 1), createdAt: T }, /edit text/)
  })
})

describe('pin and unpin', () => {
  it('name a status of their own feed', () => {
    assert.deepEqual(accepts({ type: 'pin', of: ref(ME, 2), createdAt: T }), { type: 'pin', of: ref(ME, 2), createdAt: T })
    assert.deepEqual(accepts({ type: 'unpin', of: ref(ME, 2), createdAt: T }), { type: 'unpin', of: ref(ME, 2), createdAt: T })
    rejects({ type: 'pin', of: ref(OTHER, 2), createdAt: T }, /a pin must name a record of its own feed/)
    rejects({ type: 'unpin', of: ref(OTHER, 2), createdAt: T }, /an unpin must name/)
  })
})

describe('link card (a status field)', () => {
  const text = 'read https://example.com/post'
  it('previews one of the links in the text; the description may be empty', () => {
    assert.deepEqual(accepts({ type: 'status', text, createdAt: T, card: { url: 'https://example.com/post', title: 'A post' } }), {
      type: 'status',
      text,
      createdAt: T,
      card: { url: 'https://example.com/post', title: 'A post', description: '' }
    })
  })

  it('rejects a card for a link the text does not have, and bad titles', () => {
    rejects({ type: 'status', text, createdAt: T, card: { url: 'https://evil.example/', title: 'x' } }, /card.url/)
    rejects({ type: 'status', text, createdAt: T, card: { url: 'https://example.com/post', title: '' } }, /card.title/)
    rejects({ type: 'status', text, createdAt: T, card: { url: 'https://example.com/post', title: 'a\nb' } }, /card.title/)
    rejects({ type: 'status', text, createdAt: T, card: 'https://example.com/post' }, /card/)
  })
})

describe('profile quotable', () => {
  it('keeps quotable: false and drops quotable: true (the default)', () => {
    assert.equal(accepts({ type: 'profile', name: 'a', createdAt: T, quotable: false }).type, 'profile')
    assert.equal((accepts({ type: 'profile', name: 'a', createdAt: T, quotable: false }) as { quotable?: boolean }).quotable, false)
    assert.equal('quotable' in accepts({ type: 'profile', name: 'a', createdAt: T, quotable: true }), false)
    rejects({ type: 'profile', name: 'a', createdAt: T, quotable: 'no' }, /quotable/)
  })
})

describe('profile handle', () => {
  it('keeps a domain in canonical form and refuses anything else', () => {
    const r = accepts({ type: 'profile', name: 'a', createdAt: T, handle: 'alice.example.org' }) as { handle?: string }
    assert.equal(r.handle, 'alice.example.org')
    for (const handle of ['Alice.example.org', 'alice.example.org.', 'localhost', 'bücher.example', '-a.example', 'a..example', '1.2.3.4', 7, '']) {
      rejects({ type: 'profile', name: 'a', createdAt: T, handle }, /handle/)
    }
  })
})
