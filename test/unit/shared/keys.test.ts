import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import ids from 'hypercore-id-encoding'
import { RstatusError } from '../../../shared/errors.js'
import {
  feedUri,
  isKey,
  keyToHex,
  parseKey,
  parseRef,
  parseStatusUri,
  shortKey,
  statusUri
} from '../../../shared/keys.js'

const BYTES = Buffer.from('9f1c2e3d4c5b6a798877665544332211ffeeddccbbaa99887766554433221100', 'hex')
const HEX = BYTES.toString('hex')
const Z32 = ids.encode(BYTES)

function rejects(fn: () => unknown, code: 'INVALID_KEY' | 'INVALID_URI'): RstatusError {
  try {
    fn()
  } catch (err) {
    assert.ok(err instanceof RstatusError, `expected an RstatusError, got ${String(err)}`)
    assert.equal(err.code, code)
    assert.doesNotMatch(err.message, /\n/, 'an error for people is one line')
    return err
  }
  assert.fail('expected the input to be refused')
}

describe('parseKey()', () => {
  it('returns a canonical z-base-32 key unchanged', () => {
    assert.equal(Z32.length, 52)
    assert.equal(parseKey(Z32), Z32)
  })

  it('turns a hex key, in any case, into the same z-base-32 key', () => {
    assert.equal(parseKey(HEX), Z32)
    assert.equal(parseKey(HEX.toUpperCase()), Z32)
    assert.equal(parseKey(HEX.slice(0, 32).toUpperCase() + HEX.slice(32)), Z32)
  })

  it('trims white space around a pasted key', () => {
    assert.equal(parseKey(`  ${Z32}\n`), Z32)
    assert.equal(parseKey(`\t${HEX} `), Z32)
  })

  it('normalises a z-base-32 key whose unused low bits are set', () => {
    // 52 characters carry 260 bits for 256: the last character's low 4 bits are padding, so a canonical
    // key ends in "y" (0) or "o" (16), and the other 15 spellings of the same bytes are normalised.
    assert.match(Z32, /[yo]$/)
    const alphabet = 'ybndrfg8ejkmcpqxot1uwisza345h769'
    const last = alphabet.indexOf(Z32.charAt(51))
    const padded = Z32.slice(0, 51) + alphabet.charAt(last | 0b0101)
    assert.notEqual(padded, Z32)
    assert.equal(parseKey(padded), Z32)
  })

  it('refuses white space inside a key', () => {
    rejects(() => parseKey(Z32.slice(0, 20) + ' ' + Z32.slice(20)), 'INVALID_KEY')
  })

  it('refuses wrong lengths', () => {
    rejects(() => parseKey(Z32.slice(0, 51)), 'INVALID_KEY')
    rejects(() => parseKey(Z32 + 'y'), 'INVALID_KEY')
    rejects(() => parseKey(HEX.slice(0, 63)), 'INVALID_KEY')
    rejects(() => parseKey(HEX + '0'), 'INVALID_KEY')
    rejects(() => parseKey(''), 'INVALID_KEY')
  })

  it('refuses characters outside the z-base-32 alphabet, and upper-case z-base-32', () => {
    for (const bad of ['l', 'v', '0', '2', '-', 'é']) rejects(() => parseKey(bad + Z32.slice(1)), 'INVALID_KEY')
    rejects(() => parseKey(Z32.toUpperCase()), 'INVALID_KEY')
    rejects(() => parseKey('g' + HEX.slice(1)), 'INVALID_KEY')
  })

  it('refuses what is not text', () => {
    for (const bad of [undefined, null, 42, {}, [], BYTES]) rejects(() => parseKey(bad), 'INVALID_KEY')
  })

  it('refuses a link: parseKey is for bare keys', () => {
    rejects(() => parseKey(feedUri(Z32)), 'INVALID_KEY')
  })

  it('quotes garbage safely: short, one line, no control characters', () => {
    const err = rejects(() => parseKey('\u0000\u001b[31m' + 'x'.repeat(500)), 'INVALID_KEY')
    assert.doesNotMatch(err.message, /[\u0000-\u001f]/)
    assert.ok(err.message.length < 200)
  })
})

describe('isKey()', () => {
  it('says whether parseKey would accept the input', () => {
    assert.equal(isKey(Z32), true)
    assert.equal(isKey(HEX), true)
    assert.equal(isKey('not a key'), false)
    assert.equal(isKey(7), false)
  })
})

describe('parseRef()', () => {
  it('accepts a bare key', () => {
    assert.deepEqual(parseRef(Z32), { key: Z32 })
    assert.deepEqual(parseRef(HEX), { key: Z32 })
  })

  it('accepts a feed link and a status link', () => {
    assert.deepEqual(parseRef(`rstatus://${Z32}`), { key: Z32 })
    assert.deepEqual(parseRef(`rstatus://${Z32}/7`), { key: Z32, seq: 7 })
    assert.deepEqual(parseRef(`rstatus://${HEX}/7`), { key: Z32, seq: 7 })
  })

  it('accepts the scheme in any case, surrounding white space and trailing slashes', () => {
    assert.deepEqual(parseRef(`RSTATUS://${Z32}`), { key: Z32 })
    assert.deepEqual(parseRef(` rstatus://${Z32}/3 \n`), { key: Z32, seq: 3 })
    assert.deepEqual(parseRef(`rstatus://${Z32}/`), { key: Z32 })
    assert.deepEqual(parseRef(`rstatus://${Z32}/3/`), { key: Z32, seq: 3 })
    assert.deepEqual(parseRef(`rstatus://${Z32}//`), { key: Z32 })
  })

  it('reads a sequence number in decimal, from 0 to the largest safe integer', () => {
    assert.deepEqual(parseRef(`rstatus://${Z32}/0`), { key: Z32, seq: 0 })
    assert.deepEqual(parseRef(`rstatus://${Z32}/007`), { key: Z32, seq: 7 })
    assert.deepEqual(parseRef(`rstatus://${Z32}/${Number.MAX_SAFE_INTEGER}`), { key: Z32, seq: Number.MAX_SAFE_INTEGER })
  })

  it('refuses sequence numbers that are not small whole decimal numbers', () => {
    for (const seq of ['-1', '1.5', '1e3', '0x10', '+1', ' 1', '9007199254740992', '12345678901234567', 'abc', '١']) {
      rejects(() => parseRef(`rstatus://${Z32}/${seq}`), 'INVALID_URI')
    }
  })

  it('refuses malformed links', () => {
    for (const bad of [
      'rstatus://',
      'rstatus:///',
      `rstatus://${Z32}//5`,
      `rstatus://${Z32}/5/6`,
      `rstatus:// ${Z32}`,
      `rstatus://${Z32} /5`,
      `rstatus://${Z32}/ 5`,
      `rstatus://${Z32}?x=1`,
      `rstatus://${Z32}#5`,
      `rstatus://${Z32.slice(1)}/5`,
      `rstatus://user@${Z32}`
    ]) {
      rejects(() => parseRef(bad), 'INVALID_URI')
    }
  })

  it('reads other schemes and near misses as (bad) keys', () => {
    rejects(() => parseRef(`https://${Z32}`), 'INVALID_KEY')
    rejects(() => parseRef(`rstatus:${Z32}`), 'INVALID_KEY')
    rejects(() => parseRef(`pear://${Z32}`), 'INVALID_KEY')
  })

  it('refuses what is not text', () => {
    for (const bad of [undefined, null, 1, { key: Z32 }]) rejects(() => parseRef(bad), 'INVALID_KEY')
  })
})

describe('parseStatusUri()', () => {
  it('returns the key and sequence number of a status link', () => {
    assert.deepEqual(parseStatusUri(`rstatus://${Z32}/12`), { key: Z32, seq: 12 })
  })

  it('refuses a feed link or a bare key, naming the expected form', () => {
    const err = rejects(() => parseStatusUri(`rstatus://${Z32}`), 'INVALID_URI')
    assert.match(err.message, /rstatus:\/\/<key>\/<seq>/)
    rejects(() => parseStatusUri(Z32), 'INVALID_URI')
  })
})

describe('feedUri(), statusUri(), keyToHex(), shortKey()', () => {
  it('write the canonical forms, which parse back to the same values', () => {
    assert.equal(feedUri(Z32), `rstatus://${Z32}`)
    assert.equal(statusUri(Z32, 5), `rstatus://${Z32}/5`)
    assert.deepEqual(parseRef(feedUri(Z32)), { key: Z32 })
    assert.deepEqual(parseStatusUri(statusUri(Z32, 5)), { key: Z32, seq: 5 })
  })

  it('converts a key to lower-case hex and back', () => {
    assert.equal(keyToHex(Z32), HEX)
    assert.equal(parseKey(keyToHex(Z32)), Z32)
  })

  it('shortens a key to its first 8 characters', () => {
    assert.equal(shortKey(Z32), Z32.slice(0, 8))
  })
})
