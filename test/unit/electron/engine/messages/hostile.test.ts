// Hostile input from a member's core, a stranger's invitation, or any peer's items: each is skipped and
// counted, never fatal, and the conversation goes on.
import assert from 'node:assert/strict'
import crypto from 'node:crypto'
import { after, describe, it } from 'node:test'
import ids from 'hypercore-id-encoding'
import type Hypercore from 'hypercore'
import { MAX_CONVERSATION_BLOCK_BYTES } from '../../../../../shared/messages.js'
import {
  conversationIdOf,
  coreEncryptionKey,
  encrypt,
  identityKeys,
  keyIdOf,
  openSealed,
  randomBytes,
  seal,
  sign
} from '../../../../../electron/engine/messages/crypto.js'
import { sealItem } from '../../../../../electron/engine/messages/items.js'
import { bindingSignable, decodeConversationBlock, encodeBlock, encodeItem, encodePayload, sealedAd, type Payload } from '../../../../../electron/engine/messages/wire.js'
import { tmpDir, waitFor } from '../../../../helpers/tmp.js'
import { connect, Peer, settle } from './peers.js'

/** Mallory's tools: her own core in the conversation, opened as her store holds it, and the key she was given. */
async function malloryTools(mallory: Peer, conversation: string) {
  const backup = mallory.messages.exportBackup().conversations.find((c) => c.creator)!
  const secret = Buffer.from(backup.secret, 'hex')
  const creator = ids.decode(backup.creator)
  const id = conversationIdOf(creator)
  const encryption = { key: coreEncryptionKey(secret) }
  const own: Hypercore = mallory.store.get({ key: mallory.messages.cores().own[0]!, encryption })
  await own.ready()
  const creatorCore: Hypercore = mallory.store.get({ key: creator, encryption })
  await creatorCore.ready()
  const genesis = decodeConversationBlock((await creatorCore.get(1))!)
  assert.ok(genesis.ok && genesis.value.kind === 'key')
  const envelope = genesis.value.envelopes.find((e) => ids.encode(e.member) === mallory.identity)!
  const key = { keyId: genesis.value.keyId, key: openSealed(envelope.sealed, mallory.keyring.current()!.box)! }
  const sealedBlock = (payload: Payload, k = key) => {
    const seq = own.length
    const { nonce, ciphertext } = encrypt(encodePayload(payload), k.key, sealedAd(id, own.key, seq, k.keyId))
    return encodeBlock({ kind: 'sealed', keyId: k.keyId, nonce, ciphertext })
  }
  assert.ok(conversation)
  return { own, creatorCore, id, secret, key, sealedBlock, close: () => Promise.all([own.close(), creatorCore.close()]) }
}

describe('hostile input in a conversation', () => {
  const tmp = tmpDir('rstatus-dm-hostile-')
  after(() => tmp.cleanup())

  it("skips and counts garbage, replays, forged keys and members, oversized blocks and another sender's claim", async () => {
    const [alice, bob, mallory] = await Promise.all(['alice', 'bob', 'mallory'].map((n) => Peer.create(`${tmp.dir}/members/${n}`)))
    const all = [alice!, bob!, mallory!]
    for (const p of all) for (const q of all) if (p !== q) p.directory.followed.add(q.identity)
    const links = [connect(alice!, bob!), connect(bob!, mallory!), connect(alice!, mallory!)]
    try {
      for (const p of all) for (const q of all) if (p !== q) await p.knows(q)
      const { conversation } = await alice!.messages.send([bob!.identity, mallory!.identity], 'hello')
      await waitFor(() => mallory!.messages.list()[0]?.last, { what: 'the group at Mallory' })
      await mallory!.messages.send(conversation, 'a legit message from Mallory')
      await waitFor(async () => (await bob!.texts(conversation)).length === 2, { what: "Mallory's message at Bob" })
      const before = { ...bob!.messages.counts }
      const tools = await malloryTools(mallory!, conversation)

      // Garbage, and a block over the size limit.
      await tools.own.append(crypto.randomBytes(200))
      await tools.own.append(Buffer.alloc(MAX_CONVERSATION_BLOCK_BYTES + 100, 3))
      // Garbage ciphertext under the real key.
      await tools.own.append(encodeBlock({ kind: 'sealed', keyId: tools.key.keyId, nonce: randomBytes(24), ciphertext: randomBytes(100) }))
      // Alice's message, copied into Mallory's core: it was bound to where Alice wrote it.
      const alicesBlock = await tools.creatorCore.get(2)
      await tools.own.append(alicesBlock!)
      // A record that breaks the rules (text over the limit), properly encrypted.
      await tools.own.append(tools.sealedBlock({ type: 'message', createdAt: 1, text: 'x'.repeat(600), images: [] }))
      // A key sealed to someone who is not a member (a forged member list), and a message under it.
      const outsider = identityKeys(randomBytes(32), 0)
      const forgedKey = randomBytes(32)
      const members = await Promise.all(all.map(async (p) => ({ member: ids.decode(p.identity), generation: 0, sealed: seal(forgedKey, p.keyring.current()!.box.publicKey) })))
      const envelopes = [...members, { member: randomBytes(32), generation: 0, sealed: seal(forgedKey, outsider.box.publicKey) }]
      await tools.own.append(encodeBlock({ kind: 'key', keyId: keyIdOf(forgedKey), envelopes }))
      await tools.own.append(tools.sealedBlock({ type: 'message', createdAt: 2, text: 'under a forged key', images: [] }, { keyId: keyIdOf(forgedKey), key: forgedKey }))
      // Removing Bob: only the creator may.
      await tools.own.append(tools.sealedBlock({ type: 'remove', member: ids.decode(bob!.identity), cuts: [] }))

      // A core that claims to be Alice's, signed by Mallory, announced to Bob in a sealed invitation.
      const fake = mallory!.store.get({ name: 'claims-to-be-alice', encryption: { key: coreEncryptionKey(tools.secret) } })
      await fake.ready()
      const claim = { conversation: tools.id, identity: ids.decode(alice!.identity), device: ids.decode(alice!.device), generation: 0 }
      await fake.append(encodeBlock({ kind: 'binding', ...claim, signature: sign(bindingSignable(claim, fake.key), mallory!.keyring.current()!.sign.secretKey) }))
      await fake.append(tools.sealedBlock({ type: 'message', createdAt: 3, text: 'I am Alice, honest', images: [] }))
      const invite = { kind: 'invite' as const, from: ids.decode(alice!.identity), secret: tools.secret, creator: tools.creatorCore.key, cores: [fake.key], sentAt: 1 }
      await bob!.messages.receiveItems([encodeItem(sealItem(ids.decode(bob!.identity), bob!.keyring.current()!.box.publicKey, invite))])

      // And the conversation goes on.
      await alice!.messages.send(conversation, 'still here')
      await waitFor(async () => (await bob!.texts(conversation)).includes('still here'), { what: "Alice's next message at Bob" })
      const grown = (name: keyof typeof before) => bob!.messages.counts[name] - before[name]
      await waitFor(() => grown('forged') >= 4 && grown('replayed') >= 1, { what: 'every hostile block counted' })
      assert.deepEqual(await bob!.texts(conversation), ['hello', 'a legit message from Mallory', 'still here'])
      assert.deepEqual(bob!.messages.list()[0]!.members, all.map((p) => p.identity).sort())
      assert.equal(grown('malformed'), 2, 'garbage and the over-long text')
      assert.equal(grown('oversized'), 1)
      assert.equal(grown('undecryptable'), 1, 'garbage ciphertext')
      assert.equal(grown('replayed'), 1, "Alice's copied message")
      // The forged key, the message under it, Bob's removal, and the core claiming to be Alice's.
      assert.equal(grown('forged'), 4)
      await fake.close()
      await tools.close()
      await settle(all)
    } finally {
      for (const l of links) await l()
      for (const p of all) await p.close()
    }
  })

  it('drops an invitation to a conversation whose first key names a member twice, or leaves out its creator', async () => {
    const [bob, mallory] = await Promise.all(['bob', 'mallory'].map((n) => Peer.create(`${tmp.dir}/genesis/${n}`)))
    bob!.directory.followed.add(mallory!.identity)
    const link = connect(bob!, mallory!)
    try {
      await bob!.knows(mallory!)
      for (const recipients of [[bob!, bob!], [bob!, mallory!, bob!]]) {
        const before = bob!.messages.counts.forged
        const secret = randomBytes(32)
        const core = mallory!.store.get({ name: `forged-${crypto.randomUUID()}`, encryption: { key: coreEncryptionKey(secret) } })
        await core.ready()
        const b = { conversation: conversationIdOf(core.key), identity: ids.decode(mallory!.identity), device: ids.decode(mallory!.device), generation: 0 }
        await core.append(encodeBlock({ kind: 'binding', ...b, signature: sign(bindingSignable(b, core.key), mallory!.keyring.current()!.sign.secretKey) }))
        const key = randomBytes(32)
        const envelopes = recipients.map((p) => ({ member: ids.decode(p.identity), generation: 0, sealed: seal(key, p.keyring.current()!.box.publicKey) }))
        await core.append(encodeBlock({ kind: 'key', keyId: keyIdOf(key), envelopes }))
        const invite = { kind: 'invite' as const, from: ids.decode(mallory!.identity), secret, creator: core.key, cores: [], sentAt: 1 }
        await bob!.messages.receiveItems([encodeItem(sealItem(ids.decode(bob!.identity), bob!.keyring.current()!.box.publicKey, invite))])
        await waitFor(() => bob!.messages.counts.forged === before + 1, { what: 'the forged first key counted' })
        assert.deepEqual(bob!.messages.list(), [])
        assert.deepEqual(bob!.messages.requests(), [])
        await core.close()
      }
    } finally {
      await link()
      await bob!.close()
      await mallory!.close()
    }
  })
})

describe('hostile items', () => {
  const tmp = tmpDir('rstatus-dm-items-')
  after(() => tmp.cleanup())

  it('counts garbage and unopenable items, ignores items for others, holds each stranger to 20 invitations an hour, and all to 64 unproven', async () => {
    const bob = await Peer.create(`${tmp.dir}/bob`)
    try {
      const box = bob.keyring.current()!.box.publicKey
      const to = ids.decode(bob.identity)
      // Garbage that cannot decode: random bytes decode as an item for someone else once in a few hundred runs.
      await bob.messages.receiveItems([Buffer.from('not an item at all'), encodeItem({ to, sealed: randomBytes(300) }), encodeItem({ to: randomBytes(32), sealed: randomBytes(300) })])
      assert.equal(bob.messages.counts.malformed, 1)
      assert.equal(bob.messages.counts.undecryptable, 1)

      const sam = randomBytes(32)
      const invite = () => ({ kind: 'invite' as const, from: sam, secret: randomBytes(32), creator: randomBytes(32), cores: [], sentAt: 1 })
      await bob.messages.receiveItems(Array.from({ length: 21 }, () => encodeItem(sealItem(to, box, invite()))))
      assert.equal(bob.messages.counts.limited, 1)

      // Strangers who claim a new name for each invitation still fill only a bounded list of unproven ones.
      const limited = bob.messages.counts.limited
      await bob.messages.receiveItems(Array.from({ length: 60 }, () => encodeItem(sealItem(to, box, { ...invite(), from: randomBytes(32) }))))
      assert.equal(bob.messages.counts.limited - limited, 20 + 60 - 64)

      bob.directory.blocked.add(ids.encode(sam))
      await bob.messages.receiveItems([encodeItem(sealItem(to, box, invite()))])
      assert.equal(bob.messages.counts.blocked, 1)
      // None of them is a request: no core of theirs has proven anything.
      assert.deepEqual(bob.messages.requests(), [])
    } finally {
      await bob.close()
    }
  })
})
