// A local HyperDHT for tests and benchmarks: nothing touches the public DHT, and every node is bound to
// 127.0.0.1 (ENVIRONMENT.md: other bindings connect but move no data between processes).
import createTestnet from 'hyperdht/testnet.js'

export interface LocalTestnet {
  /** "127.0.0.1:PORT", the form --bootstrap and RSTATUS_BOOTSTRAP take. */
  bootstrap: string
  nodes: Array<{ host: string; port: number }>
  close(): Promise<void>
}

export async function startTestnet(size = 3): Promise<LocalTestnet> {
  const testnet = await createTestnet(size, { host: '127.0.0.1' })
  const nodes = testnet.bootstrap.map((b) => ({ host: b.host, port: b.port }))
  return {
    bootstrap: nodes.map((n) => `${n.host}:${n.port}`).join(','),
    nodes,
    close: () => testnet.destroy()
  }
}
