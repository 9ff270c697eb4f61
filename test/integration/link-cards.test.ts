// A link card is fetched once by the author's engine when posting, and stored in the status, its picture in
// the author's blobs; reading the status never fetches the page again, and a follower gets the picture from
// the author's blobs core like any attached image.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import sharp from 'sharp'
import { Engine } from '../../electron/engine/engine.js'
import { jpeg } from '../helpers/images.js'
import { startTestnet, type LocalTestnet } from '../helpers/testnet.js'
import { tmpDir, waitFor } from '../helpers/tmp.js'

describe('link cards, posted through the engine', () => {
  const tmp = tmpDir('rstatus-cards-')
  let server: http.Server
  let base = ''
  const hits = new Map<string, number>()
  let testnet: LocalTestnet
  let engine: Engine
  let follower: Engine | null = null
  before(async () => {
    const picture = await jpeg(1200, 630)
    server = http.createServer((req, res) => {
      const at = req.url ?? '/'
      hits.set(at, (hits.get(at) ?? 0) + 1)
      if (at === '/harbour.jpg') {
        res.writeHead(200, { 'content-type': 'image/jpeg' })
        return res.end(picture)
      }
      if (at === '/fake.jpg') {
        res.writeHead(200, { 'content-type': 'image/jpeg' })
        return res.end('<html>not a picture</html>')
      }
      res.writeHead(200, { 'content-type': 'text/html' })
      const image = at === '/pictured' ? '/harbour.jpg' : at === '/fake-picture' ? '/fake.jpg' : null
      res.end(`<title>A boat</title><meta name="description" content="It floats.">${image ? `<meta property="og:image" content="${image}">` : ''}`)
    })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    testnet = await startTestnet()
    engine = new Engine({ dataDir: path.join(tmp.dir, 'me'), cards: { allowPrivate: true }, bootstrap: testnet.nodes, host: '127.0.0.1' })
    await engine.ready()
  })
  after(async () => {
    await follower?.close()
    await engine?.close()
    await testnet?.close()
    server.closeAllConnections()
    await new Promise((r) => server.close(r))
    tmp.cleanup()
  })

  test('stores the card of the first link when asked, and readers show it without fetching', async () => {
    const posted = await engine.api.call('post', { text: `look ${base}/boat and ${base}/other`, card: true })
    assert.deepEqual(posted.card, { url: `${base}/boat`, title: 'A boat', description: 'It floats.' })
    assert.equal(hits.get('/boat'), 1)
    const read = await engine.api.call('timeline', {})
    assert.deepEqual(read.items[0]?.card, posted.card)
    assert.equal(hits.get('/boat'), 1, 'reading never fetches')
    const plain = await engine.api.call('post', { text: `no card ${base}/boat` })
    assert.equal(plain.card, undefined)
    assert.equal(hits.get('/boat'), 1, 'no card unless asked')
    await engine.api.call('post', { text: `no card ${base}/pictured` })
    assert.deepEqual([hits.get('/pictured'), hits.get('/harbour.jpg')], [undefined, undefined], 'nor its picture')
  })

  test('a picture that is not one leaves the card without it, and the status goes out', async () => {
    const posted = await engine.api.call('post', { text: `see ${base}/fake-picture`, card: true })
    assert.equal(hits.get('/fake.jpg'), 1)
    assert.equal(posted.card?.title, 'A boat')
    assert.equal(posted.card?.image, undefined)
  })

  test('keeps the page\'s picture, small, in the author\'s blobs; a follower gets it from there', async () => {
    const posted = await engine.api.call('post', { text: `pictured ${base}/pictured`, card: true })
    const image = posted.card?.image
    assert.ok(image, 'the card has a picture')
    assert.equal(hits.get('/harbour.jpg'), 1)
    assert.deepEqual([image.mime, image.width, image.height, image.thumb], ['image/webp', 800, 420, undefined])
    const me = await engine.api.call('whoami', {})
    const own = Buffer.from((await engine.api.call('blob', { feed: me.key, blobs: image.blobs, blob: image.blob })).data, 'base64')
    assert.deepEqual((await sharp(own).metadata()).width, 800)

    await engine.goOnline()
    follower = new Engine({ dataDir: path.join(tmp.dir, 'follower'), bootstrap: testnet.nodes, host: '127.0.0.1' })
    await follower.ready()
    await follower.goOnline()
    await follower.api.call('follow', { key: me.key })
    const seen = await waitFor(async () => {
      const page = await follower!.api.call('timeline', {})
      return page.items.find((s) => s.uri === posted.uri)
    }, { timeout: 60_000, what: 'the follower to hold the pictured status' })
    assert.deepEqual(seen.card, posted.card)
    const theirs = await follower.api.call('blob', { feed: me.key, blobs: image.blobs, blob: image.blob, timeout: 60_000 })
    assert.deepEqual(Buffer.from(theirs.data, 'base64'), own)
    assert.equal(hits.get('/harbour.jpg'), 1, 'the follower never fetched the page or its picture')
    assert.equal(hits.get('/pictured'), 1)
  })
})
