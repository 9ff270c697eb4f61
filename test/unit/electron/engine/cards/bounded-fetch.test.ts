import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { boundedFetch, isPrivateAddress, type BoundedFetchOptions } from '../../../../../electron/engine/cards/bounded-fetch.js'

describe('boundedFetch, against a local HTTP server', () => {
  let server: http.Server
  let base = ''
  before(async () => {
    server = http.createServer((req, res) => {
      // Chunked, with no Content-Length: the cap must hold while the bytes stream in.
      res.writeHead(200, { 'content-type': 'application/octet-stream' })
      for (let i = 0; i < 8; i++) res.write(Buffer.alloc(1024, i))
      res.end()
    })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  after(async () => {
    server.closeAllConnections()
    await new Promise((r) => server.close(r))
  })

  const opts = (o: Partial<BoundedFetchOptions>): BoundedFetchOptions =>
    ({ signal: AbortSignal.timeout(5000), allowPrivate: true, maxBytes: 8192, overCap: 'fail', accept: '*/*', ...o })

  test('past the cap, gives up or keeps what arrived, as asked', async () => {
    assert.equal((await boundedFetch(`${base}/x`, opts({})))?.body.length, 8192)
    await assert.rejects(boundedFetch(`${base}/x`, opts({ maxBytes: 3000 })), /too large/)
    const head = await boundedFetch(`${base}/x`, opts({ maxBytes: 3000, overCap: 'truncate' }))
    assert.equal(head?.body.length, 3000)
    assert.equal(head?.url, `${base}/x`)
  })

  test('refuses a private address without the test setting, and a deadline already past', async () => {
    await assert.rejects(boundedFetch(`${base}/x`, opts({ allowPrivate: false })), /private address/)
    await assert.rejects(boundedFetch(`${base}/x`, opts({ signal: AbortSignal.abort() })))
  })

  test('isPrivateAddress knows loopback, private, link-local and mapped addresses', () => {
    for (const a of ['127.0.0.1', '10.1.2.3', '192.168.0.1', '172.20.0.1', '169.254.1.1', '::1', 'fd00::1', '::ffff:127.0.0.1', '0.0.0.0']) {
      assert.equal(isPrivateAddress(a), true, a)
    }
    for (const a of ['93.184.216.34', '2606:2800:220:1::1']) assert.equal(isPrivateAddress(a), false, a)
  })
})
