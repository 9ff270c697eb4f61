import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { fetchCard, fetchCardImage, readMeta, type CardServices } from '../../../../../electron/engine/cards/fetch-card.js'
import { prepareCardImage, type PreparedImage } from '../../../../../electron/engine/media/image-prep.js'
import type { ImageAttachment } from '../../../../../shared/protocol/records.js'
import { jpeg } from '../../../../helpers/images.js'

describe('fetchCard, against a local HTTP server', () => {
  let server: http.Server
  let base = ''
  const hung: http.ServerResponse[] = []
  let picture: Buffer
  before(async () => {
    picture = await jpeg(1200, 630)
    server = http.createServer((req, res) => {
      const path = req.url ?? '/'
      const imageHops = /^\/image-hop\/(\d+)$/.exec(path)
      if (imageHops) {
        const n = Number(imageHops[1])
        res.writeHead(302, { location: n > 1 ? `/image-hop/${n - 1}` : '/pictures/harbour.jpg' })
        return res.end()
      }
      if (path === '/go/pictured') {
        res.writeHead(301, { location: '/articles/pictured' })
        return res.end()
      }
      const pictured = /^\/articles\/(pictured|twitter|named-(.+))$/.exec(path)
      if (pictured) {
        res.writeHead(200, { 'content-type': 'text/html' })
        // Relative to where the page finally is: /articles/pictured names /pictures/harbour.jpg.
        const image = pictured[2] ? decodeURIComponent(pictured[2]) : '../pictures/harbour.jpg?size=large&amp;v=2'
        const tag = pictured[1] === 'twitter' ? 'name="twitter:image"' : 'property="og:image"'
        return res.end(`<title>Harbour</title><meta ${tag} content="${image}">`)
      }
      if (path.startsWith('/pictures/harbour.jpg')) {
        // The server's type is not what decides: the bytes are.
        res.writeHead(200, { 'content-type': 'text/plain' })
        return res.end(picture)
      }
      if (path === '/pictures/not-an-image.png') {
        res.writeHead(200, { 'content-type': 'image/png' })
        return res.end('<html>no picture here</html>')
      }
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

  describe('the picture a page names', () => {
    const kept: PreparedImage[] = []
    const keep: CardServices = {
      async keepImage(bytes) {
        const prepared = await prepareCardImage(bytes)
        kept.push(prepared)
        return { type: 'image', mime: prepared.mime, blobs: 'stored', blob: { blockOffset: 0, blockLength: 1, byteOffset: 0, byteLength: prepared.full.length }, width: prepared.width, height: prepared.height } as ImageAttachment
      }
    }
    const imageOf = async (page: string, opts: Parameters<typeof fetchCard>[1] = local) => (await fetchCard(`${base}${page}`, opts, keep))?.image

    test('og:image, resolved against the page it ended at, is fetched, checked by its bytes and made small', async () => {
      kept.length = 0
      const card = await fetchCard(`${base}/go/pictured`, local, keep)
      assert.equal(card?.title, 'Harbour')
      assert.deepEqual([card?.image?.width, card?.image?.height], [800, 420])
      assert.equal(kept.length, 1)
      assert.equal(kept[0]?.mime, 'image/webp')
      assert.equal(readMeta('<meta property="og:image" content="../pictures/harbour.jpg?size=large&amp;v=2">', `${base}/articles/pictured`).image,
        `${base}/pictures/harbour.jpg?size=large&v=2`)
    })

    test('twitter:image when there is no og:image', async () => {
      assert.equal((await imageOf('/articles/twitter'))?.width, 800)
    })

    test('a picture that is too large, not an image, behind a 4th redirect, or not http(s): a card without one', async () => {
      kept.length = 0
      const named = (url: string) => `/articles/named-${encodeURIComponent(url)}`
      assert.equal(await imageOf('/articles/pictured', { ...local, maxImageBytes: picture.length - 1 }), undefined)
      assert.equal(await imageOf(named('/pictures/not-an-image.png')), undefined)
      assert.equal((await imageOf(named('/image-hop/3')))?.width, 800)
      assert.equal(await imageOf(named('/image-hop/4')), undefined)
      assert.equal(await imageOf(named('/missing.png')), undefined)
      assert.equal(await imageOf(named('data:image/png;base64,iVBORw0KGgo=')), undefined)
      assert.equal(await imageOf(named('file:///etc/passwd')), undefined)
      assert.equal(kept.length, 1, 'only the picture within three redirects was kept')
      // Each time the card itself still came.
      assert.equal((await fetchCard(`${base}${named('/pictures/not-an-image.png')}`, local, keep))?.title, 'Harbour')
    })

    test('a picture on a private address is refused without the test setting', async () => {
      const signal = AbortSignal.timeout(5000)
      const url = `${base}/pictures/harbour.jpg`
      assert.equal(await fetchCardImage(url, { signal, allowPrivate: false, maxBytes: 1 << 22 }, keep), null)
      assert.ok(await fetchCardImage(url, { signal, allowPrivate: true, maxBytes: 1 << 22 }, keep))
    })

    test('no picture is fetched without the services that keep it', async () => {
      const card = await fetchCard(`${base}/articles/pictured`, local)
      assert.equal(card?.title, 'Harbour')
      assert.equal(card?.image, undefined)
    })
  })

  test('readMeta caps the title and description', () => {
    const meta = readMeta(`<title>${'t'.repeat(500)}</title><meta content="${'d'.repeat(500)}" name="description">`)
    assert.equal(meta.title.length, 200)
    assert.equal(meta.description.length, 300)
  })
})
