// The inbox: how a reply or a mention reaches someone who does not follow its author (PROTOCOL.md "Inbox").
// The author's peer announces itself on the addressee's inbox topic; the addressee's peer joins its own. On
// every connection both open one protomux channel, `rstatus/inbox/1`, and each says which keys it reads for
// (`ask`); the other answers with links to the statuses it holds for those keys (`items`). The addressee then
// fetches each status sparsely and keeps it only if it really replies to or mentions them.
import crypto from 'node:crypto'
import c from 'compact-encoding'
import ids from 'hypercore-id-encoding'
import { parseStatusUri, statusUri, type FeedKey } from '../../../shared/keys.js'
import type { StatusRecord } from '../../../shared/protocol/records.js'
import { decodeBlock } from '../../../shared/protocol/validate.js'

export const INBOX_PROTOCOL = 'rstatus/inbox/1'
/** Keys one `ask` may name, and links one `items` may carry; longer messages are cut to these. */
export const MAX_ASK_KEYS = 16
export const MAX_ITEMS = 64

export const askEncoding = c.array(c.fixed32)
export const itemsEncoding = c.array(c.string)

/** The Hyperswarm topic where statuses for `key` are announced: SHA-256 of "rstatus-inbox" and the 32 key bytes. */
export function inboxTopic(key: FeedKey): Buffer {
  return crypto.createHash('sha256').update('rstatus-inbox').update(ids.decode(key)).digest()
}

export function keysToWire(keys: FeedKey[]): Buffer[] {
  return keys.slice(0, MAX_ASK_KEYS).map((k) => ids.decode(k))
}

export function keysFromWire(keys: Buffer[]): FeedKey[] {
  return keys.slice(0, MAX_ASK_KEYS).flatMap((k) => {
    try {
      return [ids.encode(k)]
    } catch {
      // not a key: skipped
      return []
    }
  })
}

/** Status links from an `items` message, canonical and de-duplicated; anything else is dropped. */
export function itemsFromWire(items: string[]): Array<{ feed: FeedKey; seq: number; uri: string }> {
  const seen = new Set<string>()
  const out: Array<{ feed: FeedKey; seq: number; uri: string }> = []
  for (const item of items.slice(0, MAX_ITEMS)) {
    if (typeof item !== 'string' || item.length > 200) continue
    try {
      const { key, seq } = parseStatusUri(item)
      const uri = statusUri(key, seq)
      if (seq < 1 || seen.has(uri)) continue
      seen.add(uri)
      out.push({ feed: key, seq, uri })
    } catch {
      // not a status link: skipped
    }
  }
  return out
}

/**
 * Whether a block fetched from the inbox is what it was announced as: a valid status that replies to one of
 * `mine` (a status in one of my feeds) or mentions one of `mine`. Anything else counts as spam.
 */
export function addressedTo(block: Uint8Array, at: { feed: FeedKey; seq: number }, mine: ReadonlySet<FeedKey>): StatusRecord | null {
  const decoded = decodeBlock(block, at)
  if (!decoded.ok || decoded.record?.type !== 'status') return null
  const status = decoded.record
  const replies = status.replyTo !== undefined && mine.has(parseStatusUri(status.replyTo).key)
  const mentions = status.mentions?.some((m) => mine.has(m.key)) ?? false
  return replies || mentions ? status : null
}
