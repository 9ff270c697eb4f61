// The setup most multi-peer tests share: a local DHT, a temp folder, and the peer and writer processes the
// test starts, all torn down after the suite (whatever state the test left them in).
import path from 'node:path'
import { after, before } from 'node:test'
import { spawnPeer, type PeerProcess } from './peer.js'
import { startStockWriter, type StockWriter } from './stock-writer.js'
import { startTestnet, type LocalTestnet } from './testnet.js'
import { tmpDir } from './tmp.js'

export interface LocalNetwork {
  readonly bootstrap: string
  /** A folder inside this suite's temp dir. */
  dir(name: string): string
  peer(name: string, opts?: { offline?: boolean; crashAt?: number; mediaCacheBytes?: number }): Promise<PeerProcess>
  writer(name: string, opts?: { lines?: string[]; count?: number; offline?: boolean; primaryKey?: string }): Promise<StockWriter>
}

/** Call at the top of a describe(): registers before/after hooks and returns the network to use in its tests. */
export function useLocalNetwork(): LocalNetwork {
  let testnet: LocalTestnet | null = null
  let tmp: ReturnType<typeof tmpDir> | null = null
  const peers: PeerProcess[] = []
  const writers: StockWriter[] = []

  before(async () => {
    testnet = await startTestnet()
    tmp = tmpDir()
  })
  after(async () => {
    await Promise.all(peers.map((p) => p.close().catch(() => {})))
    await Promise.all(writers.map((w) => w.stop().catch(() => {})))
    await testnet?.close()
    tmp?.cleanup()
  })

  const net: LocalNetwork = {
    get bootstrap() {
      if (!testnet) throw new Error('the local network starts in before()')
      return testnet.bootstrap
    },
    dir(name) {
      if (!tmp) throw new Error('the local network starts in before()')
      return path.join(tmp.dir, name)
    },
    async peer(name, opts = {}) {
      const p = await spawnPeer({ dataDir: net.dir(name), bootstrap: net.bootstrap, ...opts })
      peers.push(p)
      return p
    },
    async writer(name, opts = {}) {
      const w = await startStockWriter({ dataDir: net.dir(name), bootstrap: net.bootstrap, ...opts })
      writers.push(w)
      return w
    }
  }
  return net
}
