// This device's network key: the key pair its DHT node and swarm use. It is derived from the store's primary
// key, so it stays the same across restarts (a mirror trusts it by key) and needs no file of its own. A
// restored identity backup carries the primary key, so it keeps the key too.
import type Corestore from 'corestore'
import type HyperDHT from 'hyperdht'

/** A name no core uses: corestore derives core key pairs from the same primary key by name. */
const PEER_KEY_NAME = 'rstatus-peer'

export function peerKeyPair(store: Corestore): Promise<HyperDHT.KeyPair> {
  return store.createKeyPair(PEER_KEY_NAME)
}
