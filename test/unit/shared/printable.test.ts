import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { MAX_ECHO_CHARS, printable, printableText } from '../../../shared/printable.js'

describe('printable text', () => {
  test('printableText() neutralises terminal escapes and bidi overrides, keeping newlines and tabs', () => {
    assert.equal(printableText('a\u001b[2Jb\u0007c\u009bd'), 'a\ufffd[2Jb\ufffdc\ufffdd')
    assert.equal(printableText('evil\u202egnp.exe'), 'evil\ufffdgnp.exe')
    assert.equal(printableText('line\n\tnext'), 'line\n\tnext')
  })

  test('printableText() keeps every script, emoji sequences included, and marks a lone surrogate', () => {
    assert.equal(printableText('café 日本 😀 👨\u200d👩\u200d👧'), 'café 日本 😀 👨\u200d👩\u200d👧')
    assert.equal(printableText('half \ud800 of a pair'), 'half \ufffd of a pair')
  })

  test('printable() makes one short line: controls, line breaks and bidi controls become ?', () => {
    assert.equal(printable('--bogus\u001b'), '--bogus?')
    assert.equal(printable('two\nlines\u2028and\u2066more'), 'two?lines?and?more')
    assert.equal(printable('naïve'), 'naïve')
  })

  test('printable() cuts long input to MAX_ECHO_CHARS, ending in ...', () => {
    const long = printable('x'.repeat(500))
    assert.equal(long.length, MAX_ECHO_CHARS)
    assert.ok(long.endsWith('...'))
    assert.equal(printable('x'.repeat(MAX_ECHO_CHARS)), 'x'.repeat(MAX_ECHO_CHARS))
  })
})
