// The swarm on a local DHT: every topic query the DHT starts is counted, whoever starts it, so the benchmarks'
// lookups a minute include Hyperswarm's own refreshes and not only the joins and the scheduler's lookups.
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { after, describe, it } from 'node:test'
import Corestore from 'corestore'
import { Network } from '../../../../../electron/engine/replication/network.js'
import { startTestnet } from '../../../../helpers/testnet.js'
import { tmpDir } from '../../../../helpers/tmp.js'

describe('Network', () => {
  const tmp = tmpDir('rstatus-network-')
  after(() => tmp.cleanup())

  it('counts the lookups a join makes and those Hyperswarm starts on its own', async () => {
    const testnet = await startTestnet()
    const store = new Corestore(`${tmp.dir}/store`)
    const network = new Network(store, { bootstrap: testnet.nodes, host: '127.0.0.1' })
    try {
      assert.equal(network.lookupCount, 0)
      network.join(randomBytes(32), { server: false })
      await network.flush()
      const afterJoin = network.lookupCount
      assert.ok(afterJoin >= 1, `the join's lookup is counted (counted ${afterJoin})`)

      // What Hyperswarm's refresh of a topic does, about every 10 minutes per topic.
      const dht = network.swarm.dht as unknown as { lookup(topic: Buffer): AsyncIterable<unknown> }
      for await (const found of dht.lookup(randomBytes(32))) void found
      assert.equal(network.lookupCount, afterJoin + 1)

      // A followed feed's topic: looked up when the scheduler grants it (a new one at once), then never by
      // Hyperswarm on its own, neither on its ~10-minute timer nor on a network change.
      const followed = randomBytes(32)
      const beforeSeek = network.lookupCount
      await network.seek(followed)
      const afterSeek = network.lookupCount
      assert.ok(afterSeek > beforeSeek, 'the first lookup (an announce: a follower serves the feed)')
      const swarm = network.swarm as unknown as { status(topic: Buffer): { refresh(): Promise<boolean> } | null }
      assert.ok(swarm.status(followed), 'joined once looked up')
      assert.equal(await swarm.status(followed)!.refresh(), false)
      assert.equal(network.lookupCount, afterSeek, 'Hyperswarm’s own refresh is turned away')
      await network.unseek(followed)
      assert.equal(swarm.status(followed), null, 'unfollowed: the topic is left')

      // Previewed, then followed: leaving the preview keeps the topic, and from then on only the scheduler
      // refreshes it.
      const previewed = randomBytes(32)
      network.join(previewed, { server: false })
      await network.flush()
      await network.seek(previewed)
      await network.leave(previewed)
      assert.ok(swarm.status(previewed), 'still joined: the feed is followed')
      const beforeRefresh = network.lookupCount
      assert.equal(await swarm.status(previewed)!.refresh(), false)
      assert.equal(network.lookupCount, beforeRefresh)
      await network.unseek(previewed)
      assert.equal(swarm.status(previewed), null)
    } finally {
      await network.destroy()
      await store.close()
      await testnet.close()
    }
  })
})
