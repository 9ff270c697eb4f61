// A followed feed whose author signed two different histories (the same identity running on two machines):
// Hypercore reports the conflict; we flag the feed as forked, freeze it at what we hold, and keep working.
import assert from 'node:assert/strict'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { spawnPeer, type PeerProcess } from '../helpers/peer.js'
import { startStockWriter, type StockWriter } from '../helpers/stock-writer.js'
import { startTestnet, type LocalTestnet } from '../helpers/testnet.js'
import { tmpDir, waitFor } from '../helpers/tmp.js'

const status = (text: string) => JSON.stringify({ type: 'status', text, createdAt: Date.now() })

describe('a forked feed', () => {
  let testnet: LocalTestnet
  let tmp: ReturnType<typeof tmpDir>
  const writers: StockWriter[] = []
  let reader: PeerProcess

  before(async () => {
    testnet = await startTestnet()
    tmp = tmpDir()
  })
  after(async () => {
    await reader?.close().catch(() => {})
    await Promise.all(writers.map((w) => w.stop().catch(() => {})))
    await testnet.close()
    tmp.cleanup()
  })

  it('is flagged and frozen, never a crash', async () => {
    const first = path.join(tmp.dir, 'machine-1')
    const header = JSON.stringify({ type: 'header', protocol: 'rstatus', version: 1 })
    const history = [header, status('shared history')]
    const w1 = await startStockWriter({ dataDir: first, bootstrap: testnet.bootstrap, lines: history })
    writers.push(w1)
    reader = await spawnPeer({ dataDir: path.join(tmp.dir, 'reader'), bootstrap: testnet.bootstrap })
    await reader.api.call('follow', { key: w1.key })
    await waitFor(async () => (await reader.api.call('timeline', {})).items.length === 1, { what: 'first sync' })

    // The same identity set up on a second machine with the same history; both write on.
    await w1.stop()
    const second = path.join(tmp.dir, 'machine-2')
    const w2 = await startStockWriter({
      dataDir: second,
      bootstrap: testnet.bootstrap,
      lines: history,
      primaryKey: w1.primaryKey,
      offline: true
    })
    assert.equal(w2.key, w1.key)
    await w2.stop()
    const again = await startStockWriter({ dataDir: first, bootstrap: testnet.bootstrap })
    writers.push(again)
    await again.append([status('written on machine 1')])
    await waitFor(async () => (await reader.api.call('timeline', {})).items.length === 2, { what: 'machine 1 post' })
    await again.stop()

    const w2again = await startStockWriter({ dataDir: second, bootstrap: testnet.bootstrap })
    writers.push(w2again)
    await w2again.append([status('written on machine 2'), status('and more on machine 2')])

    const feed = await waitFor(
      async () => (await reader.api.call('syncState', {})).feeds.find((f) => f.stopped === 'forked'),
      { what: 'the fork to be detected', timeout: 30_000 }
    )
    assert.equal(feed.key, w1.key)
    const texts = (await reader.api.call('timeline', {})).items.map((s) => s.text)
    assert.deepEqual(texts, ['written on machine 1', 'shared history'], 'what we held stays readable')
    assert.ok(!texts.includes('and more on machine 2'), 'nothing from the other history is shown')
    assert.ok((await reader.api.call('whoami', {})).key, 'the peer still answers')
  })
})
