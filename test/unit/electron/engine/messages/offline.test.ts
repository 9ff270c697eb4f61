// Offline delivery (docs/PROTOCOL.md "Offline delivery"): the recipient is away, the sender sends and goes
// away too, and the recipient gets the message later from an always-on peer that holds the sender's core and
// keeps the sealed invitation for the recipient, neither of which it can read.
import assert from 'node:assert/strict'
import { after, describe, it } from 'node:test'
import Corestore from 'corestore'
import type Hypercore from 'hypercore'
import { ItemStore } from '../../../../../electron/engine/messages/item-store.js'
import { tmpDir, waitFor } from '../../../../helpers/tmp.js'
import { connect, Peer } from './peers.js'

describe('offline delivery', () => {
  const tmp = tmpDir('rstatus-dm-offline-')
  after(() => tmp.cleanup())

  it('reaches a recipient who comes online after the sender left, through a peer that kept the core and the sealed invitation', async () => {
    const alice = await Peer.create(`${tmp.dir}/alice`)
    const bob = await Peer.create(`${tmp.dir}/bob`)
    const mirrorStore = new Corestore(`${tmp.dir}/mirror`)
    // Bob's mirror keeps sealed items for Bob; it keeps Alice's cores as a blind peer would for her.
    const mirror = { store: mirrorStore, messages: new ItemStore([bob.identity]) }
    const held: Hypercore[] = []
    const keep = async (key: Buffer) => {
      const core = mirrorStore.get({ key })
      await core.ready()
      core.download({ start: 0, end: -1 })
      held.push(core)
      return core
    }
    let link = connect(alice, bob)
    try {
      // Once, long ago, Alice fetched Bob's feed; Bob is offline from now on.
      await alice.knows(bob)
      await link()

      link = connect(alice, mirror)
      await keep(alice.feed.key)
      const { conversation } = await alice.messages.send([bob.identity], 'Written while you were away')
      const kept = await keep(alice.messages.cores().own[0]!)
      const length = alice.store.get({ key: kept.key })
      await length.ready()
      await waitFor(async () => {
        await kept.update({ wait: true })
        return kept.contiguousLength === length.length && mirror.messages.itemsFor([bob.identity]).length > 0
      }, { what: 'the mirror holding the core and the invitation' })
      await length.close()
      await link()
      await alice.close()

      // Alice is gone. Bob comes online and meets only the mirror.
      link = connect(bob, mirror)
      const requests = await waitFor(
        async () => {
          await bob.messages.refresh()
          return bob.messages.requests().length === 1 ? bob.messages.requests() : null
        },
        { what: 'the message at Bob' }
      )
      assert.deepEqual(
        requests.map((r) => [r.id, r.from, r.text]),
        [[conversation, alice.identity, 'Written while you were away']]
      )
      // The mirror could not open what it carried.
      assert.equal(mirror.messages.refused, 0)
      for (const item of mirror.messages.itemsFor([bob.identity])) assert.ok(!item.includes(Buffer.from('Written while you were away')))
    } finally {
      await link()
      for (const core of held) await core.close()
      await bob.close()
      await mirrorStore.close()
    }
  })
})
