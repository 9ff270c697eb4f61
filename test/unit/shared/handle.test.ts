import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { RstatusError } from '../../../shared/errors.js'
import { handleFrom, isHandle, MAX_HANDLE_CHARS, parseHandle } from '../../../shared/handle.js'

describe('handles', () => {
  it('takes a domain as people type it and gives its canonical form', () => {
    assert.equal(handleFrom('@Alice.Example.org.'), 'alice.example.org')
    assert.equal(handleFrom('  alice.example.org '), 'alice.example.org')
    assert.equal(handleFrom('bücher.example'), 'xn--bcher-kva.example')
  })

  it('refuses what is not a domain name', () => {
    for (const text of ['', 'alice', 'alice@example.org', 'https://example.org', 'a b.example', 'example.org/x', '127.0.0.1', '[::1]', 'a_b.example']) {
      assert.equal(handleFrom(text), null, text)
    }
    assert.equal(isHandle(`${'a'.repeat(63)}.`.repeat(4) + 'example'), false, 'longer than a DNS name')
    assert.equal(isHandle(`${'a'.repeat(64)}.example`), false, 'a label over 63 characters')
    assert.ok(MAX_HANDLE_CHARS === 253)
  })

  it('says in one line what a handle looks like', () => {
    assert.throws(() => parseHandle('not a handle\u202e'), (err: unknown) => {
      assert.ok(err instanceof RstatusError)
      assert.equal(err.code, 'INVALID_INPUT')
      assert.match(err.message, /^Not a handle: ".*" \(expected a domain name such as alice\.example\.org\)$/)
      assert.doesNotMatch(err.message, /\u202e/)
      return true
    })
  })
})
