// A followed feed bigger than the per-feed size cap (Engine option maxFeedBytes): we fetch the blocks that fit
// in the cap, ask for nothing beyond it, say so in the sync state, and go on syncing every other feed.
import assert from 'node:assert/strict'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { spawnPeer, type PeerProcess } from '../helpers/peer.js'
import { startStockWriter, type StockWriter } from '../helpers/stock-writer.js'
import { startTestnet, type LocalTestnet } from '../helpers/testnet.js'
import { tmpDir, waitFor } from '../helpers/tmp.js'

const CAP = 32 * 1024
const BLOCK_BYTES = 100
const CREATED_AT = 1_700_000_000_000

/** A status block of exactly BLOCK_BYTES bytes, so the test knows where the cap falls. */
function statusLine(n: number): string {
  const bare = JSON.stringify({ type: 'status', text: `status ${n} `, createdAt: CREATED_AT + n })
  const line = JSON.stringify({ type: 'status', text: `status ${n} ` + '.'.repeat(BLOCK_BYTES - bare.length), createdAt: CREATED_AT + n })
  assert.equal(Buffer.byteLength(line), BLOCK_BYTES)
  return line
}

/** How many blocks from the start fit wholly within `cap` bytes. */
function blocksWithin(lines: string[], cap: number): number {
  let bytes = 0
  for (let i = 0; i < lines.length; i++) {
    bytes += Buffer.byteLength(lines[i] as string)
    if (bytes > cap) return i
  }
  return lines.length
}

describe('the per-feed size cap', () => {
  let testnet: LocalTestnet
  let tmp: ReturnType<typeof tmpDir>
  const writers: StockWriter[] = []
  let reader: PeerProcess | null = null

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

  it('fetches only what fits, says size-cap, keeps it readable and syncs the other feeds', async () => {
    const header = JSON.stringify({ type: 'header', protocol: 'rstatus', version: 1 })
    const lines = [header, ...Array.from({ length: 3000 }, (_, i) => statusLine(i + 1))]
    const fits = blocksWithin(lines, CAP)
    assert.ok(fits > 1 && fits < lines.length / 5, 'the feed is far past the cap')

    const big = await startStockWriter({ dataDir: path.join(tmp.dir, 'big'), bootstrap: testnet.bootstrap, lines })
    const small = await startStockWriter({ dataDir: path.join(tmp.dir, 'small'), bootstrap: testnet.bootstrap, count: 20 })
    writers.push(big, small)
    const readerDir = path.join(tmp.dir, 'reader')
    reader = await spawnPeer({ dataDir: readerDir, bootstrap: testnet.bootstrap, maxFeedBytes: CAP })
    const api = reader.api
    await api.call('follow', { key: big.key })
    await api.call('follow', { key: small.key })

    const feedState = async (key: string) => (await api.call('syncState', {})).feeds.find((f) => f.key === key)
    const capped = await waitFor(
      async () => {
        const f = await feedState(big.key)
        return f && f.stopped === 'size-cap' && f.indexedLength === fits ? f : null
      },
      { what: 'the big feed to be fetched up to the cap', timeout: 30_000 }
    )
    assert.equal(capped.localLength, fits, 'exactly the blocks that fit in the cap are held')
    assert.equal(capped.remoteLength, lines.length, 'the sync state still shows how long the feed is')
    const smallState = await waitFor(async () => {
      const f = await feedState(small.key)
      return f && f.indexedLength === small.length ? f : null
    }, { what: 'the small feed to sync' })
    assert.equal(smallState.stopped, null)

    // The author keeps writing: the reader hears of it, and fetches none of it.
    await big.append([statusLine(3001)])
    await small.append([JSON.stringify({ type: 'status', text: 'small is still live', createdAt: Date.now() })])
    await waitFor(async () => (await feedState(big.key))?.remoteLength === lines.length + 1, { what: 'the new length to be heard' })
    await waitFor(async () => (await feedState(small.key))?.indexedLength === small.length + 1, { what: 'the small feed to stay live' })
    assert.equal((await feedState(big.key))?.localLength, fits, 'nothing past the cap was fetched')

    // What we hold stays readable; nothing from beyond the cap (not even the newest-first tail) shows.
    const shown: string[] = []
    let cursor: string | undefined
    for (;;) {
      const page = await api.call('profileStatuses', { key: big.key, limit: 200, ...(cursor ? { cursor } : {}) })
      shown.push(...page.items.map((s) => s.text))
      if (!page.cursor || page.items.length === 0) break
      cursor = page.cursor
    }
    assert.equal(shown.length, fits - 1, 'every status within the cap, and only those')
    assert.ok(shown.every((t) => Number(/^status (\d+) /.exec(t)?.[1]) < fits))

    // The cap is a setting, not a verdict: with the default cap the same feed downloads whole.
    await reader.close()
    reader = await spawnPeer({ dataDir: readerDir, bootstrap: testnet.bootstrap })
    const whole = await waitFor(
      async () => {
        const f = await (reader as PeerProcess).api.call('syncState', {}).then((s) => s.feeds.find((x) => x.key === big.key))
        return f && f.indexedLength === lines.length + 1 ? f : null
      },
      { what: 'the big feed to download whole under the default cap', timeout: 30_000 }
    )
    assert.equal(whole.stopped, null)
  })
})
