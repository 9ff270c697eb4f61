// What a conversation says, worked out from everything read from its cores (docs/PROTOCOL.md "Membership and
// rotation"). A pure function of the records, whatever order they arrived in, so every member's device that
// holds the same blocks shows the same conversation. The cores' bindings are already verified here; what is
// checked is what a member may claim: keys only for members, removals only by the creator or of oneself,
// nothing from a core past its cut.
import ids from 'hypercore-id-encoding'
import type { FeedKey } from '../../../shared/keys.js'
import { MAX_CLOCK_SKEW_MS } from '../../../shared/protocol/limits.js'
import type { Payload } from './wire.js'

export interface CoreFacts {
  /** Hex of the core key. */
  core: string
  identity: FeedKey
  device: FeedKey
  /** The generation of the identity's messaging key that bound it. */
  generation: number
}

export interface KeyFacts {
  /** Hex of the key id. */
  keyId: string
  /** The members it was sealed to, as this record writes them. */
  recipients: FeedKey[]
  core: string
  seq: number
}

export interface Entry {
  core: string
  seq: number
  keyId: string
  payload: Payload
  /** When this device first read it: bounds how far in the future a message can sort. */
  firstSeen: number
}

export interface ConversationFacts {
  creator: FeedKey
  /** The members the creator's first key was sealed to. */
  genesis: FeedKey[]
  cores: Map<string, CoreFacts>
  /** Every key record read; one key may be written more than once (by whoever holds it). */
  keys: KeyFacts[]
  /** Ids (hex) of the keys this device holds. */
  held: Set<string>
  entries: Entry[]
  /** Each identity's newest published messaging-key generation. */
  latest: Map<FeedKey, number>
}

export type MessageEntry = Entry & { payload: Extract<Payload, { type: 'message' }>; from: FeedKey; device: FeedKey; sortAt: number }

export interface ConversationView {
  members: FeedKey[]
  removed: Set<FeedKey>
  /** Block index from which each core is ignored (hex core → length). */
  cuts: Map<string, number>
  /** The outdated cores (bound by an identity's older key) that a `cut` record named. */
  named: Set<string>
  messages: MessageEntry[]
  /** Per identity, per core: how much of that core its devices said they have seen. */
  seen: Map<FeedKey, Map<string, number>>
  /** The id (hex) of the key to send with: one this device holds, sealed to exactly the members now. */
  sendKey: string | null
  /** `core/seq` of keys and records that claim what their writer may not: counted once each by the caller. */
  forged: string[]
}

export function evaluate(facts: ConversationFacts): ConversationView {
  const genesis = new Set(facts.genesis)
  const forged: string[] = []
  const identityOf = (core: string) => facts.cores.get(core)?.identity ?? null

  // A key's recipients are those of its valid records together: a member who writes the key again with
  // fewer recipients cannot shut anyone out of it.
  const recipientsOf = new Map<string, Set<FeedKey>>()
  const validRecords: KeyFacts[] = []
  for (const k of facts.keys) {
    const writer = identityOf(k.core)
    const unique = new Set(k.recipients)
    if (writer !== null && unique.size === k.recipients.length && unique.size >= 2 && unique.has(writer) && k.recipients.every((r) => genesis.has(r))) {
      validRecords.push(k)
      const all = recipientsOf.get(k.keyId) ?? new Set<FeedKey>()
      for (const r of k.recipients) all.add(r)
      recipientsOf.set(k.keyId, all)
    } else {
      forged.push(`${k.core}/${k.seq}`)
    }
  }

  // Records under a valid key whose recipients include their writer; the rest are claims a writer may not make.
  type Located = Entry & { writer: FeedKey }
  const records: Located[] = []
  for (const e of facts.entries) {
    const recipients = recipientsOf.get(e.keyId)
    const writer = identityOf(e.core)
    if (!recipients || writer === null || !recipients.has(writer)) {
      forged.push(`${e.core}/${e.seq}`)
      continue
    }
    records.push({ ...e, writer })
  }

  // Removals. The creator's own leaving cuts the creator's cores first, since it decides which of the
  // creator's later removals of others count; anyone's leaving always counts.
  const cuts = new Map<string, number>()
  const removed = new Set<FeedKey>()
  const cutAt = (core: string, length: number) => cuts.set(core, Math.min(cuts.get(core) ?? Infinity, length))
  const applyRemoval = (r: Located & { payload: Extract<Payload, { type: 'remove' }> }, member: FeedKey) => {
    removed.add(member)
    if (r.writer === member) cutAt(r.core, r.seq + 1)
    for (const cut of r.payload.cuts) {
      const core = cut.core.toString('hex')
      if (identityOf(core) === member) cutAt(core, cut.length)
    }
  }
  const removals = records.filter((r): r is Located & { payload: Extract<Payload, { type: 'remove' }> } => r.payload.type === 'remove')
  const memberOf = (r: { payload: Extract<Payload, { type: 'remove' }> }) => keyText(r.payload.member)
  for (const r of removals) if (memberOf(r) === r.writer && genesis.has(r.writer)) applyRemoval(r, r.writer)
  for (const r of removals) {
    const member = memberOf(r)
    if (member === r.writer) continue
    if (r.writer !== facts.creator || !genesis.has(member)) forged.push(`${r.core}/${r.seq}`)
    else if (r.seq < (cuts.get(r.core) ?? Infinity)) applyRemoval(r, member)
  }
  // A removed member's cores that no removal named are cut whole: nobody can say how far they were read.
  for (const c of facts.cores.values()) if (removed.has(c.identity) && !cuts.has(c.core)) cuts.set(c.core, 1)

  // After an identity rotates its messaging key (a device was lost), its cores bound by an older generation
  // count up to where a core bound by the newest one cut them, and not at all if none did: whoever kept the
  // old key can neither go on writing in an old core nor start a new one.
  const isCurrent = (c: CoreFacts) => c.generation >= (facts.latest.get(c.identity) ?? 0)
  const rotationCuts = new Map<string, number>()
  for (const r of records) {
    if (r.payload.type !== 'cut') continue
    const writerCore = facts.cores.get(r.core)
    if (!writerCore || !isCurrent(writerCore)) {
      forged.push(`${r.core}/${r.seq}`)
      continue
    }
    for (const cut of r.payload.cuts) {
      const core = cut.core.toString('hex')
      const target = facts.cores.get(core)
      if (target?.identity === r.writer && !isCurrent(target)) rotationCuts.set(core, Math.min(rotationCuts.get(core) ?? Infinity, cut.length))
    }
  }
  for (const c of facts.cores.values()) if (!isCurrent(c)) cutAt(c.core, rotationCuts.get(c.core) ?? 1)

  const live = records.filter((r) => r.seq < (cuts.get(r.core) ?? Infinity))
  const members = facts.genesis.filter((m) => !removed.has(m)).sort()

  const messages: MessageEntry[] = []
  const seen = new Map<FeedKey, Map<string, number>>()
  for (const r of live) {
    if (r.payload.type === 'message') {
      const sortAt = Math.min(r.payload.createdAt, r.firstSeen + MAX_CLOCK_SKEW_MS)
      messages.push({ ...r, payload: r.payload, from: r.writer, device: facts.cores.get(r.core)!.device, sortAt })
    } else if (r.payload.type === 'seen') {
      const mine = seen.get(r.writer) ?? new Map<string, number>()
      for (const p of r.payload.positions) {
        const core = p.core.toString('hex')
        mine.set(core, Math.max(mine.get(core) ?? 0, p.length))
      }
      seen.set(r.writer, mine)
    }
  }
  messages.sort((a, b) => a.sortAt - b.sortAt || (a.core < b.core ? -1 : a.core > b.core ? 1 : a.seq - b.seq))

  const wanted = members.join()
  let sendKey: string | null = null
  for (const k of validRecords) {
    if (!facts.held.has(k.keyId) || k.seq >= (cuts.get(k.core) ?? Infinity)) continue
    if ([...recipientsOf.get(k.keyId)!].sort().join() !== wanted) continue
    if (sendKey === null || k.keyId < sendKey) sendKey = k.keyId
  }

  return { members, removed, cuts, named: new Set(rotationCuts.keys()), messages, seen, sendKey, forged }
}

function keyText(bytes: Buffer): FeedKey {
  return ids.encode(bytes)
}
