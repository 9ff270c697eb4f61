// What each block does to the views. One BlockIndexer runs per index() call, inside one transaction.
//
// Every block is applied at most once (its marker says so), which makes re-indexing idempotent. Order does
// not matter: "latest wins" state (profile, follow, like) is decided by seq, and whatever depends on another
// block catches up when that block arrives (a repost waits for its original, a tombstone waits for its target,
// a follow pulls the followee's statuses into home). README.md lists the rules.
import type { FeedKey } from '../../../shared/keys.js'
import { parseStatusUri, statusUri } from '../../../shared/keys.js'
import { MAX_CLOCK_SKEW_MS, PROTOCOL_VERSION } from '../../../shared/protocol/limits.js'
import type {
  DeleteRecord,
  FeedRecord,
  FollowRecord,
  LikeRecord,
  Mention,
  ProfileRecord,
  RepostRecord,
  StatusRecord,
  UnfollowRecord,
  UnlikeRecord
} from '../../../shared/protocol/records.js'
import { hashtagsOf, searchTokens } from '../../../shared/protocol/text.js'
import { decodeBlock } from '../../../shared/protocol/validate.js'
import { BlockKind, K, P, SEP, blockId, foldName, idOfUri, lastPart, num, parseNum, splitBlockId, type BlockId } from './layout.js'
import { addNotification, notificationIds, removeNotification, removeSubjectNotifications } from './notify.js'
import type { Tx } from './store.js'
import type { IndexResult } from './views.js'

export interface StoredStatus {
  text: string
  createdAt: number
  sortAt: number
  replyTo?: string
  root?: string
  mentions?: Mention[]
}

export interface StoredRepost {
  of: string
  createdAt: number
  sortAt: number
}

/** The winning record of a (liker, status) or (follower, followee) pair. */
export interface LatestState {
  seq: number
  on: boolean
}

export interface StoredProfile {
  seq: number
  name: string
  bio: string
}

export interface StoredCounts {
  likes: number
  reposts: number
  replies: number
}

type Kind = (typeof BlockKind)[keyof typeof BlockKind]
/** A block marker: its kind, then for likes, follows and deletes what they point at (so removeFeed can undo). */
type Marker = Kind | `${Kind}\u0000${string}`

function markerWith(kind: Kind, detail: string): Marker {
  return `${kind}${SEP}${detail}`
}

export class BlockIndexer {
  private readonly referenced = new Set<string>()
  private readonly counts = { added: 0, removed: 0, invalid: 0 }
  private changed = false
  private followsChanged = false

  constructor(
    private readonly tx: Tx,
    private readonly me: FeedKey,
    private readonly feed: FeedKey,
    private readonly now: number
  ) {}

  async run(start: number, blocks: Uint8Array[]): Promise<void> {
    const { tx, feed } = this
    const keys = [K.known(feed), K.following(this.me, feed), K.statusCount(feed), K.invalid(feed), K.newerVersion(feed)]
    for (let i = 0; i < blocks.length; i++) {
      keys.push(K.block(feed, start + i), K.tomb(feed, start + i), K.pendingReposts(blockId(feed, start + i)))
    }
    await tx.prefetch(keys)
    if (blocks.length > 0 && !(await tx.has(K.known(feed)))) tx.put(K.known(feed), '')
    for (let i = 0; i < blocks.length; i++) await this.one(start + i, blocks[i]!)
  }

  result(): IndexResult {
    return {
      ...this.counts,
      changed: this.changed || this.counts.added > 0 || this.counts.removed > 0,
      referenced: [...this.referenced],
      followsChanged: this.followsChanged
    }
  }

  private async one(seq: number, bytes: Uint8Array): Promise<void> {
    const marker = K.block(this.feed, seq)
    if (await this.tx.has(marker)) return
    const decoded = decodeBlock(bytes, { feed: this.feed, seq })
    let kind: Marker
    if (!decoded.ok) kind = await this.invalid()
    else if (decoded.record === null) kind = BlockKind.unknown
    else if (decoded.record.type === 'header') kind = this.header(decoded.record.version)
    // PROTOCOL.md "Versions": a feed written in a newer version is not read with version 1's rules.
    else if (await this.tx.has(K.newerVersion(this.feed))) kind = BlockKind.unknown
    else kind = await this.apply(seq, decoded.record)
    this.tx.put(marker, kind)
  }

  private header(version: number): Kind {
    if (version > PROTOCOL_VERSION) {
      this.tx.put(K.newerVersion(this.feed), String(version))
      this.changed = true
    }
    return BlockKind.header
  }

  private async invalid(): Promise<Kind> {
    await this.tx.add(K.invalid(this.feed), 1)
    this.counts.invalid++
    return BlockKind.invalid
  }

  private async apply(seq: number, record: FeedRecord): Promise<Marker> {
    switch (record.type) {
      case 'header':
        return BlockKind.header
      case 'status':
        if (await this.tx.has(K.tomb(this.feed, seq))) return BlockKind.deleted
        await this.addStatus(seq, record)
        return BlockKind.status
      case 'repost':
        if (await this.tx.has(K.tomb(this.feed, seq))) return BlockKind.deleted
        await this.addRepost(seq, record)
        return BlockKind.repost
      case 'like':
      case 'unlike':
        await this.like(seq, record)
        return markerWith(record.type === 'like' ? BlockKind.like : BlockKind.unlike, idOfUri(record.of))
      case 'profile':
        await this.profile(seq, record)
        return BlockKind.profile
      case 'follow':
      case 'unfollow':
        await this.follow(seq, record)
        return markerWith(record.type === 'follow' ? BlockKind.follow : BlockKind.unfollow, record.feed)
      case 'delete':
        return this.delete(record)
    }
  }

  // ---- statuses ----------------------------------------------------------------------------------

  private async addStatus(seq: number, r: StatusRecord): Promise<void> {
    const { tx, feed, me } = this
    const sortAt = this.sortAt(r.createdAt)
    const stored: StoredStatus = {
      text: r.text,
      createdAt: r.createdAt,
      sortAt,
      ...(r.replyTo ? { replyTo: r.replyTo, root: r.root ?? r.replyTo } : {}),
      ...(r.mentions ? { mentions: r.mentions } : {})
    }
    tx.putJson(K.status(feed, seq), stored)
    tx.put(K.profileStatus(feed, seq), String(sortAt))
    await tx.add(K.statusCount(feed), 1)
    if (await this.inHome(feed)) tx.put(K.home(sortAt, feed, seq), '')
    for (const key of derivedKeys(feed, seq, stored, me)) tx.put(key, '')
    if (stored.replyTo) {
      await bumpCount(tx, idOfUri(stored.replyTo), 'replies', 1)
      await this.want(stored.replyTo)
      if (stored.root !== stored.replyTo) await this.want(stored.root!)
    }

    if (feed !== me) {
      const repliesToMe = stored.replyTo !== undefined && parseStatusUri(stored.replyTo).key === me
      const mentionsMe = stored.mentions?.some((m) => m.key === me) ?? false
      if (repliesToMe || mentionsMe) {
        await addNotification(tx, notificationIds.status(feed, seq), {
          kind: repliesToMe ? 'reply' : 'mention',
          from: feed,
          uri: statusUri(feed, seq),
          ...(repliesToMe ? { subject: stored.replyTo! } : {}),
          show: { feed, seq },
          sortAt
        })
      }
    }

    // Reposts that arrived before this status join the views now.
    const id = blockId(feed, seq)
    const pending = await tx.getJson<Array<[FeedKey, number]>>(K.pendingReposts(id))
    if (pending) {
      tx.del(K.pendingReposts(id))
      for (const [rf, rs] of pending) {
        const rp = await tx.getJson<StoredRepost>(K.repost(rf, rs))
        if (rp && (await this.inHome(rf))) tx.put(K.home(rp.sortAt, rf, rs), id)
      }
    }
    this.counts.added++
  }

  /** Takes a live status out of every view. `keepReposts`: reposts of it wait for it again (removeFeed). */
  async removeStatus(f: FeedKey, seq: number, opts: { keepReposts?: boolean } = {}): Promise<boolean> {
    const { tx, me } = this
    const st = await tx.getJson<StoredStatus>(K.status(f, seq))
    if (!st) return false
    tx.del(K.status(f, seq))
    tx.del(K.profileStatus(f, seq))
    await tx.add(K.statusCount(f), -1)
    tx.del(K.home(st.sortAt, f, seq))
    for (const key of derivedKeys(f, seq, st, me)) tx.del(key)
    if (st.replyTo) await bumpCount(tx, idOfUri(st.replyTo), 'replies', -1)
    await removeNotification(tx, notificationIds.status(f, seq))

    const id = blockId(f, seq)
    const waiting: Array<[FeedKey, number]> = []
    for (const { key } of await tx.scan(P.repostsOf(id))) {
      const parts = key.split('\u0000')
      const rf = parts[parts.length - 2]!
      const rs = parseNum(parts[parts.length - 1])
      const rp = await tx.getJson<StoredRepost>(K.repost(rf, rs))
      if (rp) tx.del(K.home(rp.sortAt, rf, rs))
      waiting.push([rf, rs])
    }
    if (opts.keepReposts && waiting.length > 0) tx.putJson(K.pendingReposts(id), waiting)
    return true
  }

  // ---- reposts -----------------------------------------------------------------------------------

  private async addRepost(seq: number, r: RepostRecord): Promise<void> {
    const { tx, feed, me } = this
    const sortAt = this.sortAt(r.createdAt)
    const target = idOfUri(r.of)
    const t = splitBlockId(target)
    const stored: StoredRepost = { of: r.of, createdAt: r.createdAt, sortAt }
    tx.putJson(K.repost(feed, seq), stored)
    tx.put(K.authoredRepost(feed, seq), target)
    tx.put(K.repostOf(target, feed, seq), '')
    const seqs = (await tx.getJson<number[]>(K.reposters(target, feed))) ?? []
    if (seqs.length === 0) await bumpCount(tx, target, 'reposts', 1)
    tx.putJson(K.reposters(target, feed), [...seqs, seq])

    if (!(await tx.has(K.tomb(t.feed, t.seq)))) {
      if (await tx.has(K.status(t.feed, t.seq))) {
        if (await this.inHome(feed)) tx.put(K.home(sortAt, feed, seq), target)
      } else {
        const pending = (await tx.getJson<Array<[FeedKey, number]>>(K.pendingReposts(target))) ?? []
        tx.putJson(K.pendingReposts(target), [...pending, [feed, seq]])
        await this.want(r.of)
      }
      if (t.feed === me && feed !== me) {
        await addNotification(
          tx,
          notificationIds.repost(feed, seq),
          { kind: 'repost', from: feed, uri: statusUri(feed, seq), subject: r.of, show: t, sortAt },
          t.seq
        )
      }
    }
    this.counts.added++
  }

  async removeRepost(f: FeedKey, seq: number): Promise<boolean> {
    const { tx } = this
    const rp = await tx.getJson<StoredRepost>(K.repost(f, seq))
    if (!rp) return false
    const target = idOfUri(rp.of)
    tx.del(K.repost(f, seq))
    tx.del(K.authoredRepost(f, seq))
    tx.del(K.repostOf(target, f, seq))
    tx.del(K.home(rp.sortAt, f, seq))
    const seqs = ((await tx.getJson<number[]>(K.reposters(target, f))) ?? []).filter((s) => s !== seq)
    if (seqs.length === 0) {
      tx.del(K.reposters(target, f))
      await bumpCount(tx, target, 'reposts', -1)
    } else {
      tx.putJson(K.reposters(target, f), seqs)
    }
    const pending = await tx.getJson<Array<[FeedKey, number]>>(K.pendingReposts(target))
    if (pending) {
      const rest = pending.filter(([pf, ps]) => pf !== f || ps !== seq)
      if (rest.length === 0) tx.del(K.pendingReposts(target))
      else tx.putJson(K.pendingReposts(target), rest)
    }
    await removeNotification(tx, notificationIds.repost(f, seq))
    return true
  }

  // ---- likes -------------------------------------------------------------------------------------

  private async like(seq: number, r: LikeRecord | UnlikeRecord): Promise<void> {
    const { tx, feed, me } = this
    const on = r.type === 'like'
    const target = idOfUri(r.of)
    // A like's target is not fetched: a count needs no text, and likes of strangers' statuses are common.
    const cur = await tx.getJson<LatestState>(K.like(target, feed))
    if (cur && cur.seq >= seq) return
    tx.putJson(K.like(target, feed), { seq, on } satisfies LatestState)
    if ((cur?.on ?? false) !== on) {
      await bumpCount(tx, target, 'likes', on ? 1 : -1)
      this.changed = true
    }
    const t = splitBlockId(target)
    if (t.feed !== me || feed === me) return
    const id = notificationIds.like(feed, t.seq)
    if (on && !(await tx.has(K.tomb(t.feed, t.seq)))) {
      const n = { kind: 'like' as const, from: feed, uri: statusUri(feed, seq), subject: r.of, show: t }
      await addNotification(tx, id, { ...n, sortAt: this.sortAt(r.createdAt) }, t.seq)
    } else {
      await removeNotification(tx, id)
    }
    this.changed = true
  }

  /** Undoes the like state of `liker` on `target` if block `seq` is what set it (removeFeed). */
  async forgetLike(liker: FeedKey, seq: number, target: BlockId): Promise<void> {
    const { tx } = this
    const cur = await tx.getJson<LatestState>(K.like(target, liker))
    if (!cur || cur.seq !== seq) return
    tx.del(K.like(target, liker))
    if (cur.on) await bumpCount(tx, target, 'likes', -1)
    const t = splitBlockId(target)
    if (t.feed === this.me) await removeNotification(tx, notificationIds.like(liker, t.seq))
  }

  // ---- profiles ----------------------------------------------------------------------------------

  private async profile(seq: number, r: ProfileRecord): Promise<void> {
    const { tx, feed } = this
    const cur = await tx.getJson<StoredProfile>(K.profile(feed))
    if (cur && cur.seq >= seq) return
    if (cur) tx.del(K.name(foldName(cur.name.trim()), feed))
    tx.putJson(K.profile(feed), { seq, name: r.name, bio: r.bio } satisfies StoredProfile)
    tx.put(K.name(foldName(r.name.trim()), feed), '')
    this.changed = true
  }

  async forgetProfile(f: FeedKey): Promise<void> {
    const cur = await this.tx.getJson<StoredProfile>(K.profile(f))
    if (!cur) return
    this.tx.del(K.name(foldName(cur.name.trim()), f))
    this.tx.del(K.profile(f))
  }

  // ---- follows -----------------------------------------------------------------------------------

  private async follow(seq: number, r: FollowRecord | UnfollowRecord): Promise<void> {
    const { tx, feed: a, me } = this
    const b = r.feed
    const on = r.type === 'follow'
    const cur = await tx.getJson<LatestState>(K.followState(a, b))
    if (cur && cur.seq >= seq) return
    tx.putJson(K.followState(a, b), { seq, on } satisfies LatestState)
    if ((cur?.on ?? false) !== on) await this.setFollowing(a, b, on)
    if (b === me && a !== me) {
      const id = notificationIds.follow(a)
      if (on) await addNotification(tx, id, { kind: 'follow', from: a, uri: statusUri(a, seq), sortAt: this.sortAt(r.createdAt) })
      else await removeNotification(tx, id)
    }
    this.changed = true
  }

  private async setFollowing(a: FeedKey, b: FeedKey, on: boolean): Promise<void> {
    const { tx, me } = this
    if (on) {
      tx.put(K.following(a, b), '')
      tx.put(K.follower(b, a), '')
    } else {
      tx.del(K.following(a, b))
      tx.del(K.follower(b, a))
    }
    if (a !== me || b === me) return
    this.followsChanged = true
    await this.moveHome(b, on)
  }

  /** Undoes the follow state of (a, b) if block `seq` is what set it (removeFeed). */
  async forgetFollow(a: FeedKey, seq: number, b: FeedKey): Promise<void> {
    const cur = await this.tx.getJson<LatestState>(K.followState(a, b))
    if (!cur || cur.seq !== seq) return
    this.tx.del(K.followState(a, b))
    if (cur.on) await this.setFollowing(a, b, false)
    if (b === this.me) await removeNotification(this.tx, notificationIds.follow(a))
  }

  /** Puts every status and visible repost of `b` into home, or takes them out. */
  private async moveHome(b: FeedKey, into: boolean): Promise<void> {
    const { tx } = this
    for (const { key, value } of await tx.scan(P.profileStatuses(b))) {
      const seq = parseNum(lastPart(key))
      if (into) tx.put(K.home(Number(value), b, seq), '')
      else tx.del(K.home(Number(value), b, seq))
    }
    const reposts = await tx.scan(P.authoredReposts(b))
    const seqs = reposts.map((e) => parseNum(lastPart(e.key)))
    await tx.prefetch([
      ...seqs.map((s) => K.repost(b, s)),
      ...reposts.map((e) => {
        const t = splitBlockId(e.value)
        return K.status(t.feed, t.seq)
      })
    ])
    for (let i = 0; i < reposts.length; i++) {
      const seq = seqs[i]!
      const target = reposts[i]!.value
      const rp = await tx.getJson<StoredRepost>(K.repost(b, seq))
      if (!rp) continue
      const t = splitBlockId(target)
      if (!into) tx.del(K.home(rp.sortAt, b, seq))
      else if (await tx.has(K.status(t.feed, t.seq))) tx.put(K.home(rp.sortAt, b, seq), target)
    }
  }

  // ---- deletes -----------------------------------------------------------------------------------

  private async delete(r: DeleteRecord): Promise<Marker> {
    const t = parseStatusUri(r.of)
    // Only the author may withdraw a status (device links, PROTOCOL.md "Devices", will widen this).
    if (t.key !== this.feed) return this.invalid()
    const { tx } = this
    tx.put(K.tomb(t.key, t.seq), '')
    tx.del(K.pendingReposts(blockId(t.key, t.seq)))
    if ((await this.removeStatus(t.key, t.seq)) || (await this.removeRepost(t.key, t.seq))) this.counts.removed++
    // Likes and reposts of my status may have arrived before it did: their notifications go either way.
    if (t.key === this.me) await removeSubjectNotifications(tx, t.seq)
    return markerWith(BlockKind.delete, num(t.seq))
  }

  // ---- forgetting a whole feed -----------------------------------------------------------------------

  /** Undoes every block of this feed, as if it had never been indexed (block, cleanup, tests). */
  async forgetFeed(): Promise<void> {
    const { tx, feed } = this
    for (const { key, value } of await tx.scan(P.blocks(feed))) {
      const seq = parseNum(lastPart(key))
      const cut = value.indexOf(SEP)
      const kind = cut < 0 ? value : value.slice(0, cut)
      const detail = cut < 0 ? '' : value.slice(cut + 1)
      switch (kind) {
        case BlockKind.status:
          if (await this.removeStatus(feed, seq, { keepReposts: true })) this.counts.removed++
          break
        case BlockKind.repost:
          if (await this.removeRepost(feed, seq)) this.counts.removed++
          break
        case BlockKind.like:
        case BlockKind.unlike:
          await this.forgetLike(feed, seq, detail)
          break
        case BlockKind.follow:
        case BlockKind.unfollow:
          await this.forgetFollow(feed, seq, detail)
          break
        case BlockKind.delete:
          tx.del(K.tomb(feed, parseNum(detail)))
          break
      }
      tx.del(key)
    }
    await this.forgetProfile(feed)
    for (const key of [K.indexedLength(feed), K.invalid(feed), K.statusCount(feed), K.known(feed)]) tx.del(key)
    this.changed = true
  }

  // ---- helpers -----------------------------------------------------------------------------------

  /** PROTOCOL.md "Time": a createdAt is a claim; it may not sort later than first seen + the allowed skew. */
  private sortAt(createdAt: number): number {
    return Math.min(createdAt, this.now + MAX_CLOCK_SKEW_MS)
  }

  private async inHome(f: FeedKey): Promise<boolean> {
    return f === this.me || (await this.tx.has(K.following(this.me, f)))
  }

  /** Notes a referenced status we do not hold, so the engine can fetch it. */
  private async want(uri: string): Promise<void> {
    const { key, seq } = parseStatusUri(uri)
    if (await this.tx.has(K.block(key, seq))) return
    if (await this.tx.has(K.tomb(key, seq))) return
    this.referenced.add(uri)
  }
}

/** The index keys a status has besides home and its profile: thread, mentions of me, hashtags, words. */
function derivedKeys(f: FeedKey, seq: number, st: StoredStatus, me: FeedKey): string[] {
  const keys: string[] = []
  if (st.root) keys.push(K.thread(idOfUri(st.root), st.sortAt, f, seq))
  if (st.mentions?.some((m) => m.key === me)) keys.push(K.mention(st.sortAt, f, seq))
  for (const tag of hashtagsOf(st.text)) keys.push(K.tag(tag, st.sortAt, f, seq))
  for (const token of searchTokens(st.text)) keys.push(K.word(token, st.sortAt, f, seq))
  return keys
}

async function bumpCount(tx: Tx, target: BlockId, field: keyof StoredCounts, delta: number): Promise<void> {
  const c = (await tx.getJson<StoredCounts>(K.counts(target))) ?? { likes: 0, reposts: 0, replies: 0 }
  c[field] = Math.max(0, c[field] + delta)
  if (c.likes === 0 && c.reposts === 0 && c.replies === 0) tx.del(K.counts(target))
  else tx.putJson(K.counts(target), c)
}
