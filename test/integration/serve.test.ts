import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import WebSocket from 'ws'
import { tmpDir } from '../helpers/tmp.js'
import { oneLine, rstatus, startServe, type ServeProcess } from './cli-process.js'
import { request } from '../helpers/http.js'


/** Resolves 'open' or the HTTP status the upgrade was refused with. */
function tryWebSocket(port: number, headers: Record<string, string>, origin?: string): Promise<'open' | number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/rpc`, { headers, ...(origin ? { origin } : {}) })
    ws.once('open', () => {
      ws.close()
      resolve('open')
    })
    ws.once('unexpected-response', (_req, res) => {
      ws.terminate()
      resolve(res.statusCode ?? 0)
    })
    ws.once('error', reject)
  })
}

describe('rstatus serve, as a separate process', () => {
  const tmp = tmpDir('rstatus-serve-')
  const data = path.join(tmp.dir, 'me')
  let serve: ServeProcess
  let secretName = ''

  before(async () => {
    secretName = 'Private Name ' + Math.random().toString(36).slice(2)
    const set = await rstatus(['--data', data, 'profile', '--name', secretName])
    assert.equal(set.code, 0, set.stderr)
    serve = await startServe(['--data', data, '--host', '127.0.0.1'])
  })
  after(async () => {
    await serve?.stop()
    tmp.cleanup()
  })

  test('it writes serve.json (0600) with its pid, port and token', () => {
    const file = path.join(data, 'serve.json')
    assert.equal(fs.statSync(file).mode & 0o777, 0o600)
    assert.deepEqual(JSON.parse(fs.readFileSync(file, 'utf8')), { pid: serve.child.pid, port: serve.port, token: serve.token })
  })

  test('without the token: 401, and no user data in the answer', async () => {
    for (const p of ['/', '/index.html', '/api/whoami']) {
      const r = await request(serve.port, { path: p })
      assert.equal(r.status, 401)
      assert.doesNotMatch(r.body, new RegExp(`${secretName}|${serve.key}`))
      if (p.startsWith('/api/')) assert.equal(JSON.parse(r.body).error.code, 'UNAUTHORIZED')
      else assert.match(r.body, /Open the link printed by rstatus serve/)
    }
    assert.equal(await tryWebSocket(serve.port, {}), 401)
  })

  test('a forged token is refused everywhere', async () => {
    const forged = 'f'.repeat(43)
    assert.equal((await request(serve.port, { path: `/?token=${forged}` })).status, 401)
    assert.equal((await request(serve.port, { headers: { cookie: `rstatus_${serve.port}=${forged}` } })).status, 401)
    const api = await request(serve.port, { method: 'POST', path: '/api/whoami', body: '{}', headers: { authorization: `Bearer ${forged}`, 'content-type': 'application/json' } })
    assert.equal(api.status, 401)
    assert.doesNotMatch(api.body, new RegExp(secretName))
    assert.equal(await tryWebSocket(serve.port, { authorization: `Bearer ${forged}` }), 401)
  })

  test('a wrong Host is refused, with the token (DNS rebinding)', async () => {
    const r = await request(serve.port, { path: `/?token=${serve.token}`, headers: { host: `rebind.example:${serve.port}` } })
    assert.equal(r.status, 403)
    assert.equal(r.headers['set-cookie'], undefined)
    assert.equal(await tryWebSocket(serve.port, { authorization: `Bearer ${serve.token}`, host: `rebind.example:${serve.port}` }), 403)
  })

  test('with the token: the cookie flow, the page headers, the API and the WebSocket', async () => {
    const first = await request(serve.port, { path: `/?token=${serve.token}` })
    assert.equal(first.status, 303)
    assert.equal(first.headers.location, '/')
    const cookie = (first.headers['set-cookie']?.[0] ?? '').split(';')[0] as string
    const page = await request(serve.port, { headers: { cookie } })
    // 200 with the built UI; 503 and a build hint when dist/renderer is missing. Never 401.
    assert.ok(page.status === 200 || page.status === 503, String(page.status))
    assert.match(String(page.headers['content-security-policy']), /script-src 'self'/)
    assert.equal(page.headers['x-content-type-options'], 'nosniff')
    assert.equal(page.headers['access-control-allow-origin'], undefined)

    const me = await request(serve.port, { method: 'POST', path: '/api/whoami', body: '{}', headers: { authorization: `Bearer ${serve.token}`, 'content-type': 'application/json' } })
    assert.equal(me.status, 200)
    assert.equal(JSON.parse(me.body).key, serve.key)
    assert.equal(JSON.parse(me.body).profile.name, secretName)

    assert.equal(await tryWebSocket(serve.port, { cookie }, `http://127.0.0.1:${serve.port}`), 'open')
    assert.equal(await tryWebSocket(serve.port, { authorization: `Bearer ${serve.token}` }), 'open')
  })

  test('a WebSocket with a wrong Origin is refused, even with the cookie', async () => {
    const cookie = `rstatus_${serve.port}=${serve.token}`
    assert.equal(await tryWebSocket(serve.port, { cookie }, 'http://evil.example'), 403)
    assert.equal(await tryWebSocket(serve.port, { cookie }, 'null'), 403)
    assert.equal(await tryWebSocket(serve.port, { cookie }), 403)
  })

  test('the token replayed from a different origin is refused', async () => {
    const evil = 'http://evil.example'
    assert.equal((await request(serve.port, { path: `/?token=${serve.token}`, headers: { origin: evil } })).status, 403)
    const api = await request(serve.port, { method: 'POST', path: '/api/post', body: '{"text":"pwned"}', headers: { authorization: `Bearer ${serve.token}`, origin: evil, 'content-type': 'application/json' } })
    assert.equal(api.status, 403)
    assert.equal(await tryWebSocket(serve.port, { authorization: `Bearer ${serve.token}` }, evil), 403)
    const timeline = JSON.parse((await rstatus(['--data', data, 'timeline', '--json'])).stdout) as Array<{ text: string }>
    assert.equal(timeline.some((s) => s.text === 'pwned'), false)
  })

  test('other commands on the same data directory go through the running serve', async () => {
    const post = await rstatus(['--data', data, 'post', 'routed through serve'])
    assert.equal(post.code, 0, post.stderr)
    assert.match(post.stdout, new RegExp(`^rstatus://${serve.key}/\\d+\\n$`))
    const who = await rstatus(['--data', data, 'whoami', '--json'])
    const me = JSON.parse(who.stdout) as { key: string; uri: string; peer: string }
    assert.deepEqual(Object.keys(me), ['key', 'uri', 'peer'])
    assert.deepEqual({ key: me.key, uri: me.uri }, { key: serve.key, uri: `rstatus://${serve.key}` })
    const timeline = JSON.parse((await rstatus(['--data', data, 'timeline', '--json'])).stdout) as Array<{ text: string }>
    assert.equal(timeline[0]?.text, 'routed through serve')
    const bad = await rstatus(['--data', data, 'delete', `rstatus://${serve.key}/9999`])
    assert.equal(bad.code, 1)
    assert.match(oneLine(bad), /^rstatus: no status at/)
  })

  test('reindex, check and a second serve are refused in one line while serve runs', async () => {
    const reindex = await rstatus(['--data', data, 'reindex'])
    assert.equal(reindex.code, 1)
    assert.match(oneLine(reindex), new RegExp(`^rstatus: stop rstatus serve \\(pid ${serve.child.pid}\\) first`))
    const check = await rstatus(['--data', data, 'check'])
    assert.equal(check.code, 1)
    assert.match(oneLine(check), /^rstatus: stop rstatus serve \(pid \d+\) first: check needs/)
    const second = await rstatus(['--data', data, 'serve', '--port', '0'])
    assert.equal(second.code, 1)
    assert.match(oneLine(second), new RegExp(`^rstatus: rstatus serve is already running for .* \\(pid ${serve.child.pid}, port ${serve.port}\\)$`))
  })

  test('SIGTERM shuts down cleanly: exit 0, serve.json removed, data intact on the next start', async () => {
    const code = await serve.stop()
    assert.equal(code, 0, serve.stderr())
    assert.equal(fs.existsSync(path.join(data, 'serve.json')), false)
    assert.equal(fs.existsSync(path.join(data, 'rstatus.lock')), false)
    const timeline = await rstatus(['--data', data, 'timeline', '--json'])
    assert.equal(timeline.code, 0, timeline.stderr)
    assert.equal((JSON.parse(timeline.stdout) as Array<{ text: string }>)[0]?.text, 'routed through serve')
  })
})

describe('rstatus serve: SIGINT and --no-ui', () => {
  test('SIGINT shuts down cleanly too; --no-ui serves the API but no pages', async (t) => {
    const tmp = tmpDir('rstatus-serve-')
    t.after(() => tmp.cleanup())
    const data = path.join(tmp.dir, 'me')
    const serve = await startServe(['--data', data], { serveArgs: ['--no-ui'] })
    t.after(() => serve.stop())
    const page = await request(serve.port, { headers: { authorization: `Bearer ${serve.token}` } })
    assert.equal(page.status, 404)
    const me = await request(serve.port, { method: 'POST', path: '/api/whoami', body: '', headers: { authorization: `Bearer ${serve.token}`, 'content-type': 'application/json' } })
    assert.equal(JSON.parse(me.body).key, serve.key)
    serve.child.kill('SIGINT')
    assert.equal(await serve.exited, 0, serve.stderr())
    assert.equal(fs.existsSync(path.join(data, 'serve.json')), false)
  })
})
