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
  DeviceRecord,
  DeviceRemoveRecord,
  IdentityRecord,
  ImageAttachment,
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
import { BlockKind, K, P, SEP, blockId, foldName, idOfUri, lastPart, num, orderedTail, parseNum, splitBlockId, type BlockId } from './layout.js'
import { claimIdentity, cutoffOf, linkDevice, mergeProfile, relink, removeDevice } from './links.js'
import { addNotification, notificationIds, removeNotification, removeSubjectNotifications, type StoredNotification } from './notify.js'
import type { Tx } from './store.js'
import type { IndexResult } from './views.js'

export interface StoredStatus {
  text: string
  createdAt: number
  sortAt: number
  replyTo?: string
  root?: string
  mentions?: Mention[]
  attachments?: ImageAttachment[]
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
  /** The record's createdAt: an identity's follow list merges its devices' records by it (links.ts). */
  at?: number
}

/** A status that replies to or mentions me: a notification when I follow its author, else a request. */
export interface StoredToMe {
  kind: 'reply' | 'mention'
  subject?: string
  sortAt: number
}

export interface StoredProfile {
  seq: number
  /** The record's createdAt: an identity's profile is its devices' latest by it (links.ts). */
  at?: number
  name: string
  bio: string
  avatar?: ImageAttachment
  left?: true
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
  changed = false
  followsChanged = false
  /** A device link or removal changed (links.ts): the engine may have device feeds to replicate. */
  devicesChanged = false
  /** Set when my own feed's block 1 named the identity I write for. */
  identity: FeedKey | undefined
  /** Blocks of this feed from here on are ignored: its identity removed it (PROTOCOL.md "Devices"). */
  cutoff: number | null = null

  constructor(
    readonly tx: Tx,
    readonly me: FeedKey,
    readonly feed: FeedKey,
    private readonly now: number,
    /** The identity I write for: my own feed's key, or the identity my feed's block 1 names. */
    public meId: FeedKey = me
  ) {}

  /** Applies blocks[i], which is block seqs[i] of the feed (any order; a block already marked is skipped). */
  async run(seqs: readonly number[], blocks: Uint8Array[]): Promise<void> {
    const { tx, feed } = this
    const keys = [K.known(feed), K.following(this.meId, feed), K.statusCount(feed), K.invalid(feed), K.newerVersion(feed), K.author(feed), K.claim(feed)]
    for (const seq of seqs) keys.push(K.block(feed, seq), K.tomb(feed, seq), K.pendingReposts(blockId(feed, seq)))
    await tx.prefetch(keys)
    if (blocks.length > 0 && !(await tx.has(K.known(feed)))) tx.put(K.known(feed), '')
    this.cutoff = await cutoffOf(tx, feed)
    for (let i = 0; i < blocks.length; i++) await this.one(seqs[i]!, blocks[i]!)
  }

  result(): IndexResult {
    return {
      ...this.counts,
      changed: this.changed || this.counts.added > 0 || this.counts.removed > 0,
      referenced: [...this.referenced],
      followsChanged: this.followsChanged,
      devicesChanged: this.devicesChanged,
      ...(this.identity !== undefined ? { identity: this.identity } : {})
    }
  }

  /** An indexer for another feed in the same transaction (device links reach across feeds). */
  sub(feed: FeedKey): BlockIndexer {
    return new BlockIndexer(this.tx, this.me, feed, this.now, this.meId)
  }

  /** Takes in what a sub-indexer did. */
  absorb(other: BlockIndexer): void {
    const r = other.result()
    this.counts.added += r.added
    this.counts.removed += r.removed
    this.changed ||= r.changed
    this.followsChanged ||= r.followsChanged
    this.devicesChanged ||= r.devicesChanged
    for (const uri of r.referenced) this.referenced.add(uri)
  }

  private async one(seq: number, bytes: Uint8Array): Promise<void> {
    const marker = K.block(this.feed, seq)
    if (await this.tx.has(marker)) return
    if (this.cutoff !== null && seq >= this.cutoff) {
      this.tx.put(marker, BlockKind.cut)
      return
    }
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
      case 'device':
        await linkDevice(this, seq, record satisfies DeviceRecord)
        return markerWith(BlockKind.device, record.feed)
      case 'device-remove':
        await removeDevice(this, record satisfies DeviceRemoveRecord)
        return markerWith(BlockKind.deviceRemove, record.feed)
      case 'identity':
        // Only block 1 binds a feed to an identity: a feed cannot change whom it writes for.
        if (seq !== 1) return BlockKind.unknown
        await claimIdentity(this, record satisfies IdentityRecord)
        return markerWith(BlockKind.identity, record.feed)
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
      ...(r.mentions ? { mentions: r.mentions } : {}),
      ...(r.attachments ? { attachments: r.attachments } : {})
    }
    tx.putJson(K.status(feed, seq), stored)
    tx.put(K.profileStatus(feed, seq), String(sortAt))
    tx.put(K.authorStatus(await this.authorOf(feed), sortAt, feed, seq), '')
    await tx.add(K.statusCount(feed), 1)
    if (await this.inHome(feed)) tx.put(K.home(sortAt, feed, seq), '')
    for (const key of derivedKeys(feed, seq, stored, this.myKeys())) tx.put(key, '')
    if (stored.replyTo) {
      await bumpCount(tx, idOfUri(stored.replyTo), 'replies', 1)
      await this.want(stored.replyTo)
      if (stored.root !== stored.replyTo) await this.want(stored.root!)
    }

    if (!(await this.isMine(feed))) {
      const repliesToMe = stored.replyTo !== undefined && (await this.isMine(parseStatusUri(stored.replyTo).key))
      const mentionsMe = stored.mentions?.some((m) => this.isMyKey(m.key)) ?? false
      if (repliesToMe || mentionsMe) {
        const toMe: StoredToMe = { kind: repliesToMe ? 'reply' : 'mention', ...(repliesToMe ? { subject: stored.replyTo! } : {}), sortAt }
        tx.putJson(K.toMe(feed, seq), toMe)
        await this.placeToMe(feed, seq, toMe)
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
    tx.del(K.authorStatus(await this.authorOf(f), st.sortAt, f, seq))
    await tx.add(K.statusCount(f), -1)
    tx.del(K.home(st.sortAt, f, seq))
    for (const key of derivedKeys(f, seq, st, this.myKeys())) tx.del(key)
    if (st.replyTo) await bumpCount(tx, idOfUri(st.replyTo), 'replies', -1)
    await removeNotification(tx, notificationIds.status(f, seq))
    tx.del(K.toMe(f, seq))
    tx.del(K.request(st.sortAt, f, seq))

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
      if ((await this.isMine(t.feed)) && !(await this.isMine(feed))) {
        await addNotification(
          tx,
          notificationIds.repost(feed, seq),
          { kind: 'repost', from: feed, uri: statusUri(feed, seq), subject: r.of, show: t, sortAt },
          t.feed === me ? t.seq : undefined
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

  // `like` keeps each feed's latest like or unlike of a status (by seq); whether an author likes it is merged
  // across the author's devices (mergeLike), and the count counts authors: one identity likes once.
  private async like(seq: number, r: LikeRecord | UnlikeRecord): Promise<void> {
    const { tx, feed } = this
    const on = r.type === 'like'
    const target = idOfUri(r.of)
    // A like's target is not fetched: a count needs no text, and likes of strangers' statuses are common.
    const cur = await tx.getJson<LatestState>(K.like(target, feed))
    if (cur && cur.seq >= seq) return
    tx.putJson(K.like(target, feed), { seq, on, at: r.createdAt } satisfies LatestState)
    tx.put(K.feedLike(feed, target), '')
    await this.mergeLike(await this.authorOf(feed), target)
  }

  /**
   * Decides whether author x likes `target`: among the latest like or unlike of each of x's feeds (x and its
   * linked devices), the one with the highest createdAt wins (ties: the greater feed key), as for follows. A
   * linked device likes nothing itself: its records count for its identity.
   */
  async mergeLike(x: FeedKey, target: BlockId): Promise<void> {
    const { tx, me } = this
    let win: { feed: FeedKey; state: LatestState } | null = null
    if (!(await tx.has(K.author(x)))) {
      for (const feed of [x, ...(await this.membersOf(x))]) {
        const state = await tx.getJson<LatestState>(K.like(target, feed))
        if (!state) continue
        const at = state.at ?? 0
        const best = win?.state.at ?? 0
        if (!win || at > best || (at === best && feed > win.feed)) win = { feed, state }
      }
    }
    const on = win?.state.on ?? false
    const was = await tx.get(K.authorLike(target, x))
    const winner = win && on ? JSON.stringify({ feed: win.feed, seq: win.state.seq }) : null
    if (was === winner) return
    if (winner === null) tx.del(K.authorLike(target, x))
    else tx.put(K.authorLike(target, x), winner)
    if ((was !== null) !== on) await bumpCount(tx, target, 'likes', on ? 1 : -1)
    this.changed = true
    const t = splitBlockId(target)
    if (!(await this.isMine(t.feed)) || (await this.isMine(x))) return
    // The notification is the winning record's, whichever device it came from.
    const id = notificationIds.like(x, t.seq, t.feed === me ? undefined : t.feed)
    if (win && on && !(await tx.has(K.tomb(t.feed, t.seq)))) {
      const n = { kind: 'like' as const, from: x, uri: statusUri(win.feed, win.state.seq), subject: statusUri(t.feed, t.seq), show: t }
      await addNotification(tx, id, { ...n, sortAt: this.sortAt(win.state.at ?? 0) }, t.feed === me ? t.seq : undefined)
    } else {
      await removeNotification(tx, id)
    }
  }

  /** Undoes the like state of `liker` on `target` if block `seq` is what set it (removeFeed). */
  async forgetLike(liker: FeedKey, seq: number, target: BlockId): Promise<void> {
    const { tx } = this
    const cur = await tx.getJson<LatestState>(K.like(target, liker))
    if (!cur || cur.seq !== seq) return
    tx.del(K.like(target, liker))
    tx.del(K.feedLike(liker, target))
    await this.mergeLike(await this.authorOf(liker), target)
  }

  // ---- profiles ----------------------------------------------------------------------------------

  // Each feed's latest profile record is kept as `fprof`; the profile shown (`prof`, and the name index) is
  // its author's merged one, which for a feed without devices is that same record (links.ts mergeProfile).
  private async profile(seq: number, r: ProfileRecord): Promise<void> {
    const { tx, feed } = this
    const cur = await tx.getJson<StoredProfile>(K.feedProfile(feed))
    if (cur && cur.seq >= seq) return
    const stored: StoredProfile = { seq, name: r.name, bio: r.bio, ...(r.avatar ? { avatar: r.avatar } : {}), ...(r.left ? { left: r.left } : {}) }
    tx.putJson(K.feedProfile(feed), { ...stored, at: r.createdAt })
    await mergeProfile(this, await this.authorOf(feed))
    this.changed = true
  }

  async forgetProfile(f: FeedKey): Promise<void> {
    this.tx.del(K.feedProfile(f))
    await mergeProfile(this, await this.authorOf(f))
  }

  // ---- follows -----------------------------------------------------------------------------------

  // `fol` keeps each feed's latest follow/unfollow of b (by seq); the public follow list (`fo`, `fi`) is its
  // author's, merged across the author's devices (mergeFollow).
  private async follow(seq: number, r: FollowRecord | UnfollowRecord): Promise<void> {
    const { tx, feed: a } = this
    const b = r.feed
    const on = r.type === 'follow'
    const cur = await tx.getJson<LatestState>(K.followState(a, b))
    if (cur && cur.seq >= seq) return
    tx.putJson(K.followState(a, b), { seq, on, at: r.createdAt } satisfies LatestState)
    await this.mergeFollow(await this.authorOf(a), b)
    this.changed = true
  }

  /**
   * Decides whether author x follows b: among the latest records of x's feeds (x and its linked devices),
   * the one with the highest createdAt wins (ties: the greater feed key). A linked device follows no one
   * itself: its records count for its identity.
   */
  async mergeFollow(x: FeedKey, b: FeedKey): Promise<void> {
    const { tx } = this
    let win: { feed: FeedKey; state: LatestState } | null = null
    if (!(await tx.has(K.author(x)))) {
      for (const feed of [x, ...(await this.membersOf(x))]) {
        const state = await tx.getJson<LatestState>(K.followState(feed, b))
        if (!state) continue
        const at = state.at ?? 0
        const best = win?.state.at ?? 0
        if (!win || at > best || (at === best && feed > win.feed)) win = { feed, state }
      }
    }
    const on = win?.state.on ?? false
    if ((await tx.has(K.following(x, b))) !== on) await this.setFollowing(x, b, on)
    if (!this.isMyKey(b) || x === this.meId || x === this.me) return
    // The notification is the winning record's, whichever order the records arrived in.
    const id = notificationIds.follow(x)
    if (on && win) {
      const uri = statusUri(win.feed, win.state.seq)
      const at = await tx.get(K.notificationId(id))
      const cur = at === null ? null : await tx.getJson<StoredNotification>(K.notification(Number(at), id))
      if (cur?.uri !== uri) await addNotification(tx, id, { kind: 'follow', from: x, uri, sortAt: this.sortAt(win.state.at ?? 0) })
    } else {
      await removeNotification(tx, id)
    }
  }

  private async setFollowing(a: FeedKey, b: FeedKey, on: boolean): Promise<void> {
    const { tx } = this
    if (on) {
      tx.put(K.following(a, b), '')
      tx.put(K.follower(b, a), '')
    } else {
      tx.del(K.following(a, b))
      tx.del(K.follower(b, a))
    }
    if (a !== this.meId || this.isMyKey(b)) return
    this.followsChanged = true
    for (const feed of [b, ...(await this.membersOf(b))]) await this.refreshFeed(feed)
  }

  /** Undoes the follow state of (a, b) if block `seq` is what set it (removeFeed). */
  async forgetFollow(a: FeedKey, seq: number, b: FeedKey): Promise<void> {
    const cur = await this.tx.getJson<LatestState>(K.followState(a, b))
    if (!cur || cur.seq !== seq) return
    this.tx.del(K.followState(a, b))
    await this.mergeFollow(await this.authorOf(a), b)
  }

  /** Puts a feed's statuses and reposts in home or takes them out, and sorts its statuses to me, as my follows now say. */
  async refreshFeed(f: FeedKey): Promise<void> {
    await this.moveHome(f, await this.inHome(f))
    for (const { key, value } of await this.tx.scan(P.toMe(f))) {
      await this.placeToMe(f, parseNum(lastPart(key)), JSON.parse(value) as StoredToMe)
    }
  }

  /** A reply or mention from an author I follow is a notification; from anyone else, a request. */
  private async placeToMe(f: FeedKey, seq: number, toMe: StoredToMe): Promise<void> {
    const { tx } = this
    const id = notificationIds.status(f, seq)
    if (await this.followsAuthorOf(f)) {
      tx.del(K.request(toMe.sortAt, f, seq))
      if (await tx.has(K.notificationId(id))) return
      await addNotification(tx, id, {
        kind: toMe.kind,
        from: f,
        uri: statusUri(f, seq),
        ...(toMe.subject ? { subject: toMe.subject } : {}),
        show: { feed: f, seq },
        sortAt: toMe.sortAt
      })
    } else {
      await removeNotification(tx, id)
      tx.put(K.request(toMe.sortAt, f, seq), '')
    }
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
      await this.forgetBlock(parseNum(lastPart(key)), value)
      tx.del(key)
    }
    await this.forgetProfile(feed)
    for (const key of [K.indexedLength(feed), K.invalid(feed), K.statusCount(feed), K.known(feed)]) tx.del(key)
    this.changed = true
  }

  /**
   * Its identity removed this device feed: undoes its blocks from `from` on and marks them cut, so they are
   * never applied again (PROTOCOL.md "Devices"). Block 1, the identity record, always stays.
   */
  async cutFrom(from: number): Promise<void> {
    const { tx, feed } = this
    const start = Math.max(from, 2)
    for (const { key, value } of await tx.scan(P.blocks(feed), K.block(feed, start))) {
      if (value === BlockKind.cut) continue
      await this.forgetBlock(parseNum(lastPart(key)), value)
      tx.put(key, BlockKind.cut)
    }
    this.changed = true
  }

  private async forgetBlock(seq: number, marker: string): Promise<void> {
    const { tx, feed } = this
    const cut = marker.indexOf(SEP)
    const kind = cut < 0 ? marker : marker.slice(0, cut)
    const detail = cut < 0 ? '' : marker.slice(cut + 1)
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
      case BlockKind.profile: {
        const cur = await tx.getJson<StoredProfile>(K.feedProfile(feed))
        if (cur?.seq === seq) await this.forgetProfile(feed)
        break
      }
      case BlockKind.device: {
        const cur = await tx.getJson<{ seq: number }>(K.listed(feed, detail))
        if (cur?.seq !== seq) break
        tx.del(K.listed(feed, detail))
        await relink(this, detail)
        this.devicesChanged = true
        break
      }
      case BlockKind.deviceRemove:
        tx.del(K.removed(detail, feed))
        this.devicesChanged = true
        break
      case BlockKind.identity:
        tx.del(K.claim(feed))
        await relink(this, feed)
        for (const { key } of await tx.scan(P.listed(feed))) await relink(this, lastPart(key))
        this.devicesChanged = true
        break
    }
  }

  // ---- helpers -----------------------------------------------------------------------------------

  /** PROTOCOL.md "Time": a createdAt is a claim; it may not sort later than first seen + the allowed skew. */
  sortAt(createdAt: number): number {
    return Math.min(createdAt, this.now + MAX_CLOCK_SKEW_MS)
  }

  /** Home holds my feeds, and the feeds of the authors my (identity's) follow list names. */
  private async inHome(f: FeedKey): Promise<boolean> {
    if (f === this.me) return true
    const author = await this.authorOf(f)
    if (author === this.meId) return true
    return (await this.tx.has(K.following(this.meId, author))) || (author !== f && (await this.tx.has(K.following(this.meId, f))))
  }

  private async followsAuthorOf(f: FeedKey): Promise<boolean> {
    const author = await this.authorOf(f)
    return (await this.tx.has(K.following(this.meId, author))) || (await this.tx.has(K.following(this.meId, f)))
  }

  /** The identity a feed writes for: itself, or the identity it is a linked device of. */
  async authorOf(f: FeedKey): Promise<FeedKey> {
    return (await this.tx.get(K.author(f))) ?? f
  }

  /** The linked device feeds of an author. */
  async membersOf(author: FeedKey): Promise<FeedKey[]> {
    return (await this.tx.scan(P.members(author))).map((e) => lastPart(e.key))
  }

  /** My own feed, or a feed of the identity I write for. */
  private async isMine(f: FeedKey): Promise<boolean> {
    return this.isMyKey(f) || (await this.authorOf(f)) === this.meId
  }

  /** Keys that name me: my feed and my identity (mentions and follows name the identity). */
  private isMyKey(k: FeedKey): boolean {
    return k === this.me || k === this.meId
  }

  private myKeys(): ReadonlySet<FeedKey> {
    return new Set([this.me, this.meId])
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
function derivedKeys(f: FeedKey, seq: number, st: StoredStatus, me: ReadonlySet<FeedKey>): string[] {
  const keys: string[] = []
  if (st.root) keys.push(K.thread(idOfUri(st.root), st.sortAt, f, seq))
  if (st.mentions?.some((m) => me.has(m.key))) keys.push(K.mention(st.sortAt, f, seq))
  const tail = orderedTail(st.sortAt, f, seq)
  for (const tag of hashtagsOf(st.text)) keys.push(K.tagAt(tag, tail))
  for (const token of searchTokens(st.text)) keys.push(K.wordAt(token, tail))
  return keys
}

async function bumpCount(tx: Tx, target: BlockId, field: keyof StoredCounts, delta: number): Promise<void> {
  const c = (await tx.getJson<StoredCounts>(K.counts(target))) ?? { likes: 0, reposts: 0, replies: 0 }
  c[field] = Math.max(0, c[field] + delta)
  if (c.likes === 0 && c.reposts === 0 && c.replies === 0) tx.del(K.counts(target))
  else tx.putJson(K.counts(target), c)
}
