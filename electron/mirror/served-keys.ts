// Whom a mirror keeps mail for: the keys each peer it trusts reads its inbox and its sealed items for, as that
// peer says in its own `ask` on the inbox and messages channels. Learned, not configured: the person's devices
// say it every time they connect. Kept in the mirror's storage, so a restart still serves them.
import ids from 'hypercore-id-encoding'
import type { FeedKey } from '../../shared/keys.js'
import { readJsonFile, writeJsonFile } from '../platform/json-file.js'

export type MailKind = 'inbox' | 'dm'
/** One `ask` names at most this many keys (PROTOCOL.md "Inbox"). */
const MAX_KEYS_PER_PEER = 16

export class ServedKeys {
  private readonly byPeer = new Map<string, Record<MailKind, FeedKey[]>>()
  /** The keys sealed items are kept for, updated in place: the item store reads this very array. */
  readonly dm: FeedKey[] = []

  constructor(private readonly file: string) {
    const saved = readJsonFile(file)
    const peers = typeof saved === 'object' && saved !== null ? (saved as { peers?: unknown }).peers : null
    if (typeof peers === 'object' && peers !== null) {
      for (const [peer, kinds] of Object.entries(peers as Record<string, unknown>)) {
        const k = (typeof kinds === 'object' && kinds !== null ? kinds : {}) as Record<string, unknown>
        this.byPeer.set(peer, { inbox: validKeys(k.inbox), dm: validKeys(k.dm) })
      }
    }
    this.refreshDm()
  }

  /** What a trusted peer asked for; returns whether anything changed. */
  learn(peer: Buffer, kind: MailKind, keys: FeedKey[]): boolean {
    const id = peer.toString('hex')
    const entry = this.byPeer.get(id) ?? { inbox: [], dm: [] }
    const next = [...new Set(keys)].slice(0, MAX_KEYS_PER_PEER)
    if (next.join() === entry[kind].join()) return false
    entry[kind] = next
    this.byPeer.set(id, entry)
    writeJsonFile(this.file, { peers: Object.fromEntries(this.byPeer) })
    this.refreshDm()
    return true
  }

  inbox(): FeedKey[] {
    return [...new Set([...this.byPeer.values()].flatMap((e) => e.inbox))]
  }

  /** Every key served: their inbox topics are where repliers and senders look for them. */
  all(): FeedKey[] {
    return [...new Set([...this.inbox(), ...this.dm])]
  }

  private refreshDm(): void {
    const keys = [...new Set([...this.byPeer.values()].flatMap((e) => e.dm))]
    this.dm.splice(0, this.dm.length, ...keys)
  }
}

function validKeys(value: unknown): FeedKey[] {
  if (!Array.isArray(value)) return []
  return value.filter((k): k is FeedKey => {
    try {
      return typeof k === 'string' && ids.encode(ids.decode(k)) === k
    } catch {
      return false
    }
  })
}
