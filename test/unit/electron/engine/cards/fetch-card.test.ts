import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { fetchCard, isPrivateAddress, readMeta } from '../../../../../electron/engine/cards/fetch-card.js'

describe('fetchCard, against a local HTTP server', () => {
  let server: http.Server
  let base = ''
  const hung: http.ServerResponse[] = []
  before(async () => {
    server = http.createServer((req, res) => {
      const path = req.url ?? '/'
      const hops = /^\/hop\/(\d+)$/.exec(path)
      if (hops) {
        const n = Number(hops[1])
        res.writeHead(302, { location: n > 1 ? `/hop/${n - 1}` : '/page' })
        return res.end()
      }
      if (path === '/page') {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
        return res.end('<html><head><title>Plain title</title><meta property="og:title" content="Boats &amp; sails"><meta name="description" content="A page\nabout &lt;boats&gt;\u001b[31m"></head></html>')
      }
      if (path === '/title-only') {
        res.writeHead(200, { 'content-type': 'text/html' })
        return res.end('<title>Just a title</title>')
      }
      if (path === '/image') {
        res.writeHead(200, { 'content-type': 'image/png' })
        return res.end(Buffer.alloc(10))
      }
      if (path === '/huge') {
        res.writeHead(200, { 'content-type': 'text/html' })
        res.write('<title>' + 'x'.repeat(100) + '</title>')
        // Far past the cap: the fetch stops reading; the title arrived in the first bytes.
        for (let i = 0; i < 64; i++) res.write('y'.repeat(64 * 1024))
        return res.end()
      }
      if (path === '/never') {
        hung.push(res)
        return
      }
      res.writeHead(404)
      res.end()
    })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  after(async () => {
    for (const res of hung) res.destroy()
    server.closeAllConnections()
    await new Promise((r) => server.close(r))
  })

  const local = { allowPrivate: true }

  test('reads og:title and the description, as plain one-line text', async () => {
    assert.deepEqual(await fetchCard(`${base}/page`, local), {
      url: `${base}/page`,
      title: 'Boats & sails',
      description: 'A page about <boats> [31m'
    })
    assert.deepEqual(await fetchCard(`${base}/title-only`, local), { url: `${base}/title-only`, title: 'Just a title', description: '' })
  })

  test('follows up to 3 redirects, and no more', async () => {
    assert.equal((await fetchCard(`${base}/hop/3`, local))?.title, 'Boats & sails')
    assert.equal(await fetchCard(`${base}/hop/4`, local), null)
  })

  test('refuses loopback and private addresses unless the test setting allows them', async () => {
    assert.equal(await fetchCard(`${base}/page`), null)
    for (const a of ['127.0.0.1', '10.1.2.3', '192.168.0.1', '172.20.0.1', '169.254.1.1', '::1', 'fd00::1', '::ffff:127.0.0.1', '0.0.0.0']) {
      assert.equal(isPrivateAddress(a), true, a)
    }
    for (const a of ['93.184.216.34', '2606:2800:220:1::1']) assert.equal(isPrivateAddress(a), false, a)
  })

  test('gives no card for other content, errors, a page past its time, or other schemes', async () => {
    assert.equal(await fetchCard(`${base}/image`, local), null)
    assert.equal(await fetchCard(`${base}/missing`, local), null)
    assert.equal(await fetchCard(`${base}/never`, { ...local, timeoutMs: 300 }), null)
    assert.equal(await fetchCard('ftp://example.com/', local), null)
  })

  test('stops reading at the byte cap and keeps what arrived', async () => {
    assert.equal((await fetchCard(`${base}/huge`, { ...local, maxBytes: 4096 }))?.title, 'x'.repeat(100))
  })

  test('readMeta caps the title and description', () => {
    const meta = readMeta(`<title>${'t'.repeat(500)}</title><meta content="${'d'.repeat(500)}" name="description">`)
    assert.equal(meta.title.length, 200)
    assert.equal(meta.description.length, 300)
  })
})
