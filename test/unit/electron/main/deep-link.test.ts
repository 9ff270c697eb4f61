import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { deepLinkRoute, findDeepLink, protocolClientArgs } from '../../../../electron/main/deep-link.js'
import { isNavigableRoute } from '../../../../shared/desktop/ipc.js'
import { keyToHex, parseKey } from '../../../../shared/keys.js'

const KEY = parseKey('ab'.repeat(32))

describe('deepLinkRoute', () => {
  it('opens a profile for rstatus://<key>', () => {
    assert.deepEqual(deepLinkRoute(`rstatus://${KEY}`), { ok: true, route: `/profile/${KEY}` })
    assert.deepEqual(deepLinkRoute(`rstatus://${KEY}/`), { ok: true, route: `/profile/${KEY}` })
  })

  it('opens a status in its thread for rstatus://<key>/<seq>', () => {
    assert.deepEqual(deepLinkRoute(`rstatus://${KEY}/42`), { ok: true, route: `/status/${KEY}/42` })
  })

  it('accepts an upper-case scheme and a hex key, and routes to the canonical key', () => {
    const r = deepLinkRoute(`RSTATUS://${keyToHex(KEY)}/1`)
    assert.deepEqual(r, { ok: true, route: `/status/${KEY}/1` })
  })

  it('produces only routes the preload will follow', () => {
    for (const link of [`rstatus://${KEY}`, `rstatus://${KEY}/0`, `rstatus://${KEY}/9007199254740991`]) {
      const r = deepLinkRoute(link)
      assert.ok(r.ok && isNavigableRoute(r.route), link)
    }
  })

  it('refuses garbage with a clear one-line message', () => {
    for (const link of [
      'rstatus://nonsense',
      `rstatus://${KEY}/abc`,
      `rstatus://${KEY}/1/2`,
      `rstatus://${KEY}/-1`,
      `rstatus://${KEY}?x=<script>`,
      'rstatus://',
      'rstatus://' + 'a'.repeat(5000),
      'rstatus://\u0000\u001b[31m',
      'https://example.org/',
      ''
    ]) {
      const r = deepLinkRoute(link)
      assert.equal(r.ok, false, link.slice(0, 40))
      if (!r.ok) {
        assert.ok(r.message.length > 0 && r.message.length < 200, r.message)
        assert.doesNotMatch(r.message, /\n|\u001b|\u0000/)
      }
    }
  })

  it('says what a link should look like', () => {
    const r = deepLinkRoute('rstatus://nonsense')
    assert.ok(!r.ok && /rstatus:\/\/<key>/.test(r.message), JSON.stringify(r))
  })
})

describe('findDeepLink', () => {
  it('finds the link the OS appended to the command line', () => {
    assert.equal(findDeepLink(['/opt/rstatus/rstatus', '--no-sandbox', `rstatus://${KEY}`]), `rstatus://${KEY}`)
    assert.equal(findDeepLink(['electron.exe', '.', `RSTATUS://${KEY}/3`]), `RSTATUS://${KEY}/3`)
  })

  it('returns null without one', () => {
    assert.equal(findDeepLink(['/opt/rstatus/rstatus', '--flag', 'https://example.org']), null)
    assert.equal(findDeepLink([]), null)
  })
})

describe('protocolClientArgs', () => {
  it('registers the packaged app as is', () => {
    assert.deepEqual(protocolClientArgs(false, '/opt/rstatus/rstatus', undefined), ['rstatus'])
  })

  it('registers electron with the app folder during development', () => {
    assert.deepEqual(protocolClientArgs(true, '/x/electron', '/work/main'), ['rstatus', '/x/electron', ['/work/main']])
  })
})
