// A busy `rstatus serve` keeps a quiet log: clients that hang up mid-request and a dozen open WebSockets are
// normal use, not failures, so its stderr holds no warning, no "failed" line and no stack trace.
import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import net from 'node:net'
import path from 'node:path'
import WebSocket from 'ws'
import { tmpDir } from '../helpers/tmp.js'
import { request } from '../helpers/http.js'
import { rstatus, startServe, type ServeProcess } from './cli-process.js'

describe('rstatus serve under ordinary load keeps a quiet log', () => {
  const tmp = tmpDir('rstatus-serve-log-')
  const data = path.join(tmp.dir, 'me')
  let serve: ServeProcess

  before(async () => {
    assert.equal((await rstatus(['--data', data, 'profile', '--name', 'Quiet'])).code, 0)
    serve = await startServe(['--data', data, '--host', '127.0.0.1'])
  })
  after(async () => {
    await serve?.stop()
    tmp.cleanup()
  })

  test('twelve WebSockets each hear a new status', async () => {
    const sockets: WebSocket[] = []
    for (let i = 0; i < 12; i++) {
      const ws = new WebSocket(`ws://127.0.0.1:${serve.port}/rpc`, { headers: { authorization: `Bearer ${serve.token}` } })
      await new Promise((resolve, reject) => {
        ws.once('open', resolve)
        ws.once('error', reject)
      })
      sockets.push(ws)
    }
    const heard = sockets.map(
      (ws) =>
        new Promise<void>((resolve) =>
          ws.on('message', (d) => {
            if ((JSON.parse(String(d)) as { event?: string }).event === 'statuses') resolve()
          })
        )
    )
    const posted = await request(serve.port, {
      method: 'POST',
      path: '/api/post',
      headers: { authorization: `Bearer ${serve.token}`, 'content-type': 'application/json' },
      body: '{"text":"to everyone listening"}'
    })
    assert.equal(posted.status, 200, posted.body)
    await Promise.all(heard)
    const closed = sockets.map((ws) => new Promise((resolve) => ws.once('close', resolve)))
    for (const ws of sockets) ws.close()
    await Promise.all(closed)
  })

  test('clients that hang up mid-body, and mid-answer, are not failures', async () => {
    for (const [path, body] of [['/api/post', '{"text":'], ['/1.1/statuses/update.json', 'status=half'], ['/api/preview', '']] as const) {
      const socket = net.connect(serve.port, '127.0.0.1')
      await new Promise((resolve) => socket.once('connect', resolve))
      const type = path.startsWith('/1.1/') ? 'application/x-www-form-urlencoded' : 'application/json'
      const length = path === '/api/preview' ? 2 : 100
      socket.write(`POST ${path} HTTP/1.1\r\nHost: 127.0.0.1:${serve.port}\r\nAuthorization: Bearer ${serve.token}\r\nContent-Type: ${type}\r\nContent-Length: ${length}\r\n\r\n${path === '/api/preview' ? '{}' : body}`)
      await new Promise((resolve) => setTimeout(resolve, 100))
      socket.destroy()
    }
    const after = await request(serve.port, { method: 'POST', path: '/api/whoami', headers: { authorization: `Bearer ${serve.token}`, 'content-type': 'application/json' }, body: '{}' })
    assert.equal(after.status, 200)
  })

  test('its log holds no warning, no failure and no stack trace', async () => {
    assert.equal(await serve.stop(), 0)
    const log = serve.stderr()
    assert.doesNotMatch(log, /Warning/)
    assert.doesNotMatch(log, /failed/)
    assert.doesNotMatch(log, /^\s+at /m)
  })
})
