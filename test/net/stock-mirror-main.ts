// A mirror made of the stock blind-peer library alone, with nothing of rstatus in it, as someone else might
// run one for you. Prints "mirror: <z-base-32 key>" once it listens; SIGTERM ends it.
// Arguments: the bootstrap nodes (HOST:PORT,…), its storage directory, and the keys it trusts (KEY,… or -).
import BlindPeer from 'blind-peer'
import ids from 'hypercore-id-encoding'
import Hyperswarm from 'hyperswarm'
import HyperDHT from 'hyperdht'

const [bootstrap = '', storage = '', trust = '-'] = process.argv.slice(2)
const keyPair = HyperDHT.keyPair()
const swarm = new Hyperswarm({ dht: new HyperDHT({ bootstrap: bootstrap.split(','), keyPair }), keyPair })
const peer = new BlindPeer(storage, { swarm, trustedPubKeys: trust === '-' ? [] : trust.split(',') })
await peer.ready()
await peer.listen()
process.stdout.write(`mirror: ${ids.encode(peer.publicKey)}\n`)

process.once('SIGTERM', () => {
  void peer
    .close()
    .then(() => swarm.destroy())
    .finally(() => process.exit(0))
})
