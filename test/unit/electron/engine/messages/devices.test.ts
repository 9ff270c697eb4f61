// Every device of an identity reads and writes its conversations (docs/PROTOCOL.md "Devices and the messaging
// key"), and a restored identity still reads them.
import assert from 'node:assert/strict'
import { after, describe, it } from 'node:test'
import { tmpDir, waitFor } from '../../../../helpers/tmp.js'
import { connect, Peer, settle } from './peers.js'

describe('a second device of one identity', () => {
  const tmp = tmpDir('rstatus-dm-devices-')
  after(() => tmp.cleanup())

  it('paired before messaging existed, gets the key from the first device, reads the history and writes as the identity', async () => {
    const alice = await Peer.create(`${tmp.dir}/handover/alice`)
    const bob = await Peer.create(`${tmp.dir}/handover/bob`)
    alice.directory.followed.add(bob.identity)
    bob.directory.followed.add(alice.identity)
    const links = [connect(alice, bob)]
    let laptop: Peer | null = null
    try {
      await alice.knows(bob)
      await bob.knows(alice)
      const { conversation } = await alice.messages.send([bob.identity], 'one')
      await waitFor(() => bob.messages.list()[0]?.last, { what: 'the first message at Bob' })
      await bob.messages.send(conversation, 'two')
      await waitFor(async () => (await alice.texts(conversation)).length === 2, { what: "Bob's reply at Alice" })

      laptop = await Peer.create(`${tmp.dir}/handover/laptop`, { of: alice })
      assert.equal(laptop.keyring.current(), null)
      await assert.rejects(laptop.messages.send([bob.identity], 'too early'), { code: 'NOT_ALLOWED', message: /not received your messaging key/ })
      links.push(connect(alice, laptop))
      await laptop.knows(alice)
      // The first device hands the key over once it has seen the laptop's box key in the laptop's feed.
      await waitFor(
        async () => {
          await alice.messages.refresh()
          return laptop!.keyring.current() !== null
        },
        { what: 'the hand-over' }
      )
      assert.deepEqual(laptop.keyring.current()!.box.publicKey, alice.keyring.current()!.box.publicKey)
      const history = await waitFor(async () => {
        await laptop!.messages.refresh()
        const list = laptop!.messages.list()
        return list.length === 1 && (await laptop!.texts(conversation)).length === 2 ? list : null
      }, { what: 'the history on the laptop' })
      assert.deepEqual(await laptop.texts(conversation), ['one', 'two'])
      assert.equal(history[0]!.id, conversation)

      links.push(connect(laptop, bob))
      await laptop.messages.send(conversation, 'three, from my laptop')
      const atBob = await waitFor(async () => {
        const messages = await bob.messages.read(conversation, { markRead: false })
        return messages.length === 3 ? messages : null
      }, { what: "the laptop's message at Bob" })
      assert.equal(atBob[2]!.from, alice.identity)
      assert.equal(atBob[2]!.device, laptop.device)
      await waitFor(async () => (await alice.texts(conversation)).length === 3, { what: "the laptop's message at Alice's first device" })
      await settle([alice, bob, laptop])
    } finally {
      for (const l of links) await l()
      await laptop?.close()
      await alice.close()
      await bob.close()
    }
  })

  it('paired with the key in the pairing answer, learns of conversations from the other members', async () => {
    const alice = await Peer.create(`${tmp.dir}/paired/alice`)
    const bob = await Peer.create(`${tmp.dir}/paired/bob`)
    bob.directory.followed.add(alice.identity)
    const first = connect(alice, bob)
    let phone: Peer | null = null
    let second: (() => Promise<void>) | null = null
    try {
      await alice.knows(bob)
      await bob.knows(alice)
      const { conversation } = await bob.messages.send([alice.identity], 'hello Alice')
      await waitFor(() => alice.messages.requests().length === 1, { what: 'the request at Alice' })
      await settle([alice, bob])
      await first()

      phone = await Peer.create(`${tmp.dir}/paired/phone`, { of: alice, seedFromPairing: true })
      assert.notEqual(phone.keyring.current(), null)
      second = connect(phone, bob)
      await phone.knows(bob)
      // Bob's invitation was sealed to Alice's identity, so any device of hers can open it.
      const requests = await waitFor(() => (phone!.messages.requests().length === 1 ? phone!.messages.requests() : null), { what: 'the request on the phone' })
      assert.equal(requests[0]!.id, conversation)
      assert.equal(requests[0]!.text, 'hello Alice')
      await settle([phone, bob])
    } finally {
      await second?.()
      await phone?.close()
      await alice.close()
      await bob.close()
    }
  })
})

describe('a stolen laptop', () => {
  const tmp = tmpDir('rstatus-dm-stolen-')
  after(() => tmp.cleanup())

  it('once removed and the messaging key replaced, reads nothing new and its writing as the identity is cut', async () => {
    const alice = await Peer.create(`${tmp.dir}/alice`)
    const bob = await Peer.create(`${tmp.dir}/bob`)
    alice.directory.followed.add(bob.identity)
    bob.directory.followed.add(alice.identity)
    const laptop = await Peer.create(`${tmp.dir}/laptop`, { of: alice, seedFromPairing: true })
    const links = [connect(alice, bob), connect(alice, laptop), connect(laptop, bob)]
    try {
      for (const [p, q] of [[alice, bob], [bob, alice], [laptop, alice], [laptop, bob]] as const) await p.knows(q)
      const { conversation } = await alice.messages.send([bob.identity], 'before')
      await waitFor(async () => (await laptop.texts(conversation).catch(() => [])).length === 1, { what: 'the conversation on the laptop' })
      await laptop.messages.send(conversation, 'from the laptop, before')
      await waitFor(async () => (await bob.texts(conversation)).length === 2 && (await alice.texts(conversation)).length === 2, { what: "the laptop's message" })

      // The laptop is stolen: Alice removes it, and replaces her messaging key.
      const now = Date.now()
      await alice.feed.append(Buffer.from(JSON.stringify({ type: 'device-remove', feed: laptop.device, after: laptop.feed.length, createdAt: now })))
      await alice.feed.append(Buffer.from(JSON.stringify(alice.messages.rotateMessagingKey())))
      await assert.rejects(async () => laptop.messages.rotateMessagingKey(), { code: 'NOT_ALLOWED' })
      await alice.messages.refresh()
      await waitFor(
        async () => {
          await bob.messages.refresh()
          return (await bob.directory.messagingKeys(alice.identity)).length === 2 && (await bob.texts(conversation)).length === 2
        },
        { what: "Alice's new key at Bob" }
      )
      await bob.messages.send(conversation, 'after the theft')
      await laptop.messages.send(conversation, 'the thief, writing as Alice')
      await alice.messages.send(conversation, 'Alice, after')
      const expected = ['before', 'from the laptop, before', 'after the theft', 'Alice, after']
      await waitFor(
        async () => {
          await bob.messages.refresh()
          await alice.messages.refresh()
          return (await bob.texts(conversation)).join() === expected.join() && (await alice.texts(conversation)).join() === expected.join()
        },
        { what: 'the conversation going on without the laptop' }
      )
      await settle([alice, bob, laptop])
      await laptop.messages.refresh()
      const atLaptop = await laptop.texts(conversation)
      assert.ok(!atLaptop.includes('after the theft') && !atLaptop.includes('Alice, after'), atLaptop.join(' | '))
      assert.deepEqual(await bob.texts(conversation), expected)
    } finally {
      for (const l of links) await l()
      for (const p of [laptop, alice, bob]) await p.close()
    }
  })
})

describe('a replaced messaging key', () => {
  const tmp = tmpDir('rstatus-dm-replaced-')
  after(() => tmp.cleanup())

  it('reaches a remaining device whose hand-over came before the record that publishes it', async () => {
    const alice = await Peer.create(`${tmp.dir}/alice`)
    const phone = await Peer.create(`${tmp.dir}/phone`, { of: alice, seedFromPairing: true })
    let link: (() => Promise<void>) | null = connect(alice, phone)
    try {
      await phone.knows(alice)
      await waitFor(async () => (await alice.directory.deviceBoxKey(phone.device)) !== null, { what: "the phone's box key at Alice" })
      await link()
      link = null

      // The new generation is handed over while the identity feed does not publish it yet.
      const record = alice.messages.rotateMessagingKey()
      await alice.messages.refresh()
      const handedOver = new Promise<void>((resolve) => {
        const receive = phone.messages.receiveItems.bind(phone.messages)
        phone.messages.receiveItems = async (items) => {
          await receive(items)
          if (items.length > 0) resolve()
        }
      })
      link = connect(alice, phone)
      await handedOver
      assert.equal(phone.keyring.get(1), null, 'not taken before the identity publishes it')

      await alice.feed.append(Buffer.from(JSON.stringify(record)))
      await waitFor(
        async () => {
          await phone.messages.refresh()
          return phone.keyring.get(1) !== null
        },
        { what: 'the new key taken once its record arrived' }
      )
      assert.deepEqual(phone.keyring.current()!.box.publicKey, alice.keyring.current()!.box.publicKey)
      assert.equal(phone.messages.counts.forged, 0)
    } finally {
      await link?.()
      await phone.close()
      await alice.close()
    }
  })
})

describe('a restored identity', () => {
  const tmp = tmpDir('rstatus-dm-restore-')
  after(() => tmp.cleanup())

  it('reads its conversations from the backup, and writes in them with a new core of its own', async () => {
    const alice = await Peer.create(`${tmp.dir}/alice`)
    const bob = await Peer.create(`${tmp.dir}/bob`)
    alice.directory.followed.add(bob.identity)
    bob.directory.followed.add(alice.identity)
    let link = connect(alice, bob)
    let restored: Peer | null = null
    try {
      await alice.knows(bob)
      await bob.knows(alice)
      const { conversation } = await alice.messages.send([bob.identity], 'before the disk died')
      await waitFor(() => bob.messages.list()[0]?.last, { what: 'the message at Bob' })
      await bob.messages.send(conversation, 'got it')
      await waitFor(async () => (await alice.texts(conversation)).length === 2, { what: 'the reply at Alice' })
      await settle([alice, bob])
      const backup = alice.messages.exportBackup()
      assert.deepEqual(backup.seeds.map((s) => s.generation), [0])
      assert.equal(backup.conversations.length, 1)
      const primaryKey = alice.primaryKey
      const oldCore = alice.messages.cores().own[0]!
      await link()
      await alice.close()

      restored = await Peer.restore(`${tmp.dir}/restored`, primaryKey, backup)
      assert.equal(restored.identity, alice.identity)
      link = connect(restored, bob)
      await waitFor(
        async () => {
          await restored!.messages.refresh()
          return (await restored!.texts(conversation).catch(() => [])).length === 2
        },
        { what: 'the history after the restore' }
      )
      assert.deepEqual(await restored.texts(conversation), ['before the disk died', 'got it'])
      await restored.messages.send(conversation, 'back again')
      const atBob = await waitFor(async () => {
        const m = await bob.messages.read(conversation, { markRead: false })
        return m.length === 3 ? m : null
      }, { what: 'the new message at Bob' })
      assert.equal(atBob[2]!.from, alice.identity)
      // A new core, so the old one (whose copy here may be behind) is never forked.
      assert.ok(!restored.messages.cores().own[0]!.equals(oldCore))
      await settle([restored, bob])
    } finally {
      await link()
      await restored?.close()
      await bob.close()
    }
  })
})
