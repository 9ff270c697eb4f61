import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { allowPermission, decideNavigation, decideWindowOpen, externalUrl, isAllowedRequest } from '../../../../electron/main/web-policy.js'

describe('externalUrl (what shell.openExternal may get)', () => {
  it('passes http and https links, normalised', () => {
    assert.equal(externalUrl('https://example.org/a?b=c#d'), 'https://example.org/a?b=c#d')
    assert.equal(externalUrl('http://EXAMPLE.org'), 'http://example.org/')
  })

  it('refuses javascript:, file:, data:, custom and OS schemes', () => {
    for (const url of [
      'javascript:alert(1)',
      'JAVASCRIPT:alert(1)',
      'file:///etc/passwd',
      'data:text/html,<script>alert(1)</script>',
      'smb://host/share',
      'ms-settings:privacy',
      'rstatus://abc',
      'app://rstatus/index.html',
      'vbscript:msgbox',
      'about:blank',
      'chrome://settings'
    ]) {
      assert.equal(externalUrl(url), null, url)
    }
  })

  it('refuses credentials in the URL, malformed input and non-strings', () => {
    assert.equal(externalUrl('https://user:pass@example.org/'), null)
    assert.equal(externalUrl('not a url'), null)
    assert.equal(externalUrl(''), null)
    assert.equal(externalUrl(undefined), null)
    assert.equal(externalUrl(42), null)
    assert.equal(externalUrl('https://example.org/' + 'a'.repeat(5000)), null)
  })
})

describe('decideNavigation', () => {
  it('lets the page move inside app://rstatus', () => {
    assert.deepEqual(decideNavigation('app://rstatus/index.html#/home'), { allow: true })
  })

  it('stops navigation away and sends http(s) to the system browser', () => {
    assert.deepEqual(decideNavigation('https://example.org/'), { allow: false, openExternal: 'https://example.org/' })
  })

  it('stops navigation to other schemes and other app hosts without opening anything', () => {
    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'app://evil/index.html', 'devtools://devtools/x']) {
      assert.deepEqual(decideNavigation(url), { allow: false, openExternal: null }, url)
    }
  })
})

describe('decideWindowOpen', () => {
  it('never creates a window; http(s) opens externally', () => {
    assert.deepEqual(decideWindowOpen('https://example.org/'), { action: 'deny', openExternal: 'https://example.org/' })
    assert.deepEqual(decideWindowOpen('app://rstatus/index.html'), { action: 'deny', openExternal: null })
    assert.deepEqual(decideWindowOpen('file:///tmp/x'), { action: 'deny', openExternal: null })
  })
})

describe('allowPermission', () => {
  const app = { requestingUrl: 'app://rstatus/index.html', isMainFrame: true }

  it('refuses every permission the app does not need, even from its own page', () => {
    for (const p of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fullscreen', 'midi', 'hid', 'usb', 'serial', 'unknown']) {
      assert.equal(allowPermission(p, app), false, p)
    }
  })

  it('allows clipboard writes from the app page only', () => {
    assert.equal(allowPermission('clipboard-sanitized-write', app), true)
    assert.equal(allowPermission('clipboard-sanitized-write', { requestingUrl: 'https://example.org/', isMainFrame: true }), false)
    assert.equal(allowPermission('clipboard-sanitized-write', { requestingUrl: 'app://rstatus/', isMainFrame: false }), false)
    assert.equal(allowPermission('clipboard-sanitized-write', {}), false)
  })
})

describe('isAllowedRequest', () => {
  it('lets the app load its own files and in-memory data', () => {
    for (const url of ['app://rstatus/assets/index.js', 'data:image/png;base64,AAAA', 'blob:app://rstatus/1234', 'devtools://devtools/bundled/x.js']) {
      assert.equal(isAllowedRequest(url), true, url)
    }
  })

  it('blocks everything remote or local-file', () => {
    for (const url of ['https://example.org/x.js', 'http://127.0.0.1:7420/', 'ws://127.0.0.1/rpc', 'file:///etc/passwd', 'app://other/x.js', 'ftp://x/', 'nonsense']) {
      assert.equal(isAllowedRequest(url), false, url)
    }
  })
})
