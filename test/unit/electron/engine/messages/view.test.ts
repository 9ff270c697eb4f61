// The rules of what a conversation's records add up to (docs/PROTOCOL.md "Membership and rotation").
import assert from 'node:assert/strict'
import crypto from 'node:crypto'
import { describe, it } from 'node:test'
import ids from 'hypercore-id-encoding'
import { evaluate, type ConversationFacts, type Entry, type KeyFacts } from '../../../../../electron/engine/messages/view.js'
import type { Payload } from '../../../../../electron/engine/messages/wire.js'

const person = () => ids.encode(crypto.randomBytes(32))
const [alice, bob, carol, mallory] = [person(), person(), person(), person()].sort()
const core = (name: string) => Buffer.from(name.padEnd(32, '.')).toString('hex')
const cores = { alice: core('alice'), bob: core('bob'), carol: core('carol'), mallory: core('mallory') }

function facts(keys: KeyFacts[], entries: Entry[], genesis = [alice!, bob!, carol!]): ConversationFacts {
  return {
    creator: alice!,
    genesis,
    cores: new Map([
      [cores.alice, { core: cores.alice, identity: alice!, device: alice!, generation: 0 }],
      [cores.bob, { core: cores.bob, identity: bob!, device: bob!, generation: 0 }],
      [cores.carol, { core: cores.carol, identity: carol!, device: carol!, generation: 0 }],
      [cores.mallory, { core: cores.mallory, identity: mallory!, device: mallory!, generation: 0 }]
    ]),
    keys,
    held: new Set(keys.map((k) => k.keyId)),
    entries,
    latest: new Map()
  }
}

const genesisKey: KeyFacts = { keyId: 'aa', recipients: [alice!, bob!, carol!], core: cores.alice, seq: 1 }
const message = (c: string, seq: number, text: string, createdAt = seq, keyId = 'aa'): Entry => ({
  core: c,
  seq,
  keyId,
  payload: { type: 'message', createdAt, text, images: [] },
  firstSeen: 1_000_000
})
const removal = (c: string, seq: number, member: string, cuts: Array<[string, number]> = [], keyId = 'aa'): Entry => ({
  core: c,
  seq,
  keyId,
  payload: { type: 'remove', member: ids.decode(member), cuts: cuts.map(([k, length]) => ({ core: Buffer.from(k, 'hex'), length })) } as Payload,
  firstSeen: 1_000_000
})

describe('a conversation view', () => {
  it('shows messages under the members\' key, in time order, and sends with that key', () => {
    const v = evaluate(facts([genesisKey], [message(cores.bob, 2, 'second', 20), message(cores.alice, 2, 'first', 10)]))
    assert.deepEqual(v.messages.map((m) => [m.from, m.payload.text]), [[alice, 'first'], [bob, 'second']])
    assert.deepEqual(v.members, [alice, bob, carol])
    assert.equal(v.sendKey, 'aa')
    assert.deepEqual(v.forged, [])
  })

  it('gives the same view whatever order the records arrived in', () => {
    const entries = [message(cores.alice, 2, 'a', 5), message(cores.bob, 2, 'b', 5), removal(cores.carol, 3, carol!), message(cores.carol, 2, 'c', 7)]
    const one = evaluate(facts([genesisKey], entries))
    const other = evaluate(facts([genesisKey], [...entries].reverse()))
    assert.deepEqual(
      one.messages.map((m) => m.payload.text),
      other.messages.map((m) => m.payload.text)
    )
    assert.deepEqual(one.members, other.members)
  })

  it('sorts a message dated in the future no later than 10 minutes after it was first seen', () => {
    const future = { ...message(cores.bob, 2, 'from the future', 9_999_999_999_999), firstSeen: 1000 }
    const v = evaluate(facts([genesisKey], [future, message(cores.alice, 2, 'now', 1000 + 11 * 60_000)]))
    assert.deepEqual(v.messages.map((m) => m.payload.text), ['from the future', 'now'])
  })

  it('ignores a key sealed to someone who is not a member, or not to its writer, and what is written under it', () => {
    const outsider: KeyFacts = { keyId: 'bb', recipients: [alice!, bob!, mallory!], core: cores.bob, seq: 3 }
    const notWriter: KeyFacts = { keyId: 'cc', recipients: [alice!, carol!], core: cores.bob, seq: 4 }
    const repeated: KeyFacts = { keyId: 'dd', recipients: [alice!, alice!], core: cores.alice, seq: 5 }
    const v = evaluate(facts([genesisKey, outsider, notWriter, repeated], [message(cores.bob, 5, 'under a forged key', 5, 'bb')]))
    assert.deepEqual(v.messages, [])
    assert.deepEqual(v.forged.sort(), [`${cores.alice}/5`, `${cores.bob}/3`, `${cores.bob}/4`, `${cores.bob}/5`].sort())
  })

  it('ignores a record from a writer the key was not sealed to', () => {
    const pair: KeyFacts = { keyId: 'bb', recipients: [alice!, bob!], core: cores.alice, seq: 3 }
    const v = evaluate(facts([genesisKey, pair], [message(cores.carol, 2, 'not mine to use', 2, 'bb'), message(cores.bob, 2, 'mine', 2, 'bb')]))
    assert.deepEqual(v.messages.map((m) => m.payload.text), ['mine'])
    assert.deepEqual(v.forged, [`${cores.carol}/2`])
  })

  it('does not let a member shut another out of a key by writing it again with fewer recipients', () => {
    const narrower: KeyFacts = { keyId: 'aa', recipients: [alice!, bob!], core: cores.bob, seq: 3 }
    const v = evaluate(facts([genesisKey, narrower], [message(cores.carol, 2, 'still here')]))
    assert.deepEqual(v.messages.map((m) => m.payload.text), ['still here'])
  })

  it('lets a member leave: their later records are cut, and the key for the rest is wanted anew', () => {
    const v = evaluate(facts([genesisKey], [message(cores.carol, 2, 'bye'), removal(cores.carol, 3, carol!), message(cores.carol, 4, 'after leaving')]))
    assert.deepEqual(v.members, [alice, bob])
    assert.deepEqual(v.messages.map((m) => m.payload.text), ['bye'])
    assert.equal(v.cuts.get(cores.carol), 4)
    assert.equal(v.sendKey, null)
    const rotated: KeyFacts = { keyId: 'ee', recipients: [bob!, alice!], core: cores.bob, seq: 9 }
    assert.equal(evaluate(facts([genesisKey, rotated], [removal(cores.carol, 3, carol!)])).sendKey, 'ee')
  })

  it('lets only the creator remove others, cutting the removed member where the creator held them', () => {
    const byCreator = evaluate(facts([genesisKey], [message(cores.carol, 2, 'kept'), message(cores.carol, 3, 'cut'), removal(cores.alice, 2, carol!, [[cores.carol, 3]])]))
    assert.deepEqual(byCreator.members, [alice, bob])
    assert.deepEqual(byCreator.messages.map((m) => m.payload.text), ['kept'])
    const byBob = evaluate(facts([genesisKey], [removal(cores.bob, 2, carol!)]))
    assert.deepEqual(byBob.members, [alice, bob, carol])
    assert.deepEqual(byBob.forged, [`${cores.bob}/2`])
  })

  it('cuts a removed member\'s cores that no removal named, whole', () => {
    const second = core('carol-2')
    const f = facts([genesisKey], [message(second, 2, 'from a device the creator never saw'), removal(cores.alice, 2, carol!, [[cores.carol, 5]])])
    f.cores.set(second, { core: second, identity: carol!, device: carol!, generation: 0 })
    const v = evaluate(f)
    assert.equal(v.cuts.get(second), 1)
    assert.deepEqual(v.messages, [])
  })

  it("counts the creator's removals only before the creator left", () => {
    const v = evaluate(facts([genesisKey], [removal(cores.alice, 3, alice!), removal(cores.alice, 4, bob!)]))
    assert.deepEqual(v.members, [bob, carol])
  })

  it("after a member rotates their key, counts their older cores only up to where a newer one cut them", () => {
    const newer = core('bob-gen-1')
    const stolen = core('bob-stolen')
    const cut: Entry = {
      core: newer,
      seq: 1,
      keyId: 'aa',
      payload: { type: 'cut', cuts: [{ core: Buffer.from(cores.bob, 'hex'), length: 3 }] },
      firstSeen: 0
    }
    const f = facts([genesisKey], [
      message(cores.bob, 2, 'before the laptop was stolen'),
      message(cores.bob, 3, 'the thief, in the old core'),
      message(stolen, 1, 'the thief, in a new core'),
      cut,
      message(newer, 2, 'from the new key', 10)
    ])
    f.cores.set(newer, { core: newer, identity: bob!, device: bob!, generation: 1 })
    f.cores.set(stolen, { core: stolen, identity: bob!, device: bob!, generation: 0 })
    f.latest.set(bob!, 1)
    const v = evaluate(f)
    assert.deepEqual(v.messages.map((m) => m.payload.text), ['before the laptop was stolen', 'from the new key'])
    assert.equal(v.cuts.get(stolen), 1)
    // Before anyone saw the rotation, the old cores count whole.
    f.latest.set(bob!, 0)
    assert.equal(evaluate(f).messages.length, 4)
    // A cut written in an outdated core is a claim the thief may not make.
    const forged = facts([genesisKey], [{ ...cut, core: stolen }])
    forged.cores.set(stolen, { core: stolen, identity: bob!, device: bob!, generation: 0 })
    forged.latest.set(bob!, 1)
    assert.deepEqual(evaluate(forged).forged, [`${stolen}/1`])
  })

  it("keeps each member's seen positions, the furthest of each core", () => {
    const seen = (c: string, seq: number, positions: Array<[string, number]>): Entry => ({
      core: c,
      seq,
      keyId: 'aa',
      payload: { type: 'seen', positions: positions.map(([k, length]) => ({ core: Buffer.from(k, 'hex'), length })) },
      firstSeen: 0
    })
    const v = evaluate(facts([genesisKey], [seen(cores.bob, 2, [[cores.alice, 5]]), seen(cores.bob, 3, [[cores.alice, 3], [cores.carol, 2]])]))
    assert.deepEqual([...v.seen.get(bob!)!.entries()].sort(), [[cores.alice, 5], [cores.carol, 2]].sort())
  })
})
