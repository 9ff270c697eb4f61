import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { hardenContents, hardenSession, type ContentsLike, type SessionLike } from '../../../../electron/main/security.js'

type Details = { requestingUrl?: string; isMainFrame?: boolean }

function fakeSession() {
  const handlers: {
    request?: Parameters<SessionLike['setPermissionRequestHandler']>[0]
    check?: Parameters<SessionLike['setPermissionCheckHandler']>[0]
    beforeRequest?: Parameters<SessionLike['webRequest']['onBeforeRequest']>[0]
  } = {}
  const session: SessionLike = {
    setPermissionRequestHandler: (h) => void (handlers.request = h),
    setPermissionCheckHandler: (h) => void (handlers.check = h),
    webRequest: { onBeforeRequest: (h) => void (handlers.beforeRequest = h) }
  }
  const request = (permission: string, details: Details) => {
    let granted: boolean | undefined
    handlers.request!(null, permission, (g) => (granted = g), details)
    return granted
  }
  const check = (permission: string, origin: string, details: Details = {}) => handlers.check!(null, permission, origin, details)
  const load = (url: string) => {
    let cancel: boolean | undefined
    handlers.beforeRequest!({ url }, (r) => (cancel = r.cancel))
    return cancel
  }
  return { session, request, check, load }
}

type Listener = (event: { url: string; preventDefault(): void }) => void

function fakeContents() {
  const listeners = new Map<string, Listener[]>()
  let openHandler: ((d: { url: string }) => { action: 'deny' }) | null = null
  const contents: ContentsLike = {
    on(event: string, listener: Listener) {
      listeners.set(event, [...(listeners.get(event) ?? []), listener])
      return contents
    },
    setWindowOpenHandler: (h) => void (openHandler = h)
  }
  const fire = (event: string, url = '') => {
    let prevented = false
    for (const l of listeners.get(event) ?? []) l({ url, preventDefault: () => (prevented = true) })
    return prevented
  }
  return { contents, fire, open: (url: string) => openHandler!({ url }) }
}

describe('hardenSession', () => {
  it('denies permission requests (camera, location, notifications...)', () => {
    const s = fakeSession()
    hardenSession(s.session)
    for (const p of ['media', 'geolocation', 'notifications', 'clipboard-read', 'display-capture', 'openExternal']) {
      assert.equal(s.request(p, { requestingUrl: 'app://rstatus/index.html', isMainFrame: true }), false, p)
    }
  })

  it('grants clipboard writes to the app page and to no one else', () => {
    const s = fakeSession()
    hardenSession(s.session)
    assert.equal(s.request('clipboard-sanitized-write', { requestingUrl: 'app://rstatus/index.html', isMainFrame: true }), true)
    assert.equal(s.request('clipboard-sanitized-write', { requestingUrl: 'https://evil.example/', isMainFrame: true }), false)
    assert.equal(s.check('clipboard-sanitized-write', 'app://rstatus'), true)
    assert.equal(s.check('clipboard-sanitized-write', 'https://evil.example'), false)
    assert.equal(s.check('notifications', 'app://rstatus'), false)
  })

  it('cancels every request that is not the app’s own or in-memory data', () => {
    const s = fakeSession()
    const logged: string[] = []
    hardenSession(s.session, (line) => logged.push(line))
    assert.equal(s.load('app://rstatus/assets/index.js'), false)
    assert.equal(s.load('data:image/png;base64,AA=='), false)
    assert.equal(s.load('https://tracker.example/pixel.gif'), true)
    assert.equal(s.load('file:///etc/passwd'), true)
    assert.equal(s.load('ws://127.0.0.1:7420/rpc'), true)
    assert.ok(logged.some((l) => l.includes('https')))
    assert.ok(!logged.some((l) => l.includes('tracker.example')), 'blocked URLs are not logged in full')
  })
})

describe('hardenContents', () => {
  it('stops navigation away from the app and opens http(s) in the browser', () => {
    const c = fakeContents()
    const opened: string[] = []
    hardenContents(c.contents, (url) => opened.push(url))
    assert.equal(c.fire('will-navigate', 'https://example.org/a'), true)
    assert.deepEqual(opened, ['https://example.org/a'])
  })

  it('lets the app navigate within itself', () => {
    const c = fakeContents()
    const opened: string[] = []
    hardenContents(c.contents, (url) => opened.push(url))
    assert.equal(c.fire('will-navigate', 'app://rstatus/index.html#/home'), false)
    assert.deepEqual(opened, [])
  })

  it('stops file:, javascript: and custom-scheme navigations without opening them', () => {
    const c = fakeContents()
    const opened: string[] = []
    hardenContents(c.contents, (url) => opened.push(url))
    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'rstatus://x', 'smb://server/share']) {
      assert.equal(c.fire('will-navigate', url), true, url)
    }
    assert.deepEqual(opened, [])
  })

  it('guards frame navigations and redirects the same way', () => {
    const c = fakeContents()
    hardenContents(c.contents, () => {})
    assert.equal(c.fire('will-frame-navigate', 'https://example.org/'), true)
    assert.equal(c.fire('will-redirect', 'https://example.org/'), true)
    assert.equal(c.fire('will-redirect', 'app://rstatus/index.html'), false)
  })

  it('denies every new window; http(s) ones open in the browser, others nowhere', () => {
    const c = fakeContents()
    const opened: string[] = []
    hardenContents(c.contents, (url) => opened.push(url))
    assert.deepEqual(c.open('https://example.org/x'), { action: 'deny' })
    assert.deepEqual(c.open('javascript:alert(1)'), { action: 'deny' })
    assert.deepEqual(c.open('file:///etc/passwd'), { action: 'deny' })
    assert.deepEqual(c.open('app://rstatus/index.html'), { action: 'deny' })
    assert.deepEqual(opened, ['https://example.org/x'])
  })

  it('refuses <webview> tags', () => {
    const c = fakeContents()
    hardenContents(c.contents, () => {})
    assert.equal(c.fire('will-attach-webview'), true)
  })
})
