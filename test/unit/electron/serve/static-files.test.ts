import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { CONTENT_SECURITY_POLICY, securityHeaders } from '../../../../electron/serve/static-files.js'

function directives(csp: string): Map<string, string[]> {
  const map = new Map<string, string[]>()
  for (const part of csp.split(';')) {
    const [name, ...values] = part.trim().split(/\s+/)
    if (name) map.set(name, values)
  }
  return map
}

describe('the Content-Security-Policy', () => {
  const d = directives(CONTENT_SECURITY_POLICY)

  it('allows no inline script, no eval and no inline style', () => {
    assert.doesNotMatch(CONTENT_SECURITY_POLICY, /unsafe-inline|unsafe-eval|unsafe-hashes|wasm-unsafe-eval|strict-dynamic/)
    assert.doesNotMatch(CONTENT_SECURITY_POLICY, /'nonce-|'sha(256|384|512)-/)
  })

  it('names no remote origin and no wildcard', () => {
    assert.doesNotMatch(CONTENT_SECURITY_POLICY, /https?:|wss?:|\*/)
    for (const [name, values] of d) {
      for (const v of values) {
        assert.ok(["'self'", "'none'", 'data:', 'blob:'].includes(v), `${name} allows ${v}`)
      }
    }
  })

  it('defaults to nothing, scripts and styles from the app only', () => {
    assert.deepEqual(d.get('default-src'), ["'none'"])
    assert.deepEqual(d.get('script-src'), ["'self'"])
    assert.deepEqual(d.get('style-src'), ["'self'"])
    assert.deepEqual(d.get('connect-src'), ["'self'"])
  })

  it('blocks plugins, frames, base rewriting and form posts', () => {
    for (const name of ['object-src', 'frame-src', 'frame-ancestors', 'base-uri', 'form-action']) {
      assert.deepEqual(d.get(name), ["'none'"], name)
    }
  })

  it('only lets data: and blob: into images', () => {
    for (const [name, values] of d) {
      if (name !== 'img-src') assert.ok(!values.includes('data:') && !values.includes('blob:'), name)
    }
  })

  it('goes out with the other security headers', () => {
    const h = securityHeaders()
    assert.equal(h['Content-Security-Policy'], CONTENT_SECURITY_POLICY)
    assert.equal(h['X-Content-Type-Options'], 'nosniff')
    assert.equal(h['Referrer-Policy'], 'no-referrer')
  })
})
