// What this device keeps about its conversations that no core says: which it knows and with which secret,
// the name of its own core in each, the person's choices (accepted, declined, read up to here, deleted for
// me, "seen" on or off), and the sealed items it still announces. Written whole and atomically, readable only
// by the user: it holds conversation secrets. A damaged file reads as empty; the secrets then come back with
// the next invitation, or from the identity backup.
import fs from 'node:fs'
import type { ConversationId, MessageId } from '../../../shared/messages.js'
import type { FeedKey } from '../../../shared/keys.js'

/** The file, in the data directory, that holds this device's conversations. */
export const STATE_FILE = 'messages.json'

export type ConversationStatus = 'pending' | 'request' | 'active'

export interface ConversationState {
  id: ConversationId
  /** Hex of the 32-byte conversation secret. */
  secret: string
  /** z-base-32 key of the creator's core, which the id is derived from. */
  creator: string
  status: ConversationStatus
  /** Who the first invitation said it came from, until a core proves more. */
  invitedBy: FeedKey
  /** This device's own core in the conversation, by its Corestore name; null until it first writes. */
  ownCore: string | null
  /** z-base-32 keys of every core this device knows in the conversation. */
  cores: string[]
  /** Per core (hex): the block index up to which the person has read here. */
  read: Record<string, number>
  /** What this device last said it had seen (hex core → length), so it says it again only when it grows. */
  saidSeen: Record<string, number>
  hidden: MessageId[]
  /** First sightings worth keeping: only of messages dated far enough ahead that they sort by it. */
  firstSeen: Record<MessageId, number>
  joinedAt: number
}

export interface OutboxEntry {
  /** z-base-32 key the item is for: an identity, or a device for a hand-over. */
  to: string
  /** Hex of the encoded item. */
  item: string
  at: number
  conversation: ConversationId | null
}

export interface StateFile {
  seen: boolean
  conversations: Record<ConversationId, ConversationState>
  /** Conversations the person declined: invitations to them are ignored, and nothing else is kept. */
  declined: ConversationId[]
  outbox: OutboxEntry[]
  /** Per linked device: the highest generation of the messaging key handed over to it. */
  handedOver: Record<FeedKey, number>
}

/** How long a sealed item is announced, as the inbox announces replies (PROTOCOL.md "Inbox"). */
export const OUTBOX_DAYS = 7
const MAX_OUTBOX = 2000

export class MessageState {
  readonly data: StateFile

  constructor(private readonly file: string | null) {
    this.data = load(file)
  }

  conversation(id: ConversationId): ConversationState | null {
    return Object.hasOwn(this.data.conversations, id) ? this.data.conversations[id]! : null
  }

  conversations(): ConversationState[] {
    return Object.values(this.data.conversations)
  }

  put(c: ConversationState): void {
    this.data.conversations[c.id] = c
    this.save()
  }

  /** Forgets a declined conversation's secret and everything else, keeping only that it was declined. */
  decline(id: ConversationId): void {
    delete this.data.conversations[id]
    if (!this.data.declined.includes(id)) this.data.declined.push(id)
    this.data.outbox = this.data.outbox.filter((o) => o.conversation !== id)
    this.save()
  }

  isDeclined(id: ConversationId): boolean {
    return this.data.declined.includes(id)
  }

  queue(entries: OutboxEntry[]): void {
    this.data.outbox.push(...entries)
    this.data.outbox = this.data.outbox.slice(-MAX_OUTBOX)
    this.save()
  }

  /** The keys that items are still announced for. */
  outboxTargets(now: number): string[] {
    return [...new Set(this.data.outbox.filter((o) => now - o.at < OUTBOX_DAYS * 86_400_000).map((o) => o.to))]
  }

  /** Items still announced for any of `keys`, newest first; expired ones are dropped. */
  outboxFor(keys: Iterable<string>, now: number): OutboxEntry[] {
    const wanted = new Set(keys)
    const live = this.data.outbox.filter((o) => now - o.at < OUTBOX_DAYS * 86_400_000)
    if (live.length !== this.data.outbox.length) {
      this.data.outbox = live
      this.save()
    }
    return live.filter((o) => wanted.has(o.to)).reverse()
  }

  save(): void {
    if (!this.file) return
    const tmp = `${this.file}.${process.pid}.tmp`
    fs.writeFileSync(tmp, JSON.stringify(this.data), { mode: 0o600 })
    fs.renameSync(tmp, this.file)
  }
}

function load(file: string | null): StateFile {
  const empty: StateFile = { seen: true, conversations: Object.create(null), declined: [], outbox: [], handedOver: Object.create(null) }
  if (!file) return empty
  let raw: Partial<StateFile>
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<StateFile>
  } catch {
    return empty
  }
  if (typeof raw !== 'object' || raw === null) return empty
  const conversations: Record<string, ConversationState> = Object.create(null)
  for (const [id, c] of Object.entries(raw.conversations ?? {})) {
    if (!isConversation(c) || c.id !== id) continue
    conversations[id] = {
      ...c,
      invitedBy: typeof c.invitedBy === 'string' ? c.invitedBy : '',
      ownCore: typeof c.ownCore === 'string' ? c.ownCore : null,
      cores: c.cores.filter((k) => typeof k === 'string'),
      hidden: c.hidden.filter((h) => typeof h === 'string'),
      saidSeen: numbers(c.saidSeen),
      read: numbers(c.read),
      firstSeen: numbers(c.firstSeen),
      joinedAt: Number.isSafeInteger(c.joinedAt) ? c.joinedAt : 0
    }
  }
  const handedOver: Record<string, number> = Object.create(null)
  for (const [device, g] of Object.entries(raw.handedOver ?? {})) if (Number.isSafeInteger(g)) handedOver[device] = g
  return {
    seen: raw.seen !== false,
    conversations,
    declined: Array.isArray(raw.declined) ? raw.declined.filter((d): d is string => typeof d === 'string') : [],
    outbox: Array.isArray(raw.outbox)
      ? raw.outbox.filter((o): o is OutboxEntry => typeof o === 'object' && o !== null && typeof o.to === 'string' && typeof o.item === 'string' && typeof o.at === 'number')
      : [],
    handedOver
  }
}

function numbers(value: unknown): Record<string, number> {
  const out: Record<string, number> = Object.create(null)
  if (typeof value !== 'object' || value === null) return out
  for (const [k, v] of Object.entries(value)) if (Number.isSafeInteger(v)) out[k] = v as number
  return out
}

function isConversation(c: unknown): c is ConversationState {
  if (typeof c !== 'object' || c === null) return false
  const v = c as Partial<ConversationState>
  return (
    typeof v.id === 'string' &&
    typeof v.secret === 'string' &&
    /^[0-9a-f]{64}$/.test(v.secret) &&
    typeof v.creator === 'string' &&
    (v.status === 'pending' || v.status === 'request' || v.status === 'active') &&
    Array.isArray(v.cores) &&
    Array.isArray(v.hidden)
  )
}
