import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import HyperDHT from 'hyperdht'
import Hyperswarm from 'hyperswarm'
import { MirrorSwarm } from '../../../../electron/mirror/mirror-swarm.js'
import { startTestnet, type LocalTestnet } from '../../../helpers/testnet.js'
import { waitFor } from '../../../helpers/tmp.js'

interface Socket {
  opened: Promise<boolean>
  destroyed: boolean
  rawBytesRead: number
  write(b: Buffer): boolean
  destroy(): void
  on(event: string, fn: (...args: any[]) => void): unknown
}

describe('MirrorSwarm: a mirror keeps every connection a peer opens to it', () => {
  let testnet: LocalTestnet
  before(async () => {
    testnet = await startTestnet()
  })
  after(() => testnet.close())

  /** A peer connects to `swarm`, talks, then connects again with the same key; `then` looks at the result. */
  async function twoConnections(swarm: Hyperswarm, then: (c: { first: Socket; arrived: Hyperswarm.Connection[] }) => Promise<void>) {
    const arrived: Hyperswarm.Connection[] = []
    swarm.on('connection', (conn: Hyperswarm.Connection) => {
      conn.on('error', () => {})
      arrived.push(conn)
    })
    await swarm.listen()
    const peer = new HyperDHT({ bootstrap: testnet.nodes, host: '127.0.0.1', firewalled: false, keyPair: HyperDHT.keyPair() })
    const first = peer.connect(swarm.keyPair.publicKey) as unknown as Socket
    first.on('error', () => {})
    assert.equal(await first.opened, true)
    // Bytes both ways make the first connection established: stock Hyperswarm ends such a one for a newcomer.
    await waitFor(() => arrived.length === 1, { what: 'the first connection at the mirror' })
    arrived[0]!.write(Buffer.from('hello'))
    first.write(Buffer.from('hello'))
    await waitFor(() => first.rawBytesRead > 0, { what: 'bytes on the first connection' })
    const second = peer.connect(swarm.keyPair.publicKey) as unknown as Socket
    second.on('error', () => {})
    assert.equal(await second.opened, true)
    try {
      await then({ first, arrived })
    } finally {
      first.destroy()
      second.destroy()
      await peer.destroy()
      await swarm.destroy()
    }
  }

  it('keeps a second connection from one key beside the first, and hands both to its listeners', async () => {
    const keyPair = HyperDHT.keyPair()
    const swarm = new MirrorSwarm({ dht: new HyperDHT({ bootstrap: testnet.nodes, host: '127.0.0.1', firewalled: false, keyPair }), keyPair })
    await twoConnections(swarm, async ({ first, arrived }) => {
      await waitFor(() => arrived.length === 2, { what: 'the second connection at the mirror' })
      // The first still carries data after the second arrived
      let heard = ''
      arrived[0]!.on('data', (d: Buffer) => (heard += d.toString()))
      first.write(Buffer.from('still here'))
      await waitFor(() => heard.includes('still here'), { what: 'bytes on the first connection after the second' })
      assert.equal(first.destroyed, false)
    })
  })

  it('where stock Hyperswarm ends the first', async () => {
    const keyPair = HyperDHT.keyPair()
    const swarm = new Hyperswarm({ dht: new HyperDHT({ bootstrap: testnet.nodes, host: '127.0.0.1', firewalled: false, keyPair }), keyPair })
    await twoConnections(swarm, async ({ first }) => {
      await waitFor(() => first.destroyed, { what: 'the first connection ended by the second' })
    })
  })
})
