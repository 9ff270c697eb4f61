// Deleting the account (PROTOCOL.md, "Leaving"): a tombstone for every own status and repost, an unlike for
// every like, an unfollow for every follow, then a final profile that says the account is gone, and the own
// feed and blobs are no longer announced. Peers that already hold the blocks keep them; compliant clients
// hide what the tombstones name. Running it again writes only what is still missing.
import type { LeaveResult } from '../../../shared/api/account.js'
import { parseStatusUri, statusUri } from '../../../shared/keys.js'
import type { NewRecord } from '../../../shared/protocol/records.js'
import type { Mirrors } from '../mirrors/mirrors.js'
import type { Replication } from '../replication/replication.js'
import type { ViewStore } from '../views/worker.js'
import type { FeedWriter } from '../writer/feed-writer.js'
import type { OwnFeed } from '../writer/own-feed.js'
import { ownRecords } from './own-records.js'

export const LEFT_PROFILE_NAME = 'Deleted account'
/** How long leave waits for a connected peer to take the final blocks before it stops announcing. */
const HANDOFF_MS = 10_000

export interface LeaveServices {
  own: Pick<OwnFeed, 'key' | 'core' | 'markLeft'>
  writer: Pick<FeedWriter, 'append' | 'settled'>
  views: Pick<ViewStore, 'profile'>
  replication: Pick<Replication, 'online' | 'announceOwn' | 'closing'>
  /** Asked, after the hand-off, to delete what they hold (mirrors/mirrors.ts). */
  mirrors?: Pick<Mirrors, 'deleteEverywhere'>
  log?(line: string): void
}

export async function leaveAccount(s: LeaveServices, opts: { handoffMs?: number } = {}): Promise<LeaveResult> {
  const records = await closingRecords(s.own)
  for (const record of records) await s.writer.append(record)
  if (!(await s.views.profile(s.own.key)).left) {
    await s.writer.append({ type: 'profile', name: LEFT_PROFILE_NAME, bio: '', left: true })
  }
  await s.writer.settled()
  s.own.markLeft()
  // Announce once more (also when leave runs again), so that followers can fetch the tombstones.
  await s.replication.announceOwn(true)
  const handedOff = await waitForHandoff(s, opts.handoffMs ?? HANDOFF_MS)
  await s.replication.announceOwn(false)
  // Mirrors keep the cores for new readers; a person who leaves asks them to stop. Followers keep their copies.
  for (const removed of (await s.mirrors?.deleteEverywhere()) ?? []) {
    if (!removed.deleted) s.log?.(`rstatus: mirror ${removed.key} kept what it holds: ${removed.reason ?? 'no answer'}`)
  }
  return { records: records.length, handedOff }
}

/** What the feed still publishes: live statuses and reposts, likes and follows in force. */
async function closingRecords(own: Pick<OwnFeed, 'key' | 'core'>): Promise<NewRecord[]> {
  const feed = own.key
  const core = own.core
  const live = new Set<number>()
  const likes = new Map<string, boolean>()
  const follows = new Map<string, boolean>()
  for await (const { seq, record: r } of ownRecords(feed, core)) {
    if (r.type === 'status' || r.type === 'repost') live.add(seq)
    else if (r.type === 'delete') {
      const target = parseStatusUri(r.of)
      if (target.key === feed) live.delete(target.seq)
    } else if (r.type === 'like' || r.type === 'unlike') likes.set(r.of, r.type === 'like')
    else if (r.type === 'follow' || r.type === 'unfollow') follows.set(r.feed, r.type === 'follow')
  }
  const records: NewRecord[] = []
  for (const seq of live) records.push({ type: 'delete', of: statusUri(feed, seq) })
  for (const [of, on] of likes) if (on) records.push({ type: 'unlike', of })
  for (const [followed, on] of follows) if (on) records.push({ type: 'unfollow', feed: followed })
  return records
}

/** True once a connected peer holds the whole feed, tombstones included, so it can pass them on. */
async function waitForHandoff(s: LeaveServices, ms: number): Promise<boolean> {
  if (!s.replication.online) return false
  const core = s.own.core
  const deadline = Date.now() + ms
  for (;;) {
    if (core.peers.some((p) => p.remoteContiguousLength >= core.length)) return true
    if (Date.now() >= deadline || s.replication.closing) return false
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}
