// A peer killed (SIGKILL) in the middle of indexing a large feed resumes where it stopped: after a restart
// every status is there exactly once, and nothing was indexed twice.
import assert from 'node:assert/strict'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { spawnPeer, type PeerProcess } from '../helpers/peer.js'
import { startStockWriter, type StockWriter } from '../helpers/stock-writer.js'
import { startTestnet, type LocalTestnet } from '../helpers/testnet.js'
import { tmpDir, waitFor } from '../helpers/tmp.js'

const COUNT = 30_000
const CRASH_AT = 3_000

describe('a crash in the middle of indexing', () => {
  let testnet: LocalTestnet
  let tmp: ReturnType<typeof tmpDir>
  let writer: StockWriter
  const peers: PeerProcess[] = []

  before(async () => {
    testnet = await startTestnet()
    tmp = tmpDir()
  })
  after(async () => {
    await Promise.all(peers.map((p) => p.close().catch(() => {})))
    await writer?.stop().catch(() => {})
    await testnet.close()
    tmp.cleanup()
  })

  it('resumes after SIGKILL and ends with every status exactly once', async () => {
    writer = await startStockWriter({ dataDir: path.join(tmp.dir, 'writer'), bootstrap: testnet.bootstrap, count: COUNT })
    const dataDir = path.join(tmp.dir, 'reader')
    const doomed = await spawnPeer({ dataDir, bootstrap: testnet.bootstrap, crashAt: CRASH_AT })
    peers.push(doomed)
    await doomed.api.call('follow', { key: writer.key })
    await doomed.exited
    assert.equal(doomed.child.signalCode, 'SIGKILL', 'the peer died mid-indexing')

    const reader = await spawnPeer({ dataDir, bootstrap: testnet.bootstrap })
    peers.push(reader)
    const resumedFrom = (await reader.api.call('syncState', {})).feeds[0]?.indexedLength ?? 0
    assert.ok(resumedFrom >= CRASH_AT && resumedFrom < COUNT + 1, `resumed from ${resumedFrom}, not from 0`)

    await waitFor(
      async () => (await reader.api.call('syncState', {})).feeds[0]?.indexedLength === COUNT + 1,
      { what: 'the rest of the feed', timeout: 60_000 }
    )
    const seen = new Set<number>()
    let cursor: string | undefined
    for (;;) {
      const page = await reader.api.call('profileStatuses', { key: writer.key, limit: 500, cursor })
      for (const s of page.items) {
        assert.ok(!seen.has(s.seq), `seq ${s.seq} appears once`)
        seen.add(s.seq)
      }
      if (!page.cursor) break
      cursor = page.cursor
    }
    assert.equal(seen.size, COUNT)
    const top = await reader.api.call('timeline', { limit: 1 })
    assert.equal(top.items[0]?.text, `status number ${COUNT}`)
  })
})
