// Nobody outside a conversation can read it: not a third party who holds every core the members write, nor a
// mirror that keeps them, nor a member who was removed, for what follows the removal. Each looks at the raw
// bytes it holds, and tries every key it has.
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { after, describe, it } from 'node:test'
import Corestore from 'corestore'
import type Hypercore from 'hypercore'
import ids from 'hypercore-id-encoding'
import { coreEncryptionKey, decrypt, keyIdOf, openSealed } from '../../../../../electron/engine/messages/crypto.js'
import { decodeConversationBlock, sealedAd } from '../../../../../electron/engine/messages/wire.js'
import { conversationIdOf } from '../../../../../electron/engine/messages/crypto.js'
import { tmpDir, waitFor } from '../../../../helpers/tmp.js'
import { connect, Peer, settle } from './peers.js'

const MARKERS = ['Meet me at the old mill', 'The password is swordfish', 'Carol must not see this', 'PIXELS-OF-A-SECRET-PHOTO']

/** Every block of `key` held by `store`, as stored, once it holds `length` of them: a blind holder has no key to decrypt with. */
async function rawBlocks(store: Corestore, key: Buffer, length: number): Promise<Buffer[]> {
  const core = store.get({ key })
  await core.ready()
  await waitFor(async () => {
    await core.update({ wait: true })
    return core.length >= length
  }, { what: 'the whole core' })
  await core.download({ start: 0, end: core.length }).done()
  const out: Buffer[] = []
  for (let i = 0; i < core.length; i++) out.push((await core.get(i, { raw: true } as Hypercore.GetOptions))!)
  await core.close()
  return out
}

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)]))
}

describe('what outsiders hold of a conversation', () => {
  const tmp = tmpDir('rstatus-dm-privacy-')
  after(() => tmp.cleanup())

  it('a third party and a mirror holding every core find no plaintext in any block, and cannot open anything with their keys', async () => {
    const [alice, bob, eve] = await Promise.all(['alice', 'bob', 'eve'].map((n) => Peer.create(`${tmp.dir}/outsiders/${n}`)))
    const mirror = new Corestore(`${tmp.dir}/outsiders/mirror`)
    const peers = [alice!, bob!]
    alice!.directory.followed.add(bob!.identity)
    bob!.directory.followed.add(alice!.identity)
    // Eve follows both (she holds their public feeds) and is connected to both; the mirror is connected to both.
    const links = [connect(alice!, bob!), connect(alice!, eve!), connect(bob!, eve!), connect(alice!, { store: mirror }), connect(bob!, { store: mirror })]
    try {
      await alice!.knows(bob!)
      await bob!.knows(alice!)
      await eve!.knows(alice!)
      await eve!.knows(bob!)
      const image = Buffer.alloc(70_000, 1)
      image.write(MARKERS[3]!, 500)
      const { conversation } = await alice!.messages.send([bob!.identity], MARKERS[0]!, {
        images: [{ bytes: image, mime: 'image/png', width: 10, height: 10, alt: 'a photo' }]
      })
      await waitFor(() => bob!.messages.list()[0]?.last, { what: 'the message at Bob' })
      await bob!.messages.send(conversation, MARKERS[1]!)
      await waitFor(async () => (await alice!.texts(conversation)).length === 2, { what: 'the reply' })
      await settle(peers)

      // The worst case: both outsiders know the key of every conversation core (a mirror is given them).
      const cores = [...alice!.messages.cores().own, ...bob!.messages.cores().own]
      assert.equal(cores.length, 2)
      const secret = Buffer.from(alice!.messages.exportBackup().conversations[0]!.secret, 'hex')
      const lengths = new Map<string, number>()
      for (const [writer, key] of [[alice!, cores[0]!], [bob!, cores[1]!]] as const) {
        const core = writer.store.get({ key })
        await core.ready()
        lengths.set(key.toString('hex'), core.length)
        await core.close()
      }
      const forbidden = [...MARKERS.map((m) => Buffer.from(m)), secret, coreEncryptionKey(secret)]
      let blocks = 0
      for (const holder of [mirror, eve!.store]) {
        for (const key of cores) {
          const raw = await rawBlocks(holder, key, lengths.get(key.toString('hex'))!)
          assert.equal(raw.length, lengths.get(key.toString('hex')))
          for (const block of raw) {
            blocks++
            for (const f of forbidden) assert.ok(!block.includes(f), `a block holds ${f.toString('hex').slice(0, 16)}…`)
            // Without the conversation's secret a block does not even parse; were it to, Eve's keys open nothing.
            const decoded = decodeConversationBlock(block.subarray(8))
            if (decoded.ok && decoded.value.kind === 'key') {
              for (const e of decoded.value.envelopes) assert.equal(openSealed(e.sealed, eve!.keyring.current()!.box), null)
            }
          }
        }
      }
      assert.ok(blocks >= 14)
      // The same blocks as Alice reads them, decrypted by Hypercore with the conversation's key, do hold the text
      // encrypted once more: so what the outsiders lack is exactly the key.
      const own = alice!.store.get({ key: cores[0]!, encryption: { key: coreEncryptionKey(secret) } })
      await own.ready()
      const first = await own.get(0)
      const stored = await own.get(0, { raw: true } as Hypercore.GetOptions)
      assert.notDeepEqual(first, stored)
      await own.close()
      // Nor does anything on the outsiders' disks hold the text.
      await mirror.close().catch(() => {})
      for (const file of [...filesUnder(`${tmp.dir}/outsiders/mirror`), ...filesUnder(`${tmp.dir}/outsiders/eve`)]) {
        const bytes = fs.readFileSync(file)
        for (const m of MARKERS) assert.ok(!bytes.includes(Buffer.from(m)), `${file} holds "${m}"`)
      }
      // Eve was never told of the conversation: it is not hers to list.
      assert.deepEqual(eve!.messages.list(), [])
      assert.deepEqual(eve!.messages.requests(), [])
    } finally {
      for (const l of links) await l()
      for (const p of [alice!, bob!, eve!]) await p.close()
      await mirror.close().catch(() => {})
    }
  })

  it('a removed member holds the message that follows, and no key it has decrypts it', async () => {
    const [alice, bob, carol] = await Promise.all(['alice', 'bob', 'carol'].map((n) => Peer.create(`${tmp.dir}/removed/${n}`)))
    const all = [alice!, bob!, carol!]
    for (const p of all) for (const q of all) if (p !== q) p.directory.followed.add(q.identity)
    const links = [connect(alice!, bob!), connect(bob!, carol!), connect(alice!, carol!)]
    try {
      for (const p of all) for (const q of all) if (p !== q) await p.knows(q)
      const { conversation } = await alice!.messages.send([bob!.identity, carol!.identity], 'before')
      await waitFor(() => carol!.messages.list()[0]?.last, { what: 'the group at Carol' })
      await alice!.messages.removeMember(conversation, carol!.identity)
      const { message } = await alice!.messages.send(conversation, MARKERS[2]!)
      await waitFor(async () => (await bob!.texts(conversation)).length === 2, { what: 'the message at Bob' })
      await settle(all)
      assert.deepEqual(await carol!.texts(conversation), ['before'])

      // Carol holds the block: she knows the conversation's secret, so Hypercore decrypts it for her.
      const secret = Buffer.from(carol!.messages.exportBackup().conversations[0]!.secret, 'hex')
      const [coreId, seqText] = message.split('/')
      const core = carol!.store.get({ key: ids.decode(coreId!), encryption: { key: coreEncryptionKey(secret) } })
      await core.ready()
      const decoded = decodeConversationBlock((await core.get(Number(seqText), { wait: false }))!)
      assert.ok(decoded.ok && decoded.value.kind === 'sealed')
      const sealed = decoded.value
      // Every key sealed to Carol, in every key record of the core she holds, opened with her keys…
      const hers: Buffer[] = []
      let rotated = false
      for (let i = 1; i < core.length; i++) {
        const block = decodeConversationBlock((await core.get(i, { wait: false }))!)
        if (!block.ok || block.value.kind !== 'key') continue
        const envelope = block.value.envelopes.find((e) => ids.encode(e.member) === carol!.identity)
        if (!envelope) rotated = true
        const key = envelope ? openSealed(envelope.sealed, carol!.keyring.current()!.box) : null
        if (key) hers.push(key)
      }
      assert.equal(rotated, true, 'a key without Carol was made')
      assert.equal(hers.length, 1)
      // …does not decrypt what followed her removal, and is not the key it names.
      const ad = sealedAd(conversationIdOf(ids.decode(carol!.messages.exportBackup().conversations[0]!.creator)), core.key, Number(seqText), sealed.keyId)
      for (const key of hers) {
        assert.equal(decrypt(sealed.ciphertext, key, ad, sealed.nonce), null)
        assert.notDeepEqual(keyIdOf(key), sealed.keyId)
      }
      await core.close()
    } finally {
      for (const l of links) await l()
      for (const p of all) await p.close()
    }
  })
})
