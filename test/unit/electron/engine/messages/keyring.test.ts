import assert from 'node:assert/strict'
import fs from 'node:fs'
import { after, describe, it } from 'node:test'
import ids from 'hypercore-id-encoding'
import { firstIdentitySeed, identityKeys, randomBytes } from '../../../../../electron/engine/messages/crypto.js'
import { openItem, sealItem } from '../../../../../electron/engine/messages/items.js'
import { Keyring } from '../../../../../electron/engine/messages/keyring.js'
import {
  deviceBoxKeyOf,
  deviceBoxKeyRecord,
  messagingKeyRecord,
  messagingKeysOf,
  parseMessagingKeyRecord
} from '../../../../../electron/engine/messages/published-keys.js'
import { MessageState } from '../../../../../electron/engine/messages/state.js'
import { decodeItem, encodeItem } from '../../../../../electron/engine/messages/wire.js'
import { tmpDir } from '../../../../helpers/tmp.js'

const published = (keys: ReturnType<typeof identityKeys>) => parseMessagingKeyRecord(JSON.parse(JSON.stringify(messagingKeyRecord(keys, 1))))!

describe('published messaging keys', () => {
  it('round-trips a messaging-key record as JSON, keys in canonical z-base-32', () => {
    const keys = identityKeys(randomBytes(32), 4)
    const record = messagingKeyRecord(keys, 1_750_000_000_000)
    assert.equal(record.type, 'messaging-key')
    assert.equal(record.sign, ids.encode(keys.sign.publicKey))
    assert.deepEqual(parseMessagingKeyRecord(JSON.parse(JSON.stringify(record))), { generation: 4, sign: keys.sign.publicKey, box: keys.box.publicKey })
  })

  it('ignores malformed records and any that does not raise the generation', () => {
    const [k0, k1, k2] = [0, 1, 2].map((g) => identityKeys(randomBytes(32), g))
    const good = (k: typeof k0) => JSON.parse(JSON.stringify(messagingKeyRecord(k!, 1))) as Record<string, unknown>
    const records = [
      good(k1),
      { ...good(k0) }, // lower generation, later: ignored
      { ...good(k2), box: 'not a key' },
      { ...good(k2), sign: ids.encode(randomBytes(32)).toUpperCase() },
      { ...good(k2), generation: -1 },
      { ...good(k2), createdAt: 'yesterday' },
      null,
      { type: 'status', text: 'hi', createdAt: 1 },
      good(k2)
    ]
    assert.deepEqual(
      messagingKeysOf(records).map((k) => k.generation),
      [1, 2]
    )
    const box = randomBytes(32)
    assert.deepEqual(deviceBoxKeyOf([deviceBoxKeyRecord(randomBytes(32), 1), { type: 'device-box-key', box: 'x', createdAt: 1 }, deviceBoxKeyRecord(box, 2)]), box)
  })
})

describe('Keyring', () => {
  const tmp = tmpDir('rstatus-keyring-')
  after(() => tmp.cleanup())

  it("derives generation 0 on the identity's first device, and holds nothing on a linked device until given a seed", () => {
    const primaryKey = randomBytes(32)
    const first = new Keyring({ primaryKey, firstDevice: true, file: null })
    assert.deepEqual(first.current()!.seed, firstIdentitySeed(primaryKey))
    const linked = new Keyring({ primaryKey: randomBytes(32), firstDevice: false, file: null })
    assert.equal(linked.current(), null)
    assert.equal(linked.addSeed(first.current()!.seed, [published(first.current()!)]), 0)
    assert.deepEqual(linked.current()!.box.publicKey, first.current()!.box.publicKey)
  })

  it('refuses a seed that does not derive a published key', () => {
    const linked = new Keyring({ primaryKey: randomBytes(32), firstDevice: false, file: null })
    const real = identityKeys(randomBytes(32), 0)
    assert.equal(linked.addSeed(randomBytes(32), [published(real)]), null)
    assert.equal(linked.current(), null)
  })

  it('keeps received and rotated seeds in a 0600 file, and reads a damaged file as empty', () => {
    const file = `${tmp.dir}/keys.json`
    const primaryKey = randomBytes(32)
    const ring = new Keyring({ primaryKey, firstDevice: true, file })
    const rotated = ring.rotate(randomBytes(32))
    assert.equal(rotated.generation, 1)
    assert.equal(fs.statSync(file).mode & 0o777, 0o600)
    // Generation 0 is derived again, never written.
    assert.doesNotMatch(fs.readFileSync(file, 'utf8'), new RegExp(firstIdentitySeed(primaryKey).toString('hex')))
    const again = new Keyring({ primaryKey, firstDevice: true, file })
    assert.deepEqual(again.all().map((k) => k.generation), [0, 1])
    assert.deepEqual(again.current()!.seed, rotated.seed)
    fs.writeFileSync(file, '{"seeds": [{"generation": 1, "seed": "zz"}')
    assert.deepEqual(new Keyring({ primaryKey, firstDevice: true, file }).all().map((k) => k.generation), [0])
  })

  it('exports every seed and imports them into another device', () => {
    const ring = new Keyring({ primaryKey: randomBytes(32), firstDevice: true, file: null })
    ring.rotate(randomBytes(32))
    const restored = new Keyring({ primaryKey: randomBytes(32), firstDevice: false, file: null })
    restored.import([...ring.export(), { generation: 7, seed: 'not hex' } as never])
    assert.deepEqual(restored.all().map((k) => k.seed.toString('hex')), ring.all().map((k) => k.seed.toString('hex')))
  })
})

describe('sealed items', () => {
  it('opens only with the key pair it was sealed to; garbage is undecryptable', () => {
    const me = identityKeys(randomBytes(32), 0)
    const other = identityKeys(randomBytes(32), 0)
    const invite = { kind: 'invite' as const, from: randomBytes(32), secret: randomBytes(32), creator: randomBytes(32), cores: [], sentAt: 5 }
    const item = sealItem(randomBytes(32), me.box.publicKey, invite)
    const carried = decodeItem(encodeItem(item))
    assert.ok(carried.ok)
    assert.deepEqual(openItem(carried.value, [other.box, me.box]), { ok: true, payload: invite })
    assert.deepEqual(openItem(item, [other.box]), { ok: false, reason: 'undecryptable' })
    assert.deepEqual(openItem({ to: randomBytes(32), sealed: randomBytes(120) }, [me.box]), { ok: false, reason: 'undecryptable' })
    assert.ok(!item.sealed.includes(invite.secret))
  })
})

describe('MessageState', () => {
  const tmp = tmpDir('rstatus-dm-state-')
  after(() => tmp.cleanup())

  it('forgets a declined conversation, secret and all, and remembers only that it was declined', () => {
    const file = `${tmp.dir}/messages.json`
    const state = new MessageState(file)
    const secret = randomBytes(32).toString('hex')
    state.put({ id: 'c1', secret, creator: 'x', status: 'request', invitedBy: 'y', ownCore: null, cores: [], read: {}, saidSeen: {}, hidden: [], firstSeen: {}, joinedAt: 1 })
    state.queue([{ to: 'y', item: 'aa', at: Date.now(), conversation: 'c1' }])
    state.decline('c1')
    const text = fs.readFileSync(file, 'utf8')
    assert.doesNotMatch(text, new RegExp(secret))
    assert.equal(new MessageState(file).isDeclined('c1'), true)
    assert.equal(new MessageState(file).outboxFor(['y'], Date.now()).length, 0)
    assert.equal(fs.statSync(file).mode & 0o777, 0o600)
  })

  it('reads a damaged file as empty, and drops entries that are not conversations', () => {
    const file = `${tmp.dir}/damaged.json`
    fs.writeFileSync(file, 'not json')
    assert.deepEqual(new MessageState(file).conversations(), [])
    fs.writeFileSync(file, JSON.stringify({ conversations: { a: { id: 'a', secret: 'short' }, b: 5 }, outbox: [1, null] }))
    const state = new MessageState(file)
    assert.deepEqual(state.conversations(), [])
    assert.deepEqual(state.data.outbox, [])
  })

  it('stops announcing items after 7 days', () => {
    const state = new MessageState(null)
    state.queue([
      { to: 'y', item: 'old', at: 0, conversation: null },
      { to: 'y', item: 'new', at: 7 * 86_400_000, conversation: null },
      { to: 'z', item: 'other', at: 7 * 86_400_000, conversation: null }
    ])
    assert.deepEqual(state.outboxFor(['y'], 7 * 86_400_000 + 1).map((o) => o.item), ['new'])
  })
})
