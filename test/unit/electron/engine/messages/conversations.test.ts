// Conversations between real peers: real Corestores on disk replicating in this process, the item channel on
// the same connections, public feeds that publish the messaging keys.
import assert from 'node:assert/strict'
import { after, describe, it } from 'node:test'
import { tmpDir, waitFor } from '../../../../helpers/tmp.js'
import { connect, Peer, settle } from './peers.js'

async function pair(dir: string, opts: { follow?: boolean } = {}): Promise<{ alice: Peer; bob: Peer; close: () => Promise<void> }> {
  const alice = await Peer.create(`${dir}/alice`)
  const bob = await Peer.create(`${dir}/bob`)
  if (opts.follow !== false) {
    alice.directory.followed.add(bob.identity)
    bob.directory.followed.add(alice.identity)
  }
  const disconnect = connect(alice, bob)
  await alice.knows(bob)
  await bob.knows(alice)
  return {
    alice,
    bob,
    close: async () => {
      await settle([alice, bob]).catch(() => {})
      await disconnect()
      await alice.close()
      await bob.close()
    }
  }
}

describe('a conversation between two people', () => {
  const tmp = tmpDir('rstatus-dm-')
  after(() => tmp.cleanup())

  it('delivers a first message, and the reply back, with "seen"', async () => {
    const { alice, bob, close } = await pair(`${tmp.dir}/round-trip`)
    try {
      const sent = await alice.messages.send([bob.identity], 'Hello Bob')
      assert.match(sent.conversation, /^[ybndrfg8ejkmcpqxot1uwisza345h769]{26}$/)
      // The invitations go to Bob and to Alice's own identity (her other devices): their inbox topics to join.
      assert.deepEqual(alice.messages.outboxTargets().sort(), [alice.identity, bob.identity].sort())

      const list = await waitFor(() => {
        const l = bob.messages.list()
        return l.length === 1 && l[0]!.last ? l : null
      }, { what: 'the conversation at Bob' })
      assert.equal(list[0]!.id, sent.conversation)
      assert.deepEqual(list[0]!.members, [alice.identity, bob.identity].sort())
      assert.equal(list[0]!.unread, 1)
      assert.equal(list[0]!.last!.text, 'Hello Bob')
      assert.equal(list[0]!.last!.from, alice.identity)
      assert.equal(list[0]!.last!.id, sent.message)

      const read = await bob.messages.read(sent.conversation)
      assert.deepEqual(read.map((m) => [m.from, m.text]), [[alice.identity, 'Hello Bob']])
      assert.equal(bob.messages.list()[0]!.unread, 0)

      await bob.messages.send(alice.identity, 'Hi Alice')
      const back = await waitFor(async () => {
        const msgs = await alice.messages.read(sent.conversation, { markRead: false })
        return msgs.length === 2 ? msgs : null
      }, { what: 'the reply at Alice' })
      assert.deepEqual(back.map((m) => m.text), ['Hello Bob', 'Hi Alice'])
      await waitFor(async () => (await alice.messages.read(sent.conversation, { markRead: false }))[0]!.seenBy.includes(bob.identity), { what: 'seen at Alice' })

      // Sending to the same person again uses the same conversation, whichever way it is named.
      assert.equal((await alice.messages.send([bob.identity], 'again')).conversation, sent.conversation)
      assert.equal((await alice.messages.send(`rstatus://${bob.identity}`, 'and again')).conversation, sent.conversation)
      await waitFor(() => bob.messages.list()[0]?.last?.text === 'and again', { what: 'the last message at Bob' })
      assert.deepEqual(alice.messages.counts, { malformed: 0, oversized: 0, undecryptable: 0, replayed: 0, forged: 0, limited: 0, blocked: 0 })
    } finally {
      await close()
    }
  })

  it('says nothing "seen" when the person switched it off', async () => {
    const { alice, bob, close } = await pair(`${tmp.dir}/no-seen`)
    try {
      bob.messages.setSeenReceipts(false)
      const { conversation } = await alice.messages.send([bob.identity], 'did you see this?')
      await waitFor(() => bob.messages.list()[0]?.last, { what: 'the message at Bob' })
      await bob.messages.read(conversation)
      await bob.messages.send(conversation, 'a reply, but no receipt')
      await waitFor(async () => (await alice.texts(conversation)).length === 2, { what: 'the reply' })
      assert.deepEqual((await alice.messages.read(conversation))[0]!.seenBy, [])
    } finally {
      await close()
    }
  })

  it('ends a conversation for the one left in it when the other leaves', async () => {
    const { alice, bob, close } = await pair(`${tmp.dir}/left-alone`)
    try {
      const { conversation } = await alice.messages.send([bob.identity], 'bye then')
      await waitFor(() => bob.messages.list()[0]?.last, { what: 'the message at Bob' })
      await bob.messages.leave(conversation)
      await waitFor(() => alice.messages.list()[0]?.members.length === 1, { what: 'Bob gone, at Alice' })
      await assert.rejects(alice.messages.send(conversation, 'hello?'), { code: 'NOT_ALLOWED', message: /Everyone else has left/ })
      // Writing to Bob again starts a new conversation.
      const again = await alice.messages.send([bob.identity], 'new start')
      assert.notEqual(again.conversation, conversation)
      await waitFor(() => bob.messages.list().some((c) => c.id === again.conversation && c.last?.text === 'new start'), { what: 'the new conversation at Bob' })
    } finally {
      await close()
    }
  })

  it('refuses bad input with one clear line', async () => {
    const { alice, bob, close } = await pair(`${tmp.dir}/bad-input`)
    try {
      await assert.rejects(alice.messages.send([bob.identity], '   '), { code: 'EMPTY_TEXT' })
      await assert.rejects(alice.messages.send([bob.identity], 'x'.repeat(501)), { code: 'TEXT_TOO_LONG' })
      await assert.rejects(alice.messages.send([], 'hi'), { code: 'INVALID_INPUT', message: /at least one other person/ })
      await assert.rejects(alice.messages.read('ybndrfg8ejkmcpqxot1uwisza3'), { code: 'INVALID_INPUT', message: /No conversation/ })
      await assert.rejects(alice.messages.read(bob.identity), { code: 'INVALID_INPUT', message: /start one with rstatus dm send/ })
      assert.throws(() => alice.messages.accept('nope'), { code: 'INVALID_INPUT', message: /No message request nope/ })
      await assert.rejects(alice.messages.decline('nope'), { code: 'INVALID_INPUT' })
      const stranger = 'c'.repeat(51) + 'y'
      await assert.rejects(alice.messages.send([stranger], 'hi'), { code: 'NOT_FOUND', message: /cannot receive messages yet/ })
    } finally {
      await close()
    }
  })

  it('sends images encrypted, and they arrive whole', async () => {
    const { alice, bob, close } = await pair(`${tmp.dir}/images`)
    try {
      const bytes = Buffer.alloc(150_000, 7)
      bytes.write('PNG-like bytes that are not the plaintext anywhere else', 1000)
      const { message } = await alice.messages.send([bob.identity], 'A picture', {
        images: [{ bytes, mime: 'image/png', width: 300, height: 200, alt: 'Seven sevens' }]
      })
      const got = await waitFor(() => bob.messages.list()[0]?.last, { what: 'the message at Bob' })
      assert.deepEqual(got.images, [{ mime: 'image/png', width: 300, height: 200, alt: 'Seven sevens', byteLength: 150_000 }])
      const image = await waitFor(() => bob.messages.image(message, 0), { what: 'the image at Bob' })
      assert.deepEqual(image, bytes)
    } finally {
      await close()
    }
  })
})

describe('message requests', () => {
  const tmp = tmpDir('rstatus-dm-requests-')
  after(() => tmp.cleanup())

  it('files a first message from someone not followed under requests; accepting moves it to the conversations', async () => {
    const { alice, bob, close } = await pair(`${tmp.dir}/accept`, { follow: false })
    try {
      const { conversation } = await alice.messages.send([bob.identity], 'We have not met')
      const requests = await waitFor(() => (bob.messages.requests().length === 1 ? bob.messages.requests() : null), { what: 'the request' })
      assert.deepEqual(requests, [{ id: conversation, from: alice.identity, text: 'We have not met', createdAt: requests[0]!.createdAt }])
      assert.deepEqual(bob.messages.list(), [])
      // Reading a request does not tell its sender.
      await bob.messages.read(conversation)
      bob.messages.accept(conversation)
      assert.deepEqual(bob.messages.requests(), [])
      assert.equal(bob.messages.list()[0]!.id, conversation)
    } finally {
      await close()
    }
  })

  it('declining deletes the request, tells the sender nothing, and ignores what the sender writes next', async () => {
    const { alice, bob, close } = await pair(`${tmp.dir}/decline`, { follow: false })
    try {
      const { conversation } = await alice.messages.send([bob.identity], 'Buy my stuff')
      await waitFor(() => bob.messages.requests().length === 1, { what: 'the request' })
      const heldBefore = bob.messages.cores().others.length
      assert.ok(heldBefore > 0)
      await bob.messages.decline(conversation)
      assert.deepEqual(bob.messages.requests(), [])
      assert.deepEqual(bob.messages.list(), [])
      assert.deepEqual(bob.messages.cores(), { own: [], others: [] })
      await alice.messages.send(conversation, 'Really, buy it')
      await alice.messages.send([bob.identity], 'Hello?')
      // Nothing comes back to Alice: no seen, no new core of Bob's.
      const at = await alice.messages.read(conversation)
      assert.deepEqual(at.map((m) => m.seenBy), [[], [], []])
      assert.deepEqual(alice.messages.cores().others, [])
      assert.deepEqual(bob.messages.requests(), [])
    } finally {
      await close()
    }
  })

  it('drops invitations from a blocked identity, and hides their messages', async () => {
    const { alice, bob, close } = await pair(`${tmp.dir}/block`)
    try {
      const { conversation } = await alice.messages.send([bob.identity], 'first')
      await waitFor(() => bob.messages.list()[0]?.last, { what: 'the first message' })
      bob.directory.blocked.add(alice.identity)
      await alice.messages.send(conversation, 'second')
      assert.deepEqual((await bob.messages.read(conversation)).map((m) => m.text), [])
    } finally {
      await close()
    }
  })
})

describe('a group', () => {
  const tmp = tmpDir('rstatus-dm-group-')
  after(() => tmp.cleanup())

  async function trio(dir: string) {
    const [alice, bob, carol] = await Promise.all(['alice', 'bob', 'carol'].map((n) => Peer.create(`${dir}/${n}`)))
    const all = [alice!, bob!, carol!]
    for (const p of all) for (const q of all) if (p !== q) p.directory.followed.add(q.identity)
    const links = [connect(alice!, bob!), connect(bob!, carol!), connect(alice!, carol!)]
    for (const p of all) for (const q of all) if (p !== q) await p.knows(q)
    return {
      alice: alice!,
      bob: bob!,
      carol: carol!,
      close: async () => {
        await settle(all).catch(() => {})
        for (const l of links) await l()
        for (const p of all) await p.close()
      }
    }
  }

  it('carries every member\'s messages to every member, in one order', async () => {
    const { alice, bob, carol, close } = await trio(`${tmp.dir}/chat`)
    try {
      const { conversation } = await alice.messages.send([bob.identity, carol.identity], 'Hi both')
      await waitFor(() => bob.messages.list()[0]?.last && carol.messages.list()[0]?.last, { what: 'the group at Bob and Carol' })
      await bob.messages.send(conversation, 'Hi from Bob')
      await carol.messages.send(conversation, 'Hi from Carol')
      const texts = (p: Peer) => p.texts(conversation)
      await waitFor(async () => (await texts(alice)).length === 3 && (await texts(bob)).length === 3 && (await texts(carol)).length === 3, { what: 'all three messages everywhere' })
      assert.deepEqual(await texts(alice), ['Hi both', 'Hi from Bob', 'Hi from Carol'])
      assert.deepEqual(await texts(bob), await texts(alice))
      assert.deepEqual(await texts(carol), await texts(alice))
      assert.deepEqual(alice.messages.list()[0]!.members, [alice.identity, bob.identity, carol.identity].sort())
    } finally {
      await close()
    }
  })

  it('a removed member cannot read what follows, and cannot decrypt it with anything they hold', async () => {
    const { alice, bob, carol, close } = await trio(`${tmp.dir}/remove`)
    try {
      const { conversation } = await alice.messages.send([bob.identity, carol.identity], 'before')
      await waitFor(() => carol.messages.list()[0]?.last, { what: 'the group at Carol' })
      await assert.rejects(bob.messages.removeMember(conversation, carol.identity), { code: 'NOT_ALLOWED' })
      await alice.messages.removeMember(conversation, carol.identity)
      await alice.messages.send(conversation, 'after Carol left')
      await waitFor(async () => (await bob.texts(conversation)).length === 2, { what: 'the message after, at Bob' })
      assert.deepEqual(bob.messages.list()[0]!.members, [alice.identity, bob.identity].sort())
      // Carol holds Alice's core up to the new message, and still reads only what came before.
      const aliceCore = alice.messages.cores().own[0]!
      await waitFor(async () => {
        const held = carol.store.get({ key: aliceCore })
        await held.ready()
        const ok = held.contiguousLength === (await alice.store.get({ key: aliceCore }).ready().then(() => alice.store.get({ key: aliceCore }).length))
        await held.close()
        return ok
      }, { what: "Carol holding all of Alice's core" })
      assert.deepEqual((await carol.messages.read(conversation)).map((m) => m.text), ['before'])
      assert.equal(carol.messages.list().length, 0)
      await assert.rejects(carol.messages.send(conversation, 'let me back in'), { code: 'NOT_ALLOWED' })
      await bob.messages.send(conversation, 'Bob after')
      await waitFor(async () => (await alice.texts(conversation)).length === 3, { what: "Bob's message at Alice" })
      assert.deepEqual((await carol.messages.read(conversation)).map((m) => m.text), ['before'])
    } finally {
      await close()
    }
  })

  it('a member who leaves reads nothing more: the next message is under a new key', async () => {
    const { alice, bob, carol, close } = await trio(`${tmp.dir}/leave`)
    try {
      const { conversation } = await alice.messages.send([bob.identity, carol.identity], 'hello')
      await waitFor(() => carol.messages.list()[0]?.last, { what: 'the group at Carol' })
      await carol.messages.leave(conversation)
      await waitFor(() => alice.messages.list()[0]!.members.length === 2, { what: 'Carol gone, at Alice' })
      await alice.messages.send(conversation, 'just us now')
      await waitFor(async () => (await bob.texts(conversation)).length === 2, { what: 'the message at Bob' })
      assert.deepEqual((await carol.messages.read(conversation)).map((m) => m.text), ['hello'])
    } finally {
      await close()
    }
  })
})
