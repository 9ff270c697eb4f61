// The notifications index, written inside an indexing transaction. One entry per cause (a reply or mention,
// a repost, the winning like of one liker, the winning follow of one follower), ordered by the cause's sortAt.
// The unread count is kept as a counter so that reading it never scans.
import type { NotificationKind } from '../../../shared/api/notifications.js'
import type { FeedKey } from '../../../shared/keys.js'
import { K, P, lastPart, num } from './layout.js'
import type { Tx } from './store.js'

export interface StoredNotification {
  kind: NotificationKind
  from: FeedKey
  /** The record that caused it. */
  uri: string
  /** My status it concerns. */
  subject?: string
  /** The status to show with it: the reply or mention, or my status that was liked or reposted. */
  show?: { feed: FeedKey; seq: number }
  sortAt: number
}

const LAST_READ = K.meta('lastRead')
const UNREAD = K.meta('unread')

export const notificationIds = {
  status: (feed: FeedKey, seq: number) => `s:${feed}:${seq}`,
  repost: (feed: FeedKey, seq: number) => `r:${feed}:${seq}`,
  /** `feed`: the feed of my status when it is another of my identity's devices, not this one. */
  like: (liker: FeedKey, mySeq: number, feed?: FeedKey) => (feed ? `l:${liker}:${feed}:${mySeq}` : `l:${liker}:${mySeq}`),
  follow: (follower: FeedKey) => `f:${follower}`
}

async function lastReadAt(tx: Tx): Promise<number> {
  return tx.getNumber(LAST_READ)
}

/** Adds (or replaces) notification `id`. `subjectSeq`: my status it concerns, so deleting it can drop it. */
export async function addNotification(tx: Tx, id: string, n: StoredNotification, subjectSeq?: number): Promise<void> {
  await removeNotification(tx, id)
  tx.putJson(K.notification(n.sortAt, id), n)
  tx.put(K.notificationId(id), String(n.sortAt))
  if (subjectSeq !== undefined) tx.put(K.notificationSubject(subjectSeq, id), '')
  if (n.sortAt > (await lastReadAt(tx))) await tx.add(UNREAD, 1)
}

export async function removeNotification(tx: Tx, id: string): Promise<void> {
  const at = await tx.get(K.notificationId(id))
  if (at === null) return
  const sortAt = Number(at)
  const key = K.notification(sortAt, id)
  const stored = await tx.getJson<StoredNotification>(key)
  tx.del(key)
  tx.del(K.notificationId(id))
  if (stored?.subject) tx.del(K.notificationSubject(subjectSeqOf(stored.subject), id))
  if (sortAt > (await lastReadAt(tx))) await tx.add(UNREAD, -1)
}

/** Drops the like and repost notifications about my status `mySeq` (it was deleted). */
export async function removeSubjectNotifications(tx: Tx, mySeq: number): Promise<void> {
  for (const { key } of await tx.scan(P.notificationSubject(mySeq))) {
    const id = lastPart(key)
    if (id.startsWith('l:') || id.startsWith('r:')) await removeNotification(tx, id)
  }
}

/**
 * Marks everything up to `now` read; what sorts later (a clamped future claim, or what arrived after the reader
 * looked) stays unread. Never moves the mark back.
 */
export async function markRead(tx: Tx, upTo: number): Promise<number> {
  const now = Math.max(upTo, await lastReadAt(tx))
  tx.put(LAST_READ, String(now))
  // Counted from the index (only the part newer than `now`), so the counter heals if it ever drifted.
  const unread = (await tx.scan(P.notifications(), P.notifications() + num(now + 1))).length
  if (unread === 0) tx.del(UNREAD)
  else tx.put(UNREAD, String(unread))
  return unread
}

function subjectSeqOf(uri: string): number {
  return Number(uri.slice(uri.lastIndexOf('/') + 1))
}
