import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { loopbackOrOob, OOB, parseScopes, scopesWrite, tokenNameFor } from '../../../../../electron/serve/mastodon-api/oauth.js'

describe('Mastodon OAuth rules', () => {
  test('redirects: oob and http on the loopback interface only', () => {
    for (const ok of [OOB, 'http://127.0.0.1/cb', 'http://127.0.0.1:51234/callback?x=1', 'http://localhost:8080/', 'http://[::1]:9000/cb']) {
      assert.equal(loopbackOrOob(ok), true, ok)
    }
    for (const bad of [
      'https://127.0.0.1/cb', 'http://127.0.0.2/cb', 'http://localhost.evil.example/', 'http://example.com/cb', 'myapp://oauth',
      'http://user:pass@127.0.0.1/cb', 'http://127.0.0.1/cb#frag', 'javascript:alert(1)', '', 'urn:ietf:wg:oauth:2.0:oob:auto'
    ]) {
      assert.equal(loopbackOrOob(bad), false, bad)
    }
  })

  test('scopes: Mastodon\'s top-level and granular scopes; write-like ones make a read-write token', () => {
    assert.deepEqual(parseScopes('read write follow'), ['read', 'write', 'follow'])
    assert.deepEqual(parseScopes('read+write:statuses'), ['read', 'write:statuses'])
    assert.deepEqual(parseScopes(undefined), ['read'])
    assert.deepEqual(parseScopes('  '), ['read'])
    assert.equal(parseScopes('read admin:write'), null)
    assert.equal(parseScopes('read <script>'), null)
    assert.equal(scopesWrite(['read']), false)
    assert.equal(scopesWrite(['read:statuses', 'push']), false)
    assert.equal(scopesWrite(['read', 'write:media']), true)
    assert.equal(scopesWrite(['follow']), true)
  })

  test('an app token is named after the app: cleaned to what token names allow, and unique', () => {
    assert.equal(tokenNameFor('Tusky', new Set()), 'Tusky')
    assert.equal(tokenNameFor('Tusky', new Set(['tusky'])), 'Tusky 2')
    assert.equal(tokenNameFor('Tusky', new Set(['Tusky', 'Tusky 2'])), 'Tusky 3')
    assert.equal(tokenNameFor('  Elk (web) 🦌 ', new Set()), 'Elk web')
    assert.equal(tokenNameFor('<>!!', new Set()), 'Mastodon app')
    assert.equal(tokenNameFor('x'.repeat(300), new Set()).length <= 60, true)
    assert.match(tokenNameFor('..hidden', new Set()), /^[\p{L}\p{N}]/u)
  })
})
