// A link card is fetched once by the author's engine when posting, and stored in the status; reading the
// status never fetches the page again.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { Engine } from '../../electron/engine/engine.js'
import { tmpDir } from '../helpers/tmp.js'

describe('link cards, posted through the engine', () => {
  const tmp = tmpDir('rstatus-cards-')
  let server: http.Server
  let base = ''
  let hits = 0
  let engine: Engine
  before(async () => {
    server = http.createServer((_req, res) => {
      hits++
      res.writeHead(200, { 'content-type': 'text/html' })
      res.end('<title>A boat</title><meta name="description" content="It floats.">')
    })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    engine = new Engine({ dataDir: path.join(tmp.dir, 'me'), cards: { allowPrivate: true } })
    await engine.ready()
  })
  after(async () => {
    await engine?.close()
    server.closeAllConnections()
    await new Promise((r) => server.close(r))
    tmp.cleanup()
  })

  test('stores the card of the first link when asked, and readers show it without fetching', async () => {
    const posted = await engine.api.call('post', { text: `look ${base}/boat and ${base}/other`, card: true })
    assert.deepEqual(posted.card, { url: `${base}/boat`, title: 'A boat', description: 'It floats.' })
    assert.equal(hits, 1)
    const read = await engine.api.call('timeline', {})
    assert.deepEqual(read.items[0]?.card, posted.card)
    assert.equal(hits, 1, 'reading never fetches')
    const plain = await engine.api.call('post', { text: `no card ${base}/boat` })
    assert.equal(plain.card, undefined)
    assert.equal(hits, 1, 'no card unless asked')
  })
})
