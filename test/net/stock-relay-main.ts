// A stock blind-relay server with nothing of rstatus in it, as anyone on the internet might run one: its own
// DHT node and key, relaying for whoever pairs through it. Prints "relay: <z-base-32 key>" once it listens;
// SIGTERM ends it. Argument: the bootstrap nodes, HOST:PORT,…
import BlindRelay from 'blind-relay'
import ids from 'hypercore-id-encoding'
import HyperDHT from 'hyperdht'

const bootstrap = (process.argv[2] ?? '').split(',')
const keyPair = HyperDHT.keyPair()
const dht = new HyperDHT({ bootstrap, keyPair })
const relay = new BlindRelay.Server({ createStream: (opts) => dht.createRawStream({ ...(opts as object), framed: true }) })
const server = dht.createServer((socket) => {
  // A peer hanging up mid-pairing is network weather, not a failure of the relay
  socket.on('error', () => {})
  relay.accept(socket, { id: socket.remotePublicKey }).on('error', () => {})
})
await server.listen(keyPair)
process.stdout.write(`relay: ${ids.encode(keyPair.publicKey)}\n`)

process.once('SIGTERM', () => {
  void Promise.all([relay.close(), server.close()])
    .then(() => dht.destroy())
    .finally(() => process.exit(0))
})
