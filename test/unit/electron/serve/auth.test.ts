import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import {
  allowedHost,
  authorize,
  bearerToken,
  cookieName,
  createToken,
  readCookie,
  sameOrigin,
  tokenMatches,
  type RequestFacts
} from '../../../../electron/serve/auth.js'

const PORT = 7420
const TOKEN = createToken()
const server = { token: TOKEN, port: PORT }
const cookie = `${cookieName(PORT)}=${TOKEN}`

function req(over: Partial<RequestFacts> & { headers?: RequestFacts['headers'] } = {}): RequestFacts {
  return { method: 'GET', url: '/', sensitive: false, ...over, headers: { host: `127.0.0.1:${PORT}`, ...over.headers } }
}

describe('tokens', () => {
  test('createToken gives 32 random bytes in base64url, different each time', () => {
    assert.match(TOKEN, /^[A-Za-z0-9_-]{43}$/)
    assert.notEqual(createToken(), TOKEN)
  })

  test('tokenMatches accepts only the exact token', () => {
    assert.equal(tokenMatches(TOKEN, TOKEN), true)
    assert.equal(tokenMatches(TOKEN.slice(0, -1), TOKEN), false)
    assert.equal(tokenMatches(TOKEN + 'x', TOKEN), false)
    assert.equal(tokenMatches('', TOKEN), false)
    assert.equal(tokenMatches(undefined, TOKEN), false)
    assert.equal(tokenMatches('x'.repeat(5000), TOKEN), false)
  })

  test('readCookie and bearerToken', () => {
    assert.equal(readCookie(`a=1; ${cookieName(PORT)}=abc; b=2`, cookieName(PORT)), 'abc')
    assert.equal(readCookie(`${cookieName(PORT + 1)}=abc`, cookieName(PORT)), undefined)
    assert.equal(bearerToken(`Bearer ${TOKEN}`), TOKEN)
    assert.equal(bearerToken(`Basic ${TOKEN}`), undefined)
  })
})

describe('host and origin', () => {
  test('allowedHost: 127.0.0.1:PORT and localhost:PORT only', () => {
    assert.equal(allowedHost(`127.0.0.1:${PORT}`, PORT), true)
    assert.equal(allowedHost(`LOCALHOST:${PORT}`, PORT), true)
    assert.equal(allowedHost(`127.0.0.1:${PORT + 1}`, PORT), false)
    assert.equal(allowedHost(`evil.example:${PORT}`, PORT), false)
    assert.equal(allowedHost('127.0.0.1', PORT), false)
    assert.equal(allowedHost(`[::1]:${PORT}`, PORT), false)
    assert.equal(allowedHost(undefined, PORT), false)
  })

  test('sameOrigin: exactly http://<the host asked for>', () => {
    assert.equal(sameOrigin(`http://127.0.0.1:${PORT}`, `127.0.0.1:${PORT}`), true)
    assert.equal(sameOrigin(`http://localhost:${PORT}`, `127.0.0.1:${PORT}`), false)
    assert.equal(sameOrigin(`https://127.0.0.1:${PORT}`, `127.0.0.1:${PORT}`), false)
    assert.equal(sameOrigin('null', `127.0.0.1:${PORT}`), false)
    assert.equal(sameOrigin(undefined, `127.0.0.1:${PORT}`), false)
  })
})

describe('authorize', () => {
  test('no token at all: unauthorized', () => {
    assert.deepEqual(authorize(req(), server), { kind: 'unauthorized' })
  })

  test('a valid ?token= sets the cookie and redirects without the token', () => {
    const d = authorize(req({ url: `/profile?x=1&token=${TOKEN}` }), server)
    assert.equal(d.kind, 'redirect')
    assert.ok(d.kind === 'redirect')
    assert.equal(d.location, '/profile?x=1')
    assert.match(d.cookie, new RegExp(`^${cookieName(PORT)}=${TOKEN}; `))
    assert.match(d.cookie, /HttpOnly/)
    assert.match(d.cookie, /SameSite=Strict/)
  })

  test('the redirect never leaves the server', () => {
    const d = authorize(req({ url: `//evil.example/?token=${TOKEN}` }), server)
    assert.ok(d.kind === 'redirect')
    assert.equal(d.location, '/')
  })

  test('a forged ?token= is refused', () => {
    assert.deepEqual(authorize(req({ url: `/?token=${createToken()}` }), server), { kind: 'unauthorized' })
  })

  test('the cookie lets pages and assets through', () => {
    assert.deepEqual(authorize(req({ url: '/assets/app.js', headers: { cookie } }), server), { kind: 'ok', via: 'cookie' })
  })

  test('a cookie with a forged token is refused', () => {
    assert.deepEqual(authorize(req({ headers: { cookie: `${cookieName(PORT)}=${createToken()}` } }), server), {
      kind: 'unauthorized'
    })
  })

  test('Bearer works without a cookie; a wrong Bearer is refused even with a good cookie', () => {
    assert.deepEqual(authorize(req({ headers: { authorization: `Bearer ${TOKEN}` } }), server), { kind: 'ok', via: 'bearer' })
    assert.deepEqual(authorize(req({ headers: { authorization: 'Bearer nope', cookie } }), server), { kind: 'unauthorized' })
  })

  test('a wrong Host is refused before anything else (DNS rebinding)', () => {
    for (const host of [`evil.example:${PORT}`, `127.0.0.1:${PORT + 1}`, undefined]) {
      assert.deepEqual(authorize(req({ headers: { host, cookie, authorization: `Bearer ${TOKEN}` } }), server), { kind: 'bad-host' })
      assert.deepEqual(authorize(req({ url: `/?token=${TOKEN}`, headers: { host } }), server), { kind: 'bad-host' })
    }
  })

  test('a WebSocket needs our Origin with a cookie; without Origin only Bearer will do', () => {
    const ws = { url: '/rpc', sensitive: true }
    const origin = `http://127.0.0.1:${PORT}`
    assert.deepEqual(authorize(req({ ...ws, headers: { cookie, origin } }), server), { kind: 'ok', via: 'cookie' })
    assert.deepEqual(authorize(req({ ...ws, headers: { cookie } }), server), { kind: 'bad-origin' })
    assert.deepEqual(authorize(req({ ...ws, headers: { cookie, origin: 'http://evil.example' } }), server), { kind: 'bad-origin' })
    assert.deepEqual(authorize(req({ ...ws, headers: { cookie, origin: `http://localhost:${PORT}` } }), server), { kind: 'bad-origin' })
    assert.deepEqual(authorize(req({ ...ws, headers: { authorization: `Bearer ${TOKEN}` } }), server), { kind: 'ok', via: 'bearer' })
    assert.deepEqual(authorize(req({ ...ws, headers: { origin } }), server), { kind: 'unauthorized' })
  })

  test('a token replayed from another origin is refused, even on a plain GET', () => {
    assert.deepEqual(
      authorize(req({ url: `/?token=${TOKEN}`, headers: { origin: 'http://evil.example' } }), server),
      { kind: 'bad-origin' }
    )
    assert.deepEqual(
      authorize(req({ headers: { authorization: `Bearer ${TOKEN}`, origin: 'http://evil.example' } }), server),
      { kind: 'bad-origin' }
    )
  })

  test('?token= does not authenticate a WebSocket or a POST', () => {
    assert.deepEqual(authorize(req({ url: `/rpc?token=${TOKEN}`, sensitive: true }), server), { kind: 'unauthorized' })
    assert.deepEqual(authorize(req({ method: 'POST', url: `/api/whoami?token=${TOKEN}`, sensitive: true }), server), {
      kind: 'unauthorized'
    })
  })
})

describe('authorize: per-app tokens', () => {
  const APP = 'rst_' + 'a'.repeat(43)
  const grant = { id: 'f'.repeat(64), name: 'reader', readOnly: true, messages: false }
  // the edge of the unit: the token store, answering for one token
  const withApps = { ...server, apps: { verify: (t: string | undefined) => (t === APP ? grant : null) } }

  test('a valid app token as Bearer gives its grant; the UI token still wins as itself', () => {
    assert.deepEqual(authorize(req({ headers: { authorization: `Bearer ${APP}` } }), withApps), { kind: 'ok', via: 'app', grant })
    assert.deepEqual(authorize(req({ headers: { authorization: `Bearer ${TOKEN}` } }), withApps), { kind: 'ok', via: 'bearer' })
    assert.deepEqual(authorize(req({ url: '/rpc', sensitive: true, headers: { authorization: `Bearer ${APP}` } }), withApps), { kind: 'ok', via: 'app', grant })
  })

  test('a forged or unknown app token is refused, and no store means no app tokens', () => {
    assert.deepEqual(authorize(req({ headers: { authorization: `Bearer ${APP}x` } }), withApps), { kind: 'unauthorized' })
    assert.deepEqual(authorize(req({ headers: { authorization: `Bearer ${APP}` } }), server), { kind: 'unauthorized' })
    assert.deepEqual(authorize(req({ headers: { authorization: `Basic ${APP}` } }), withApps), { kind: 'unauthorized' })
  })

  test('an app token never opens a session: not as ?token=, not as a cookie', () => {
    assert.deepEqual(authorize(req({ url: `/?token=${APP}` }), withApps), { kind: 'unauthorized' })
    assert.deepEqual(authorize(req({ headers: { cookie: `${cookieName(PORT)}=${APP}` } }), withApps), { kind: 'unauthorized' })
  })

  test('an app token from another origin is refused before it is checked', () => {
    let asked = false
    const watching = { ...server, apps: { verify: () => ((asked = true), grant) } }
    assert.deepEqual(authorize(req({ headers: { authorization: `Bearer ${APP}`, origin: 'http://evil.example' } }), watching), { kind: 'bad-origin' })
    assert.equal(asked, false)
  })
})
