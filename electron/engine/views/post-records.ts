// Edits, votes and pins: records that change how another block of a feed reads. Each is kept under its own
// key (its feed and seq), never folded into its target, so it can arrive before or after the target, be
// undone alone (removeFeed, a device cut), and still converge to what in-order indexing gives.
import type { FeedKey } from '../../../shared/keys.js'
import type { EditRecord, PinRecord, VoteRecord } from '../../../shared/protocol/records.js'
import { K, P, idOfUri, lastPart, parseNum, type BlockId } from './layout.js'
import type { Tx } from './store.js'
import type { StoredVersion } from './values.js'

/** Keeps edit `seq` of its target and makes it the latest when no later edit is held. */
export async function applyEdit(tx: Tx, seq: number, r: EditRecord): Promise<BlockId> {
  const target = idOfUri(r.of)
  const version: StoredVersion = {
    text: r.text,
    createdAt: r.createdAt,
    ...(r.mentions ? { mentions: r.mentions } : {}),
    ...(r.attachments ? { attachments: r.attachments } : {}),
    ...(r.cw !== undefined ? { cw: r.cw } : {}),
    ...(r.sensitive ? { sensitive: true as const } : {}),
    ...(r.card ? { card: r.card } : {})
  }
  tx.putJson(K.edit(target, seq), version)
  const latest = await tx.getJson<{ seq: number }>(K.latestEdit(target))
  if (!latest || latest.seq < seq) tx.putJson(K.latestEdit(target), { ...version, seq })
  return target
}

/** Undoes edit `seq` of `target`: the latest held edit before it, if any, is shown again. */
export async function forgetEdit(tx: Tx, seq: number, target: BlockId): Promise<void> {
  tx.del(K.edit(target, seq))
  const latest = await tx.getJson<{ seq: number }>(K.latestEdit(target))
  if (latest?.seq !== seq) return
  let best: { seq: number; version: StoredVersion } | null = null
  for (const { key, value } of await tx.scan(P.edits(target))) {
    const s = parseNum(lastPart(key))
    if (s === seq || (best && best.seq > s)) continue
    best = { seq: s, version: JSON.parse(value) as StoredVersion }
  }
  if (best) tx.putJson(K.latestEdit(target), { ...best.version, seq: best.seq })
  else tx.del(K.latestEdit(target))
}

export interface StoredVote {
  choice: number
  at: number
}

export function applyVote(tx: Tx, feed: FeedKey, seq: number, r: VoteRecord): BlockId {
  const target = idOfUri(r.of)
  tx.putJson(K.vote(target, feed, seq), { choice: r.choice, at: r.createdAt } satisfies StoredVote)
  return target
}

export function forgetVote(tx: Tx, feed: FeedKey, seq: number, target: BlockId): void {
  tx.del(K.vote(target, feed, seq))
}

export function applyPin(tx: Tx, feed: FeedKey, seq: number, r: PinRecord): BlockId {
  const target = idOfUri(r.of)
  tx.putJson(K.pin(feed, target, seq), { on: r.type === 'pin' })
  return target
}

export function forgetPin(tx: Tx, feed: FeedKey, seq: number, target: BlockId): void {
  tx.del(K.pin(feed, target, seq))
}
