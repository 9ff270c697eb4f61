// This device's network key: derived from its store, so the same across restarts and distinct per store;
// the swarm and its DHT node dial with it (a mirror trusts the DHT's key).
import assert from 'node:assert/strict'
import Corestore from 'corestore'
import path from 'node:path'
import { after, describe, test } from 'node:test'
import { Network } from '../../../../../electron/engine/replication/network.js'
import { peerKeyPair } from '../../../../../electron/engine/replication/peer-key.js'
import { startTestnet } from '../../../../helpers/testnet.js'
import { tmpDir } from '../../../../helpers/tmp.js'

describe('peerKeyPair', () => {
  const tmp = tmpDir('rstatus-peer-key-')
  after(() => tmp.cleanup())

  test('is the same after the store is reopened, and another store has another', async () => {
    const dir = path.join(tmp.dir, 'a')
    let store = new Corestore(dir)
    const first = await peerKeyPair(store)
    await store.close()
    store = new Corestore(dir)
    const again = await peerKeyPair(store)
    await store.close()
    assert.deepEqual(again.publicKey, first.publicKey)
    assert.deepEqual(again.secretKey, first.secretKey)

    const other = new Corestore(path.join(tmp.dir, 'b'))
    const theirs = await peerKeyPair(other)
    await other.close()
    assert.notDeepEqual(theirs.publicKey, first.publicKey)
  })

  test('is the key the swarm and its DHT node dial with', async () => {
    const testnet = await startTestnet()
    const store = new Corestore(path.join(tmp.dir, 'c'))
    const keyPair = await peerKeyPair(store)
    const network = new Network(store, { bootstrap: testnet.nodes, host: '127.0.0.1', keyPair })
    try {
      assert.deepEqual(network.swarm.keyPair.publicKey, keyPair.publicKey)
      assert.deepEqual(network.swarm.dht.defaultKeyPair.publicKey, keyPair.publicKey)
    } finally {
      await network.destroy()
      await store.close()
      await testnet.close()
    }
  })
})
