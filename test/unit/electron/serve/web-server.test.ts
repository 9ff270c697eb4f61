import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import WebSocket from 'ws'
import type { Api, EventName, Events, MethodName, Params, Result } from '../../../../shared/api/contract.js'
import { RstatusError } from '../../../../shared/errors.js'
import { createRpcClient } from '../../../../shared/rpc/client.js'
import { webSocketChannel, type WebSocketLike } from '../../../../shared/rpc/websocket-channel.js'
import { cookieName } from '../../../../electron/serve/auth.js'
import { startWebServer, type WebServer } from '../../../../electron/serve/web-server.js'
import { request } from '../../../helpers/http.js'

const SECRET_NAME = 'Private Person'
const KEY = 'ybndrfg8ejkmcpqxot1uwisza345h769ybndrfg8ejkmcpqxot1u'

function fakeApi() {
  const calls: string[] = []
  const listeners = new Set<(data: unknown) => void>()
  const api: Api = {
    async call<M extends MethodName>(method: M, params: Params<M>): Promise<Result<M>> {
      calls.push(method)
      if (method === 'whoami') {
        return { key: KEY, uri: `rstatus://${KEY}`, profile: { key: KEY, uri: `rstatus://${KEY}`, name: SECRET_NAME, bio: '', statuses: 0 } } as Result<M>
      }
      if (method === 'post') return { uri: `rstatus://${KEY}/1`, text: (params as { text: string }).text } as unknown as Result<M>
      throw new RstatusError('NOT_FOUND', 'nothing here')
    },
    on<E extends EventName>(event: E, fn: (data: Events[E]) => void) {
      if (event !== 'network') return () => {}
      listeners.add(fn as (data: unknown) => void)
      return () => void listeners.delete(fn as (data: unknown) => void)
    }
  }
  return {
    api,
    calls,
    emitNetwork: (data: Events['network']) => listeners.forEach((fn) => fn(data)),
    networkListeners: () => listeners.size
  }
}


/** Opens a WebSocket to /rpc; resolves with it when open, rejects with the HTTP status when refused. */
function openSocket(port: number, headers: Record<string, string>, origin?: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/rpc`, { headers, ...(origin ? { origin } : {}) })
    ws.once('open', () => resolve(ws))
    ws.once('unexpected-response', (_req, res) => {
      ws.terminate()
      reject(new Error(`HTTP ${res.statusCode}`))
    })
    ws.once('error', reject)
  })
}

async function waitFor(check: () => boolean, ms = 10_000): Promise<void> {
  const until = Date.now() + ms
  while (!check()) {
    if (Date.now() > until) throw new Error('timed out waiting')
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

function uiFixture(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rstatus-ui-'))
  fs.mkdirSync(path.join(dir, 'assets'))
  fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><script type="module" src="/assets/app.js"></script>')
  fs.writeFileSync(path.join(dir, 'assets', 'app.js'), 'console.log(1)')
  fs.writeFileSync(path.join(path.dirname(dir), 'rstatus-outside.txt'), 'outside')
  return dir
}

describe('the local web server', () => {
  let server: WebServer
  let fake: ReturnType<typeof fakeApi>
  let uiDir: string
  let cookie: string
  let origin: string

  before(async () => {
    fake = fakeApi()
    uiDir = uiFixture()
    server = await startWebServer({ api: fake.api, port: 0, ui: true, uiDir, log: () => {} })
    cookie = `${cookieName(server.port)}=${server.token}`
    origin = `http://127.0.0.1:${server.port}`
  })
  after(async () => {
    await server.close()
    fs.rmSync(uiDir, { recursive: true, force: true })
    fs.rmSync(path.join(path.dirname(uiDir), 'rstatus-outside.txt'), { force: true })
  })

  test('the printed URL is on 127.0.0.1 and carries the token', () => {
    assert.equal(server.url, `http://127.0.0.1:${server.port}/?token=${server.token}`)
  })

  test('without the token: 401 and a page with no user data', async () => {
    for (const p of ['/', '/assets/app.js']) {
      const r = await request(server.port, { path: p })
      assert.equal(r.status, 401, p)
      assert.match(r.body, /Open the link printed by <code>rstatus serve<\/code>/)
      assert.match(r.body, /--new-token/, 'says how a link stops working')
      assert.doesNotMatch(r.body, new RegExp(`${SECRET_NAME}|${KEY}|script`))
      assert.match(String(r.headers['content-security-policy']), /^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/]+='/, 'its own style, nothing else')
    }
    assert.deepEqual(fake.calls, [])
  })

  test('every error on /api and /rpc is JSON in the RPC\'s shape', async () => {
    const bearer = { authorization: `Bearer ${server.token}` }
    const json = { 'content-type': 'application/json' }
    const cases: Array<[string, Parameters<typeof request>[1], number, string]> = [
      ['no token', { method: 'POST', path: '/api/whoami', headers: json, body: '{}' }, 401, 'UNAUTHORIZED'],
      ['no token, GET', { path: '/api/whoami' }, 401, 'UNAUTHORIZED'],
      ['a forged token', { method: 'POST', path: '/api/whoami', headers: { ...json, authorization: 'Bearer nope' }, body: '{}' }, 401, 'UNAUTHORIZED'],
      ['another Origin', { method: 'POST', path: '/api/post', headers: { ...json, cookie, origin: 'http://evil.example' }, body: '{"text":"x"}' }, 403, 'NOT_ALLOWED'],
      ['a cookie without Origin', { method: 'POST', path: '/api/post', headers: { ...json, cookie }, body: '{"text":"x"}' }, 403, 'NOT_ALLOWED'],
      ['a wrong Host', { method: 'POST', path: '/api/whoami', headers: { ...json, ...bearer, host: 'evil.example' }, body: '{}' }, 403, 'NOT_ALLOWED'],
      ['an unknown method', { method: 'POST', path: '/api/nope', headers: { ...json, ...bearer }, body: '{}' }, 404, 'UNKNOWN_METHOD'],
      ['no method', { method: 'POST', path: '/api', headers: { ...json, ...bearer }, body: '{}' }, 404, 'UNKNOWN_METHOD'],
      ['GET', { path: '/api/whoami', headers: bearer }, 405, 'INVALID_INPUT'],
      ['not JSON', { method: 'POST', path: '/api/whoami', headers: { 'content-type': 'text/plain', ...bearer }, body: '{}' }, 415, 'INVALID_INPUT'],
      ['a body that is not UTF-8', { method: 'POST', path: '/api/post', headers: { ...json, ...bearer }, body: Buffer.from([0x7b, 0x22, 0x74, 0x65, 0x78, 0x74, 0x22, 0x3a, 0x22, 0xe9, 0x22, 0x7d]) }, 400, 'INVALID_INPUT'],
      ['/rpc without the token', { path: '/rpc' }, 401, 'UNAUTHORIZED'],
      ['/rpc without a WebSocket', { path: '/rpc', headers: bearer }, 426, 'INVALID_INPUT'],
      ['/rpc from another Origin', { path: '/rpc', headers: { ...bearer, origin: 'http://evil.example' } }, 403, 'NOT_ALLOWED']
    ]
    for (const [name, opts, status, code] of cases) {
      const r = await request(server.port, opts)
      assert.equal(r.status, status, name)
      assert.match(String(r.headers['content-type']), /^application\/json/, name)
      const body = JSON.parse(r.body) as { error: { code: string; message: string } }
      assert.equal(body.error.code, code, name)
      assert.equal(typeof body.error.message, 'string', name)
    }
    assert.equal(fake.calls.includes('post'), false)
  })

  test('a refused WebSocket upgrade answers JSON too', async () => {
    for (const [headers, status, code] of [[{}, 401, 'UNAUTHORIZED'], [{ authorization: `Bearer ${server.token}`, origin: 'http://evil.example' }, 403, 'NOT_ALLOWED']] as const) {
      const r = await request(server.port, { path: '/rpc', headers: { ...headers, connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-version': '13', 'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==' } })
      assert.equal(r.status, status)
      assert.match(String(r.headers['content-type']), /^application\/json/)
      assert.equal(JSON.parse(r.body).error.code, code)
    }
  })

  test('with the token in the URL: a cookie is set and the token leaves the address bar', async () => {
    const r = await request(server.port, { path: `/?token=${server.token}` })
    assert.equal(r.status, 303)
    assert.equal(r.headers.location, '/')
    const set = r.headers['set-cookie']?.[0] ?? ''
    assert.match(set, /HttpOnly/)
    assert.match(set, /SameSite=Strict/)
    assert.ok(set.startsWith(cookie + ';'))
  })

  test('with the cookie: the app, with a strict CSP and no CORS', async () => {
    const r = await request(server.port, { headers: { cookie } })
    assert.equal(r.status, 200)
    assert.match(r.body, /assets\/app\.js/)
    const csp = String(r.headers['content-security-policy'])
    for (const d of ["default-src 'self'", "script-src 'self'", `connect-src 'self' ws://127.0.0.1:${server.port}`, "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"]) {
      assert.ok(csp.includes(d), d)
    }
    assert.doesNotMatch(csp, /unsafe/)
    assert.equal(r.headers['x-content-type-options'], 'nosniff')
    assert.equal(r.headers['referrer-policy'], 'no-referrer')
    assert.equal(r.headers['access-control-allow-origin'], undefined)
    const js = await request(server.port, { path: '/assets/app.js', headers: { cookie } })
    assert.equal(js.status, 200)
    assert.match(String(js.headers['content-type']), /^text\/javascript/)
  })

  test('app routes fall back to index.html; missing assets and paths outside the UI are 404', async () => {
    assert.equal((await request(server.port, { path: '/profile/abc', headers: { cookie } })).status, 200)
    assert.equal((await request(server.port, { path: '/assets/nope.js', headers: { cookie } })).status, 404)
    for (const p of ['/../rstatus-outside.txt', '/%2e%2e/rstatus-outside.txt', '/assets/..%2f..%2frstatus-outside.txt']) {
      const r = await request(server.port, { path: p, headers: { cookie } })
      assert.doesNotMatch(r.body, /outside/, p)
    }
  })

  test('a forged token, in the URL, a cookie or a Bearer header, is refused', async () => {
    const forged = 'A'.repeat(43)
    assert.equal((await request(server.port, { path: `/?token=${forged}` })).status, 401)
    assert.equal((await request(server.port, { headers: { cookie: `${cookieName(server.port)}=${forged}` } })).status, 401)
    const api = await request(server.port, { method: 'POST', path: '/api/whoami', headers: { authorization: `Bearer ${forged}`, 'content-type': 'application/json' }, body: '{}' })
    assert.equal(api.status, 401)
    assert.deepEqual(fake.calls, [])
  })

  test('a wrong Host is refused, even with the token (DNS rebinding)', async () => {
    for (const host of [`evil.example:${server.port}`, `127.0.0.1:1`, 'localhost']) {
      const r = await request(server.port, { path: `/?token=${server.token}`, headers: { host, cookie } })
      assert.equal(r.status, 403, host)
      assert.equal(r.headers['set-cookie'], undefined)
    }
    const ok = await request(server.port, { headers: { host: `localhost:${server.port}`, cookie } })
    assert.equal(ok.status, 200)
  })

  test('POST /api/<method>: Bearer works; validation as over the socket', async () => {
    const post = (m: string, body: string, headers: Record<string, string> = {}) =>
      request(server.port, { method: 'POST', path: `/api/${m}`, body, headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json', ...headers } })
    const me = await post('whoami', '{}')
    assert.equal(me.status, 200)
    assert.equal(JSON.parse(me.body).key, KEY)
    const unknown = await post('dropTables', '{}')
    assert.equal(unknown.status, 404)
    assert.equal(JSON.parse(unknown.body).error.code, 'UNKNOWN_METHOD')
    const bad = await post('post', '{"text":5}')
    assert.equal(bad.status, 400)
    assert.equal(JSON.parse(bad.body).error.code, 'INVALID_INPUT')
    assert.equal((await post('post', 'not json')).status, 400)
    assert.equal((await post('whoami', '{}', { 'content-type': 'text/plain' })).status, 415)
    assert.equal((await request(server.port, { path: '/api/whoami', headers: { authorization: `Bearer ${server.token}` } })).status, 405)
  })

  test('POST /api with the cookie needs our Origin (no cross-site requests)', async () => {
    const body = '{"text":"x"}'
    const headers = { cookie, 'content-type': 'application/json' }
    const noOrigin = await request(server.port, { method: 'POST', path: '/api/post', body, headers })
    assert.equal(noOrigin.status, 403)
    const evil = await request(server.port, { method: 'POST', path: '/api/post', body, headers: { ...headers, origin: 'http://evil.example' } })
    assert.equal(evil.status, 403)
    const ours = await request(server.port, { method: 'POST', path: '/api/post', body, headers: { ...headers, origin } })
    assert.equal(ours.status, 200)
  })

  test('a WebSocket with the cookie and our Origin carries calls and events', async (t) => {
    const ws = await openSocket(server.port, { cookie }, origin)
    const client = createRpcClient(webSocketChannel(ws as unknown as WebSocketLike))
    t.after(() => {
      client.close()
      ws.close()
    })
    assert.equal((await client.call('whoami', {})).key, KEY)
    const got = new Promise<Events['network']>((resolve) => client.on('network', resolve))
    fake.emitNetwork({ online: true, peers: 2 })
    assert.deepEqual(await got, { online: true, peers: 2 })
    await assert.rejects(client.call('status', { uri: 'rstatus://x/1' }), (err: RstatusError) => err.code === 'NOT_FOUND')
  })

  test('a WebSocket with Bearer and no Origin works (local scripts, the CLI)', async () => {
    const ws = await openSocket(server.port, { authorization: `Bearer ${server.token}` })
    ws.close()
  })

  test('a WebSocket from another origin, or without credentials, is refused', async () => {
    await assert.rejects(openSocket(server.port, { cookie }, 'http://evil.example'), /HTTP 403/)
    await assert.rejects(openSocket(server.port, { cookie }, `http://localhost:${server.port}`), /HTTP 403/)
    await assert.rejects(openSocket(server.port, { cookie }), /HTTP 403/)
    await assert.rejects(openSocket(server.port, {}, origin), /HTTP 401/)
    await assert.rejects(openSocket(server.port, { authorization: `Bearer ${server.token}`, host: `evil.example:${server.port}` }), /HTTP 403/)
  })

  test('the token replayed to another origin is refused', async () => {
    // a page on another site that learnt the token cannot use it: its requests carry its own Origin
    const r = await request(server.port, { path: `/?token=${server.token}`, headers: { origin: 'http://evil.example' } })
    assert.equal(r.status, 403)
    await assert.rejects(openSocket(server.port, { authorization: `Bearer ${server.token}` }, 'http://evil.example'), /HTTP 403/)
  })
})

describe('the local web server under many clients', () => {
  test('twelve WebSockets share one engine listener per event, and all hear each event', async (t) => {
    const fake = fakeApi()
    const server = await startWebServer({ api: fake.api, port: 0, ui: false, log: () => {} })
    const sockets: WebSocket[] = []
    t.after(async () => {
      for (const ws of sockets) ws.terminate()
      await server.close()
    })
    for (let i = 0; i < 12; i++) sockets.push(await openSocket(server.port, { authorization: `Bearer ${server.token}` }))
    // the engine side sees one listener, not twelve: Node warns of a leak past ten
    assert.equal(fake.networkListeners(), 1)
    const heard = sockets.map((ws) => new Promise<unknown>((resolve) => ws.once('message', (d) => resolve(JSON.parse(String(d))))))
    fake.emitNetwork({ online: true, peers: 3 })
    for (const msg of await Promise.all(heard)) assert.deepEqual(msg, { event: 'network', data: { online: true, peers: 3 } })
    const closed = sockets.map((ws) => new Promise((resolve) => ws.once('close', resolve)))
    for (const ws of sockets) ws.close()
    await Promise.all(closed)
    await waitFor(() => fake.networkListeners() === 0)
  })

  test('a client that hangs up mid-request logs nothing', async (t) => {
    const fake = fakeApi()
    const lines: string[] = []
    const server = await startWebServer({ api: fake.api, port: 0, ui: false, log: (l) => lines.push(l) })
    t.after(() => server.close())
    for (const path of ['/api/post', '/1.1/statuses/update.json']) {
      const socket = net.connect(server.port, '127.0.0.1')
      await new Promise((resolve) => socket.once('connect', resolve))
      socket.write(`POST ${path} HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nAuthorization: Bearer ${server.token}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"text":`)
      await new Promise((resolve) => setTimeout(resolve, 50))
      socket.destroy()
    }
    // the server has seen both hang-ups once a later request on a fresh connection is answered
    const after = await request(server.port, { method: 'POST', path: '/api/whoami', headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' }, body: '{}' })
    assert.equal(after.status, 200)
    assert.deepEqual(lines, [])
    assert.equal(fake.calls.includes('post'), false)
  })
})

describe('the local web server without a UI', () => {
  test('--no-ui serves the API but no pages; an unbuilt UI says how to build it', async (t) => {
    const fake = fakeApi()
    const noUi = await startWebServer({ api: fake.api, port: 0, ui: false, log: () => {} })
    const unbuilt = await startWebServer({ api: fake.api, port: 0, ui: true, uiDir: path.join(os.tmpdir(), 'rstatus-no-such-ui'), log: () => {} })
    t.after(() => Promise.all([noUi.close(), unbuilt.close()]))
    const page = await request(noUi.port, { headers: { authorization: `Bearer ${noUi.token}` } })
    assert.equal(page.status, 404)
    assert.match(page.body, /--no-ui/)
    const api = await request(noUi.port, { method: 'POST', path: '/api/whoami', body: '{}', headers: { authorization: `Bearer ${noUi.token}`, 'content-type': 'application/json' } })
    assert.equal(api.status, 200)
    const hint = await request(unbuilt.port, { headers: { authorization: `Bearer ${unbuilt.token}` } })
    assert.equal(hint.status, 503)
    assert.match(hint.body, /npm run build/)
  })
})
