// A hostile peer speaking `rstatus/dm/1` to a real engine in its own process, over a real Hyperswarm on a local
// DHT: garbage items, forged invitations and hand-overs, a flood from one sender, a blocked sender, and a
// frame over the protocol's size. The receiver skips and counts each, keeps its per-sender limit and the
// block, lists nothing unproven, and stays up, answering the next connection.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import Corestore from 'corestore'
import HyperDHT from 'hyperdht'
import Hyperswarm from 'hyperswarm'
import ids from 'hypercore-id-encoding'
import Protomux from 'protomux'
import { DM_PROTOCOL } from '../../electron/engine/messages/channel.js'
import { sealItem } from '../../electron/engine/messages/items.js'
import { MESSAGING_KEY_TYPE, parseMessagingKeyRecord } from '../../electron/engine/messages/published-keys.js'
import { askEncoding, encodeItem, itemsEncoding, type Invite } from '../../electron/engine/messages/wire.js'
import { INVITES_PER_SENDER_PER_HOUR, MAX_ITEM_BYTES } from '../../shared/messages.js'
import { useLocalNetwork } from '../helpers/local-network.js'
import type { PeerProcess } from '../helpers/peer.js'
import { waitFor } from '../helpers/tmp.js'

const NETWORK_WAIT = { timeout: 60_000, interval: 200 }

describe('a hostile peer on the rstatus/dm/1 channel', () => {
  const net = useLocalNetwork()

  test('its malformed, forged, flooding and blocked items are counted and skipped; an oversize frame costs it the connection', async (t) => {
    const receiver: PeerProcess = await net.peer('receiver')
    // A first post publishes the receiver's messaging keys, which the hostile peer reads from its feed.
    await receiver.api.call('post', { text: 'open for messages' })
    const me = await receiver.api.call('whoami', {})

    const bootstrap = net.bootstrap.split(',').map((hp) => ({ host: hp.split(':')[0]!, port: Number(hp.split(':')[1]) }))
    const store = new Corestore(net.dir('hostile'))
    const swarm = new Hyperswarm({ dht: new HyperDHT({ bootstrap, host: '127.0.0.1', firewalled: false }) })
    t.after(async () => {
      await swarm.destroy()
      await store.close()
    })
    const open = new Set<Hyperswarm.Connection>()
    // Each connection's dm channel, opened as the receiver's is: at once, beside replication.
    const channels = new Map<Hyperswarm.Connection, Promise<Protomux.Channel>>()
    swarm.on('connection', (conn: Hyperswarm.Connection) => {
      open.add(conn)
      conn.on('close', () => open.delete(conn))
      conn.on('error', () => {})
      store.replicate(conn)
      channels.set(conn, new Promise((resolve) => {
        const channel = Protomux.from(conn).createChannel({
          protocol: DM_PROTOCOL,
          messages: [{ encoding: askEncoding, onmessage: () => {} }, { encoding: itemsEncoding, onmessage: () => {} }],
          onopen: () => resolve(channel!)
        })
        channel?.open()
      }))
    })
    const channelOn = (conn: Hyperswarm.Connection): Promise<Protomux.Channel> =>
      Promise.race([
        channels.get(conn)!,
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error('the dm channel did not open')), NETWORK_WAIT.timeout).unref())
      ])
    // Found as any reader finds a feed: on its discovery key.
    const feed = store.get({ key: ids.decode(me.key) })
    await feed.ready()
    swarm.join(feed.discoveryKey, { server: false, client: true })
    const conn = await waitFor(() => [...open][0], { ...NETWORK_WAIT, what: 'a connection to the receiver' })

    // The receiver's identity box key, as anyone reads it: from its feed.
    const box = await waitFor(async () => {
      await feed.update({ wait: true }).catch(() => {})
      for (let seq = 0; seq < feed.length; seq++) {
        const block = await feed.get(seq, { timeout: 5_000 }).catch(() => null)
        const text = block?.toString('utf8') ?? ''
        if (!text.includes(MESSAGING_KEY_TYPE)) continue
        const key = parseMessagingKeyRecord(JSON.parse(text))
        if (key) return key.box
      }
      return null
    }, { ...NETWORK_WAIT, what: "the receiver's published messaging key" })

    const channel = await channelOn(conn)
    const send = (items: Buffer[]) => {
      for (let i = 0; i < items.length; i += 64) channel.messages[1]!.send(items.slice(i, i + 64))
    }
    const to = ids.decode(me.key)
    const invite = (from: Buffer): Buffer => {
      const payload: Invite = { kind: 'invite', from, secret: randomBytes(32), creator: randomBytes(32), cores: [randomBytes(32)], sentAt: Date.now() }
      return encodeItem(sealItem(to, box, payload))
    }
    const counts = () => receiver.messageCounts()

    // Garbage that is not an item, and an item sealed to nobody's key.
    send([randomBytes(40), Buffer.from('not an item at all'), encodeItem(sealItem(to, randomBytes(32), { kind: 'keyring', identity: to, seeds: [] }))])
    await waitFor(async () => {
      const n = await counts()
      return n.malformed >= 2 && n.undecryptable >= 1
    }, { ...NETWORK_WAIT, what: 'garbage counted' })

    // A hand-over of messaging seeds that names another identity: forged.
    const stranger = randomBytes(32)
    send([encodeItem(sealItem(to, box, { kind: 'keyring', identity: stranger, seeds: [{ generation: 0, seed: randomBytes(32) }] }))])
    await waitFor(async () => (await counts()).forged >= 1, { ...NETWORK_WAIT, what: 'the forged hand-over counted' })

    // A flood of invitations claiming one sender: past the hourly budget, each is dropped and counted.
    const flooder = randomBytes(32)
    const extra = 5
    send(Array.from({ length: INVITES_PER_SENDER_PER_HOUR + extra }, () => invite(flooder)))
    await waitFor(async () => (await counts()).limited >= extra, { ...NETWORK_WAIT, what: 'the flood limited' })

    // A blocked sender's invitation is dropped and counted, whoever carries it.
    const blocked = randomBytes(32)
    await receiver.api.call('block', { key: ids.encode(blocked) })
    send([invite(blocked)])
    await waitFor(async () => (await counts()).blocked >= 1, { ...NETWORK_WAIT, what: 'the blocked invitation counted' })

    // None of it proved anything: no conversation, no request.
    assert.deepEqual(await receiver.api.call('dmList', {}), [])
    assert.deepEqual(await receiver.api.call('dmRequests', {}), [])

    // An item over the protocol's size breaks the framing: the receiver hangs up on this connection.
    const closed = new Promise<void>((resolve) => conn.once('close', () => resolve()))
    send([Buffer.alloc(MAX_ITEM_BYTES + 1000, 1)])
    await closed

    // Still up: it answers its person, and the next connection's channel is heard.
    assert.equal((await receiver.api.call('whoami', {})).key, me.key)
    const again = await waitFor(() => [...open].find((x) => x !== conn), { ...NETWORK_WAIT, what: 'a new connection to the receiver' })
    const before = (await counts()).malformed
    ;(await channelOn(again)).messages[1]!.send([randomBytes(16)])
    await waitFor(async () => (await counts()).malformed > before, { ...NETWORK_WAIT, what: 'garbage on the new connection counted' })
    assert.equal(receiver.child.exitCode, null)
  })
})
