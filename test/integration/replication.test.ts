// Several peers, each its own process, on a local DHT: live delivery, availability when the author is
// offline, offline reading after a restart, an author found who comes online after the follow.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { StatusView } from '../../shared/api/shapes.js'
import { useLocalNetwork } from '../helpers/local-network.js'
import type { PeerProcess } from '../helpers/peer.js'
import { waitFor } from '../helpers/tmp.js'

describe('replication between peer processes', () => {
  const net = useLocalNetwork()
  const peer = net.peer

  async function timelineTexts(p: PeerProcess, limit = 100): Promise<string[]> {
    const page = await p.api.call('timeline', { limit })
    return page.items.map((s: StatusView) => s.text)
  }

  let alice: PeerProcess
  let bob: PeerProcess
  let carol: PeerProcess

  it('delivers a followed feed, then new statuses live', async () => {
    alice = await peer('alice')
    bob = await peer('bob')
    await alice.api.call('setProfile', { name: 'Alice', bio: 'writes things' })
    await alice.api.call('post', { text: 'hello from alice' })
    await alice.api.call('post', { text: 'second #p2p post' })

    await bob.api.call('follow', { key: `rstatus://${alice.key}` })
    await waitFor(async () => (await timelineTexts(bob)).includes('second #p2p post'), { what: 'first sync' })
    assert.deepEqual(await timelineTexts(bob), ['second #p2p post', 'hello from alice'])

    const bobsEvents: unknown[] = []
    const off = bob.api.on('statuses', (e) => bobsEvents.push(e))
    await alice.api.call('post', { text: 'live one' })
    await waitFor(async () => (await timelineTexts(bob))[0] === 'live one', { what: 'live delivery' })
    assert.ok(bobsEvents.length > 0, 'the follower got a statuses event')
    off()

    const profile = await bob.api.call('profile', { key: alice.key })
    assert.equal(profile.name, 'Alice')
    assert.equal(profile.following, true)
    const sync = await bob.api.call('syncState', {})
    const feed = sync.feeds.find((f) => f.key === alice.key)
    assert.ok(feed, 'sync state lists the followed feed')
    assert.equal(feed.localLength, feed.remoteLength)
    assert.equal(feed.held, feed.remoteLength)
    assert.ok(feed.peers >= 1)
    assert.equal(feed.invalid, 0)
    assert.equal(sync.online, true)
  })

  it('serves a feed to a new follower while its author is offline', async () => {
    await alice.close()
    carol = await peer('carol')
    await carol.api.call('follow', { key: alice.key })
    await waitFor(async () => (await timelineTexts(carol)).length === 3, { what: 'sync from bob', timeout: 30_000 })
    assert.deepEqual(await timelineTexts(carol), ['live one', 'second #p2p post', 'hello from alice'])
    const profile = await carol.api.call('profile', { key: alice.key })
    assert.equal(profile.name, 'Alice')
  })

  it('reads everything offline after a restart', async () => {
    await bob.close()
    const offlineBob = await peer('bob', { offline: true })
    assert.deepEqual(await timelineTexts(offlineBob), ['live one', 'second #p2p post', 'hello from alice'])
    const tag = await offlineBob.api.call('hashtag', { tag: 'p2p' })
    assert.deepEqual(tag.items.map((s) => s.text), ['second #p2p post'])
    const sync = await offlineBob.api.call('syncState', {})
    assert.equal(sync.online, false)
    await offlineBob.close()
  })

  it('finds an author who comes online after the follow', async () => {
    const away = await peer('erin', { offline: true })
    await away.api.call('post', { text: 'written while away' })
    const erin = away.key
    await away.close()
    await carol.api.call('follow', { key: erin })
    const looked = async () => (await carol.api.call('syncState', {})).feeds.find((f) => f.key === erin)
    await waitFor(async () => (await looked())?.lookedUp === true, { what: 'a first lookup that finds no one', timeout: 60_000 })
    assert.equal((await looked())?.peers, 0)

    await peer('erin')
    await waitFor(async () => (await timelineTexts(carol)).includes('written while away'), { what: 'a later lookup', timeout: 90_000 })
  })
})
