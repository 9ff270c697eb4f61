// Device links (PROTOCOL.md "Devices"): one identity writing from several feeds. A feed F is a linked device
// of identity A when F's block 1 is `identity A` and A's feed holds `device F` (A itself being no device).
// Either record may be indexed first; whichever arrives second makes the link, and relink() then moves what
// F already put in the views over to its author: its statuses into A's profile list, its profile and follow
// records into A's merged profile and follow list, its statuses into or out of home.
//
// A `device-remove F after N` in A's feed cuts F: F's blocks from N on (block 1 excepted) are ignored, now
// and whenever they arrive. Removals only narrow (the lowest N wins), so the order of indexing never matters.
import type { FeedKey } from '../../../shared/keys.js'
import type { DeviceRecord, DeviceRemoveRecord, IdentityRecord } from '../../../shared/protocol/records.js'
import { K, P, foldName, lastPart, parseNum, type BlockId } from './layout.js'
import type { Tx } from './store.js'
import type { StoredProfile } from './values.js'

/**
 * What the link rules need of the indexer running the transaction (apply.ts's BlockIndexer): its place, the
 * flags it reports, and the moves that a link changes. Declared here, so links.ts does not import apply.ts.
 */
export interface LinkIndexer {
  readonly tx: Tx
  readonly me: FeedKey
  readonly feed: FeedKey
  meId: FeedKey
  identity: FeedKey | undefined
  cutoff: number | null
  changed: boolean
  followsChanged: boolean
  devicesChanged: boolean
  /** Decides again whether author x likes `target`, across x's feeds (apply.ts). */
  mergeLike(x: FeedKey, target: BlockId): Promise<void>
  /** An indexer for another feed in the same transaction. */
  sub(feed: FeedKey): LinkIndexer
  absorb(other: LinkIndexer): void
  cutFrom(from: number): Promise<void>
  mergeFollow(x: FeedKey, b: FeedKey): Promise<void>
  refreshFeed(feed: FeedKey): Promise<void>
  membersOf(author: FeedKey): Promise<FeedKey[]>
}

/** The first block of `feed` that its identity's removal cuts off, or null when none does. */
export async function cutoffOf(tx: Tx, feed: FeedKey): Promise<number | null> {
  const identity = await tx.get(K.claim(feed))
  if (identity === null) return null
  const after = await tx.get(K.removed(feed, identity))
  return after === null ? null : Math.max(Number(after), 2)
}

/** Block 1 of `ix.feed` names the identity it writes for. */
export async function claimIdentity(ix: LinkIndexer, r: IdentityRecord): Promise<void> {
  const { tx, feed } = ix
  tx.put(K.claim(feed), r.feed)
  if (feed === ix.me) {
    // My own claim needs no confirmation to decide what is mine; followers wait for both sides.
    tx.put(K.meta('identity'), r.feed)
    ix.meId = r.feed
    ix.identity = r.feed
  }
  await relink(ix, feed)
  // A feed that is itself a device cannot have devices: what it listed no longer links.
  for (const { key } of await tx.scan(P.listed(feed))) await relink(ix, lastPart(key))
  ix.cutoff = await cutoffOf(tx, feed)
  if (ix.cutoff !== null) await ix.cutFrom(ix.cutoff)
  ix.devicesChanged = true
}

/** `ix.feed` lists `r.feed` as one of its devices. */
export async function linkDevice(ix: LinkIndexer, seq: number, r: DeviceRecord): Promise<void> {
  const { tx, feed } = ix
  const cur = await tx.getJson<{ seq: number }>(K.listed(feed, r.feed))
  if (cur && cur.seq <= seq) return
  tx.putJson(K.listed(feed, r.feed), { seq })
  await relink(ix, r.feed)
  ix.devicesChanged = true
}

/** `ix.feed` removes its device `r.feed`: that feed's blocks from `r.after` on are ignored. */
export async function removeDevice(ix: LinkIndexer, r: DeviceRemoveRecord): Promise<void> {
  const { tx, feed: identity } = ix
  const cur = await tx.get(K.removed(r.feed, identity))
  const after = cur === null ? r.after : Math.min(Number(cur), r.after)
  if (cur !== null && Number(cur) === after) return
  tx.put(K.removed(r.feed, identity), String(after))
  ix.devicesChanged = true
  // Only a feed that names this identity is cut: an identity cannot silence someone else's feed.
  if ((await tx.get(K.claim(r.feed))) !== identity) return
  const device = ix.sub(r.feed)
  await device.cutFrom(after)
  ix.absorb(device)
}

/** Brings the link state of `feed` in line with the records held, and moves what depends on it. */
export async function relink(ix: LinkIndexer, feed: FeedKey): Promise<void> {
  const { tx } = ix
  const claim = await tx.get(K.claim(feed))
  const linked = claim !== null && (await tx.has(K.listed(claim, feed))) && !(await tx.has(K.claim(claim)))
  const next = linked ? claim : null
  const prev = await tx.get(K.author(feed))
  if (prev === next) return
  const before = prev ?? feed
  const after = next ?? feed
  if (prev !== null) {
    tx.del(K.author(feed))
    tx.del(K.member(prev, feed))
  }
  if (next !== null) {
    tx.put(K.author(feed), next)
    tx.put(K.member(next, feed), '')
  }
  for (const { key, value } of await tx.scan(P.profileStatuses(feed))) {
    const seq = parseNum(lastPart(key))
    tx.del(K.authorStatus(before, Number(value), feed, seq))
    tx.put(K.authorStatus(after, Number(value), feed, seq), '')
  }
  await mergeProfile(ix, before)
  await mergeProfile(ix, after)
  for (const { key } of await tx.scan(P.followStates(feed))) {
    const followee = lastPart(key)
    await ix.mergeFollow(before, followee)
    await ix.mergeFollow(after, followee)
  }
  for (const { key } of await tx.scan(P.feedLikes(feed))) {
    const target = key.slice(P.feedLikes(feed).length)
    await ix.mergeLike(before, target)
    await ix.mergeLike(after, target)
  }
  await ix.refreshFeed(feed)
  if (before === ix.meId || after === ix.meId) ix.followsChanged = true
  ix.devicesChanged = true
  ix.changed = true
}

/**
 * The profile shown for an author: the profile record with the highest createdAt among the latest one of
 * each of its feeds (ties: the greater feed key). A linked device has no profile of its own.
 */
export async function mergeProfile(ix: LinkIndexer, author: FeedKey): Promise<void> {
  const { tx } = ix
  let win: { feed: FeedKey; profile: StoredProfile } | null = null
  if (!(await tx.has(K.author(author)))) {
    for (const feed of [author, ...(await ix.membersOf(author))]) {
      const profile = await tx.getJson<StoredProfile>(K.feedProfile(feed))
      if (!profile) continue
      const at = profile.at ?? 0
      const best = win?.profile.at ?? 0
      if (!win || at > best || (at === best && feed > win.feed)) win = { feed, profile }
    }
  }
  const cur = await tx.get(K.profile(author))
  const next = win ? JSON.stringify(win.profile) : null
  if (cur === next) return
  if (cur !== null) tx.del(K.name(foldName((JSON.parse(cur) as StoredProfile).name.trim()), author))
  if (win) {
    tx.put(K.profile(author), next!)
    tx.put(K.name(foldName(win.profile.name.trim()), author), '')
  } else {
    tx.del(K.profile(author))
  }
  ix.changed = true
}
