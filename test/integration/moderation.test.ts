// Block, mute and who to follow, with peers in their own processes on a local DHT.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import Corestore from 'corestore'
import ids from 'hypercore-id-encoding'
import path from 'node:path'
import { useLocalNetwork } from '../helpers/local-network.js'
import type { PeerProcess } from '../helpers/peer.js'
import { waitFor } from '../helpers/tmp.js'

const texts = async (p: PeerProcess) => (await p.api.call('timeline', { limit: 50 })).items.map((s) => s.text)
const feedOf = async (p: PeerProcess, key: string) => (await p.api.call('syncState', {})).feeds.find((f) => f.key === key)

describe('block and mute', () => {
  const net = useLocalNetwork()

  it('block: the feed is hidden, no longer replicated nor re-served, and its data can be deleted', async () => {
    const [alice, bob, carol] = await Promise.all([net.peer('alice'), net.peer('bob'), net.peer('carol')])
    await alice.api.call('post', { text: 'alice one' })
    await bob.api.call('follow', { key: alice.key })
    await waitFor(async () => (await texts(bob)).includes('alice one'), { what: 'bob to get alice’s feed' })

    await bob.api.call('block', { key: alice.key })
    assert.deepEqual(await texts(bob), [])
    assert.deepEqual((await bob.api.call('profileStatuses', { key: alice.key })).items, [])
    assert.equal(await feedOf(bob, alice.key), undefined, 'no longer replicated')
    assert.deepEqual((await bob.api.call('blocked', {})).blocked.map((p) => p.key), [alice.key])

    // Alice goes offline; carol follows her and bob. Bob still holds alice's blocks, but does not serve them.
    await alice.close()
    await bob.api.call('post', { text: 'bob speaks' })
    await carol.api.call('follow', { key: alice.key })
    await carol.api.call('follow', { key: bob.key })
    await waitFor(async () => (await texts(carol)).includes('bob speaks'), { what: 'carol to get bob’s feed', timeout: 30_000 })
    const fromBob = await feedOf(carol, alice.key)
    assert.equal(fromBob?.localLength ?? 0, 0, 'bob did not re-serve alice’s feed')

    // Blocking with deleteData drops what bob holds of alice.
    await bob.api.call('block', { key: alice.key, deleteData: true })
    await bob.close()
    const store = new Corestore(path.join(bob.dataDir, 'store'))
    try {
      const core = store.get({ key: ids.decode(alice.key) })
      await core.ready()
      assert.equal(core.contiguousLength, 0, 'alice’s blocks are gone from bob’s store')
    } finally {
      await store.close()
    }
  })

  it('mute: hidden from home and notifications, still replicated', async () => {
    const [dora, eve] = await Promise.all([net.peer('dora'), net.peer('eve')])
    const mine = await dora.api.call('post', { text: 'dora posts' })
    await dora.api.call('follow', { key: eve.key })
    await eve.api.call('reply', { to: mine.uri, text: 'eve replies' })
    await waitFor(async () => (await dora.api.call('notifications', {})).items.length === 1, { what: 'eve’s reply as a notification' })

    await dora.api.call('mute', { key: eve.key })
    assert.deepEqual(await texts(dora), ['dora posts'])
    assert.deepEqual((await dora.api.call('notifications', {})).items, [])
    assert.equal((await dora.api.call('notifications', {})).unread, 0)
    await eve.api.call('post', { text: 'eve again' })
    await waitFor(
      async () => (await dora.api.call('profileStatuses', { key: eve.key })).items.some((s) => s.text === 'eve again'),
      { what: 'a muted feed to keep replicating' }
    )
    assert.ok(await feedOf(dora, eve.key))
    assert.deepEqual(await texts(dora), ['dora posts'])
    await dora.api.call('unmute', { key: eve.key })
    assert.deepEqual(await texts(dora), ['eve again', 'eve replies', 'dora posts'])
  })
})

describe('who to follow', () => {
  const net = useLocalNetwork()

  it('suggests friends of friends with counts, and previews them', async () => {
    const [me, bea, cal, dee, fin] = await Promise.all(['me', 'bea', 'cal', 'dee', 'fin'].map((n) => net.peer(n)))
    await dee!.api.call('setProfile', { name: 'Dee' })
    await dee!.api.call('post', { text: 'dee writes' })
    await bea!.api.call('follow', { key: dee!.key })
    await bea!.api.call('follow', { key: fin!.key })
    await cal!.api.call('follow', { key: dee!.key })
    await cal!.api.call('follow', { key: me!.key })
    await me!.api.call('follow', { key: bea!.key })
    await me!.api.call('follow', { key: cal!.key })

    const found = await waitFor(
      async () => {
        const s = await me!.api.call('suggestions', {})
        return s.length === 2 && s[0]!.count === 2 ? s : null
      },
      { what: 'suggestions from both follow lists', timeout: 30_000 }
    )
    assert.deepEqual(found.map((s) => [s.profile.key, s.count]), [[dee!.key, 2], [fin!.key, 1]])
    assert.deepEqual(found[0]!.followedBy.map((a) => a.key).sort(), [bea!.key, cal!.key].sort())
    const preview = await me!.api.call('preview', { key: found[0]!.profile.key })
    assert.equal(preview.profile.name, 'Dee')
    assert.deepEqual(preview.statuses.map((s) => s.text), ['dee writes'])

    await me!.api.call('block', { key: fin!.key })
    assert.deepEqual((await me!.api.call('suggestions', {})).map((s) => s.profile.key), [dee!.key])
  })
})
