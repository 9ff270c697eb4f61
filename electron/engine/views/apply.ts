// What each block does to the views. One BlockIndexer runs per index() call, inside one transaction.
//
// Every block is applied at most once (its marker says so), which makes re-indexing idempotent. Order does
// not matter: "latest wins" state (profile, follow, like) is decided by seq, and whatever depends on another
// block catches up when that block arrives (a repost waits for its original, a tombstone waits for its target,
// a follow pulls the followee's statuses into home). README.md lists the rules.
import type { FeedKey } from '../../../shared/keys.js'
import { parseStatusUri, statusUri } from '../../../shared/keys.js'
import { PROTOCOL_VERSION } from '../../../shared/protocol/limits.js'
import type {
  DeleteRecord,
  DeviceRecord,
  DeviceRemoveRecord,
  IdentityRecord,
  FeedRecord,
  FollowRecord,
  LikeRecord,
  ProfileRecord,
  RepostRecord,
  StatusRecord,
  UnfollowRecord,
  UnlikeRecord
} from '../../../shared/protocol/records.js'
import { hashtagsOf, searchTokens } from '../../../shared/protocol/text.js'
import { decodeBlock } from '../../../shared/protocol/validate.js'
import { BlockKind, K, P, SEP, blockId, tailOf, foldName, idOfUri, lastPart, num, orderedTail, parseNum, splitBlockId, type BlockId } from './layout.js'
import { claimIdentity, cutoffOf, linkDevice, mergeProfile, relink, removeDevice } from './links.js'
import { SortClock } from './first-seen.js'
import { applyEdit, applyPin, applyVote, forgetEdit, forgetPin, forgetVote } from './post-records.js'
import { addNotification, notificationIds, removeNotification, removeSubjectNotifications, type StoredNotification } from './notify.js'
import type { Tx } from './store.js'
import type { IndexResult, LatestState, StoredCounts, StoredProfile, StoredRepost, StoredStatus, StoredToMe } from './values.js'

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
    public meId: FeedKey = me,
    /** Sort times from first sightings, kept outside the views (first-seen.ts). */
    readonly clock: SortClock = new SortClock(null, now)
  ) {}

  /** Applies blocks[i], which is block seqs[i] of the feed (any order; a block already marked is skipped). */
  async run(seqs: readonly number[], blocks: Uint8Array[]): Promise<void> {
    const { tx, feed } = this
    const keys = [K.known(feed), K.following(this.meId, feed), K.statusCount(feed), K.invalid(feed), K.newerVersion(feed), K.author(feed), K.claim(feed)]
    for (const seq of seqs) {
      const id = blockId(feed, seq)
      keys.push(K.block(feed, seq), K.tomb(feed, seq), K.pendingReposts(id), K.hasChild(id), K.awaited(id))
    }
    await Promise.all([tx.prefetch(keys), this.clock.load(feed, seqs)])
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
    return new BlockIndexer(this.tx, this.me, feed, this.now, this.meId, this.clock)
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
    if (decoded.ok && decoded.record?.type === 'header') kind = await this.header(decoded.record.version)
    // PROTOCOL.md "Versions": a feed written in a newer version is not read with version 1's rules, not even
    // to count its blocks as invalid.
    else if (seq > 0 && (await this.tx.has(K.newerVersion(this.feed)))) kind = BlockKind.unknown
    else if (!decoded.ok) kind = await this.invalid()
    else if (decoded.record === null) kind = BlockKind.unknown
    else kind = await this.apply(seq, decoded.record)
    this.tx.put(marker, kind)
  }

  private async header(version: number): Promise<Kind> {
    if (version > PROTOCOL_VERSION) {
      this.tx.put(K.newerVersion(this.feed), String(version))
      // A first sync indexes blocks as they arrive, so some may have been read by version 1's rules before
      // the header came: undo them, as in-order indexing would never have applied them.
      await this.unreadAhead()
      this.changed = true
    }
    return BlockKind.header
  }

  /** Undoes every block of this feed indexed so far and marks it unknown (its header names a newer version). */
  private async unreadAhead(): Promise<void> {
    const { tx, feed } = this
    for (const { key, value } of await tx.scan(P.blocks(feed))) {
      const seq = parseNum(lastPart(key))
      if (seq === 0 || value === BlockKind.unknown || value === BlockKind.cut) continue
      if (value === BlockKind.invalid) {
        await tx.add(K.invalid(feed), -1)
        this.counts.invalid--
      } else {
        await this.forgetBlock(seq, value)
      }
      tx.put(key, BlockKind.unknown)
    }
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
        if (await this.tx.has(K.tomb(this.feed, seq))) {
          // Never shown, but its place in a thread and the replies waiting on it still count.
          await this.joinThread(seq, record)
          await this.arrived(seq, false)
          return markerWith(BlockKind.deleted, BlockKind.status)
        }
        await this.addStatus(seq, record)
        return BlockKind.status
      case 'repost':
        if (await this.tx.has(K.tomb(this.feed, seq))) return markerWith(BlockKind.deleted, BlockKind.repost)
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
      case 'edit':
        return markerWith(BlockKind.edit, await applyEdit(this.tx, seq, record))
      case 'vote':
        return markerWith(BlockKind.vote, applyVote(this.tx, this.feed, seq, record))
      case 'pin':
      case 'unpin':
        return markerWith(BlockKind.pin, applyPin(this.tx, this.feed, seq, record))
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
    const sortAt = await this.sortAt(seq, r.createdAt)
    const stored: StoredStatus = {
      text: r.text,
      createdAt: r.createdAt,
      sortAt,
      ...(r.replyTo ? { replyTo: r.replyTo, root: r.root ?? r.replyTo } : {}),
      ...(r.mentions ? { mentions: r.mentions } : {}),
      ...(r.attachments ? { attachments: r.attachments } : {}),
      ...(r.quote ? { quote: r.quote } : {}),
      ...(r.cw !== undefined ? { cw: r.cw } : {}),
      ...(r.sensitive ? { sensitive: true as const } : {}),
      ...(r.poll ? { poll: r.poll } : {}),
      ...(r.card ? { card: r.card } : {})
    }
    const json = JSON.stringify(stored)
    tx.put(K.status(feed, seq), json)
    tx.put(K.profileStatus(feed, seq), String(sortAt))
    tx.put(K.authorStatus(await this.authorOf(feed), sortAt, feed, seq), '')
    await tx.add(K.statusCount(feed), 1)
    // Home keeps a copy of the status with its entry, so a page is read in one range scan rather than from 50
    // places in the store. A stored status never changes (an edit is kept apart), so the copy stays true.
    if (await this.inHome(feed)) tx.put(K.home(sortAt, feed, seq), json)
    const inThread = await this.joinThread(seq, r)
    for (const key of derivedKeys(feed, seq, stored, this.myKeys(), inThread)) tx.put(key, '')
    if (stored.replyTo) {
      await bumpCount(tx, idOfUri(stored.replyTo), 'replies', 1)
      await this.want(stored.replyTo)
      if (stored.root !== stored.replyTo) await this.want(stored.root!)
    }
    if (stored.quote) {
      tx.put(K.quote(idOfUri(stored.quote), feed, seq), '')
      await bumpCount(tx, idOfUri(stored.quote), 'quotes', 1)
      await this.want(stored.quote)
    }

    if (!(await this.isMine(feed))) {
      const parent = stored.replyTo !== undefined ? parseStatusUri(stored.replyTo) : null
      const toMine = parent !== null && (await this.isMine(parent.key))
      // A reply notifies only once its parent is known to be a status of mine (PROTOCOL.md, "Reading a feed").
      const repliesToMe = toMine && (await this.isStatusBlock(parent.key, parent.seq))
      if (toMine && !repliesToMe && !(await tx.has(K.block(parent.key, parent.seq)))) {
        const parentId = blockId(parent.key, parent.seq)
        tx.put(K.awaitReply(parentId, feed, seq), '')
        tx.put(K.awaited(parentId), '')
      }
      const mentionsMe = stored.mentions?.some((m) => this.isMyKey(m.key)) ?? false
      if (repliesToMe || mentionsMe) {
        const toMe: StoredToMe = { kind: repliesToMe ? 'reply' : 'mention', ...(repliesToMe ? { subject: stored.replyTo! } : {}), sortAt }
        tx.putJson(K.toMe(feed, seq), toMe)
        await this.placeToMe(feed, seq, toMe)
      } else if (stored.quote && (await this.isMine(parseStatusUri(stored.quote).key))) {
        // A quote of a status of mine that neither replies to me nor mentions me: told once, never again on an edit.
        await addNotification(tx, notificationIds.status(feed, seq), {
          kind: 'quote',
          from: feed,
          uri: statusUri(feed, seq),
          subject: stored.quote,
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
        if (!rp) continue
        if (await this.inHome(rf)) tx.put(K.home(rp.sortAt, rf, rs), id)
        await this.notifyRepost(rf, rs, rp)
      }
    }
    await this.arrived(seq, true)
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
    for (const key of derivedKeys(f, seq, st, this.myKeys(), true)) tx.del(key)
    if (st.replyTo) {
      await bumpCount(tx, idOfUri(st.replyTo), 'replies', -1)
      tx.del(K.awaitReply(idOfUri(st.replyTo), f, seq))
    }
    if (st.quote) {
      tx.del(K.quote(idOfUri(st.quote), f, seq))
      await bumpCount(tx, idOfUri(st.quote), 'quotes', -1)
    }
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
      // Only a feed's shown repost (its earliest live one) waits; the others stay hidden behind it.
      if (await tx.has(K.authoredRepost(rf, rs))) waiting.push([rf, rs])
    }
    if (opts.keepReposts && waiting.length > 0) tx.putJson(K.pendingReposts(id), waiting)
    return true
  }

  // ---- reposts -----------------------------------------------------------------------------------

  private async addRepost(seq: number, r: RepostRecord): Promise<void> {
    const { tx, feed } = this
    const sortAt = await this.sortAt(seq, r.createdAt)
    const target = idOfUri(r.of)
    const stored: StoredRepost = { of: r.of, createdAt: r.createdAt, sortAt }
    tx.putJson(K.repost(feed, seq), stored)
    tx.put(K.repostOf(target, feed, seq), '')
    const seqs = (await tx.getJson<number[]>(K.reposters(target, feed))) ?? []
    if (seqs.length === 0) await bumpCount(tx, target, 'reposts', 1)
    tx.putJson(K.reposters(target, feed), [...seqs, seq])
    // A feed counts once per status, and shows once: at its earliest live repost (PROTOCOL.md, "repost"), so
    // reposting again cannot lift a status to the top of home. One arriving out of order takes the place.
    const shown = seqs.length > 0 ? Math.min(...seqs) : null
    if (shown === null || seq < shown) {
      if (shown !== null) await this.hideRepost(feed, shown, target)
      await this.showRepost(feed, seq, stored)
    }
    this.counts.added++
  }

  /** Puts a feed's earliest live repost of a status in home (or waiting for the status), and notifies. */
  private async showRepost(f: FeedKey, seq: number, rp: StoredRepost): Promise<void> {
    const { tx } = this
    const target = idOfUri(rp.of)
    const t = splitBlockId(target)
    tx.put(K.authoredRepost(f, seq), target)
    if (await tx.has(K.tomb(t.feed, t.seq))) return
    if (await tx.has(K.status(t.feed, t.seq))) {
      if (await this.inHome(f)) tx.put(K.home(rp.sortAt, f, seq), target)
      await this.notifyRepost(f, seq, rp)
    } else {
      const pending = (await tx.getJson<Array<[FeedKey, number]>>(K.pendingReposts(target))) ?? []
      tx.putJson(K.pendingReposts(target), [...pending, [f, seq]])
      await this.want(rp.of)
    }
  }

  /** Takes a repost out of home, of the waiting list and of notifications; it stays counted. */
  private async hideRepost(f: FeedKey, seq: number, target: BlockId): Promise<void> {
    const { tx } = this
    const rp = await tx.getJson<StoredRepost>(K.repost(f, seq))
    if (rp) tx.del(K.home(rp.sortAt, f, seq))
    tx.del(K.authoredRepost(f, seq))
    const pending = await tx.getJson<Array<[FeedKey, number]>>(K.pendingReposts(target))
    if (pending) {
      const rest = pending.filter(([pf, ps]) => pf !== f || ps !== seq)
      if (rest.length === 0) tx.del(K.pendingReposts(target))
      else tx.putJson(K.pendingReposts(target), rest)
    }
    await removeNotification(tx, notificationIds.repost(f, seq))
  }

  /** A repost of a live status of mine, by someone else, is a notification. */
  private async notifyRepost(f: FeedKey, seq: number, rp: StoredRepost): Promise<void> {
    const t = splitBlockId(idOfUri(rp.of))
    if (!(await this.isMine(t.feed)) || (await this.isMine(f))) return
    await addNotification(
      this.tx,
      notificationIds.repost(f, seq),
      { kind: 'repost', from: f, uri: statusUri(f, seq), subject: rp.of, show: t, sortAt: rp.sortAt },
      t.feed === this.me ? t.seq : undefined
    )
  }

  async removeRepost(f: FeedKey, seq: number): Promise<boolean> {
    const { tx } = this
    const rp = await tx.getJson<StoredRepost>(K.repost(f, seq))
    if (!rp) return false
    const target = idOfUri(rp.of)
    await this.hideRepost(f, seq, target)
    tx.del(K.repost(f, seq))
    tx.del(K.repostOf(target, f, seq))
    const before = (await tx.getJson<number[]>(K.reposters(target, f))) ?? []
    const seqs = before.filter((s) => s !== seq)
    if (seqs.length === 0) {
      tx.del(K.reposters(target, f))
      await bumpCount(tx, target, 'reposts', -1)
    } else {
      tx.putJson(K.reposters(target, f), seqs)
      // The shown one went: the feed's next earliest live repost shows in its place.
      if (seq < Math.min(...seqs)) {
        const next = Math.min(...seqs)
        const nextRp = await tx.getJson<StoredRepost>(K.repost(f, next))
        if (nextRp) await this.showRepost(f, next, nextRp)
      }
    }
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
    // Only a live status of mine that this reader holds: a like of a block that does not exist (yet), or of
    // a like or a profile, notifies no one. One that arrived first notifies when the status comes (arrived).
    if (win && on && !(await tx.has(K.tomb(t.feed, t.seq))) && (await tx.has(K.status(t.feed, t.seq)))) {
      // The notification is the winning record's, whichever device it came from.
      await this.notifyLike(x, win.feed, win.state, t)
    } else {
      if (on && !(await tx.has(K.block(t.feed, t.seq)))) tx.put(K.awaited(target), '')
      await removeNotification(tx, notificationIds.like(x, t.seq, t.feed === me ? undefined : t.feed))
    }
  }

  /** Author x's like of my status t, made by record `state.seq` of x's feed (or device) `feed`. */
  private async notifyLike(x: FeedKey, feed: FeedKey, state: LatestState, t: { feed: FeedKey; seq: number }): Promise<void> {
    const n = { kind: 'like' as const, from: x, uri: statusUri(feed, state.seq), subject: statusUri(t.feed, t.seq), show: t }
    const sortAt = await this.clock.sortAt(feed, state.seq, state.at ?? 0)
    await addNotification(this.tx, notificationIds.like(x, t.seq, t.feed === this.me ? undefined : t.feed), { ...n, sortAt }, t.feed === this.me ? t.seq : undefined)
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
    const stored: StoredProfile = {
      seq,
      name: r.name,
      bio: r.bio,
      ...(r.avatar ? { avatar: r.avatar } : {}),
      ...(r.left ? { left: r.left } : {}),
      ...(r.quotable === false ? { quotable: false as const } : {}),
      ...(r.handle ? { handle: r.handle } : {})
    }
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
    if (!cur) await this.refreshFollowedOnce(a, b)
    this.changed = true
  }

  /**
   * My first follow record of b (or its removal) decides where b's replies and mentions go even when b is not
   * followed now (placeToMe), so they are placed again, whatever order the records were indexed in.
   */
  private async refreshFollowedOnce(a: FeedKey, b: FeedKey): Promise<void> {
    if (!this.isMyKey(a) && (await this.authorOf(a)) !== this.meId) return
    // Only what b said to me moves; home is setFollowing's business. Usually one empty scan.
    for (const feed of [b, ...(await this.membersOf(b))]) {
      for (const { key, value } of await this.tx.scan(P.toMe(feed))) {
        await this.placeToMe(feed, parseNum(lastPart(key)), JSON.parse(value) as StoredToMe)
      }
    }
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
      const sortAt = await this.clock.sortAt(win.feed, win.state.seq, win.state.at ?? 0)
      if (cur?.uri !== uri) await addNotification(tx, id, { kind: 'follow', from: x, uri, sortAt })
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
    await this.refreshFollowedOnce(a, b)
  }

  /** Puts a feed's statuses and reposts in home or takes them out, and sorts its statuses to me, as my follows now say. */
  async refreshFeed(f: FeedKey): Promise<void> {
    await this.moveHome(f, await this.inHome(f))
    for (const { key, value } of await this.tx.scan(P.toMe(f))) {
      await this.placeToMe(f, parseNum(lastPart(key)), JSON.parse(value) as StoredToMe)
    }
  }

  /**
   * A reply or mention from an author I follow, or followed once (my follow records name them), is a
   * notification; from anyone else, a request. Unfollowing someone keeps what they said to me where it was.
   */
  private async placeToMe(f: FeedKey, seq: number, toMe: StoredToMe): Promise<void> {
    const { tx } = this
    const id = notificationIds.status(f, seq)
    if ((await this.followsAuthorOf(f)) || (await this.followedAuthorOf(f))) {
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
    const statuses = (await tx.scan(P.profileStatuses(b))).map(({ key, value }) => ({ seq: parseNum(lastPart(key)), sortAt: Number(value) }))
    if (into) await tx.prefetch(statuses.map(({ seq }) => K.status(b, seq)))
    for (const { seq, sortAt } of statuses) {
      if (into) tx.put(K.home(sortAt, b, seq), (await tx.get(K.status(b, seq))) ?? '')
      else tx.del(K.home(sortAt, b, seq))
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
    // The decoder refused a delete naming another feed: only the author withdraws a record.
    const t = parseStatusUri(r.of)
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
      case BlockKind.status: {
        const st = await tx.getJson<StoredStatus>(K.status(feed, seq))
        if (st?.replyTo) await this.leaveThread(feed, seq, st.replyTo)
        if (await this.removeStatus(feed, seq, { keepReposts: true })) this.counts.removed++
        break
      }
      case BlockKind.repost:
        if (await this.removeRepost(feed, seq)) this.counts.removed++
        break
      case BlockKind.deleted:
        // A status deleted before it arrived was never shown, but replies may have joined a thread through it.
        if (detail === BlockKind.status) await this.leaveThread(feed, seq, undefined)
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
      case BlockKind.edit:
        await forgetEdit(tx, seq, detail as BlockId)
        break
      case BlockKind.vote:
        forgetVote(tx, feed, seq, detail as BlockId)
        break
      case BlockKind.pin:
        forgetPin(tx, feed, seq, detail as BlockId)
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

  // ---- threads and arrivals ----------------------------------------------------------------------

  /**
   * Decides whether reply `seq` joins the thread of the root it names (PROTOCOL.md, "reply"): it does when
   * its root is its parent, or when its parent has joined that same thread. Otherwise it waits for its
   * parent (kid), so a hostile reply cannot claim a thread it does not descend from.
   */
  private async joinThread(seq: number, r: StatusRecord): Promise<boolean> {
    if (!r.replyTo) return false
    const { tx, feed } = this
    const root = idOfUri(r.root ?? r.replyTo)
    const parent = idOfUri(r.replyTo)
    let joined = root === parent
    if (!joined) {
      tx.put(K.child(parent, feed, seq), root)
      tx.put(K.hasChild(parent), '')
      const p = splitBlockId(parent)
      joined = (await tx.get(K.joined(p.feed, p.seq))) === root
    }
    if (joined) tx.put(K.joined(feed, seq), root)
    return joined
  }

  /** Status `seq` of this feed arrived (shown, or deleted before it came): what was waiting for it goes on. */
  private async arrived(seq: number, live: boolean): Promise<void> {
    const { tx, feed } = this
    const id = blockId(feed, seq)
    if (await tx.has(K.hasChild(id))) await this.joinChildren(id)
    if (!(await tx.has(K.awaited(id))) || !(await this.isMine(feed))) return
    tx.del(K.awaited(id))
    for (const { key } of await tx.scan(P.awaitReply(id))) {
      tx.del(key)
      const { feed: f, seq: s } = tailOf(key)
      const st = await tx.getJson<StoredStatus>(K.status(f, s))
      if (!st) continue
      // It may have been placed as a mention of me: it is a reply now, as if it had come after its parent.
      await removeNotification(tx, notificationIds.status(f, s))
      const toMe: StoredToMe = { kind: 'reply', subject: statusUri(feed, seq), sortAt: st.sortAt }
      tx.putJson(K.toMe(f, s), toMe)
      await this.placeToMe(f, s, toMe)
      this.changed = true
    }
    if (!live) return
    // Likes that came first notify now, once per liking author, as the record that won for that author.
    const authors = new Set<FeedKey>()
    for (const { key } of await tx.scan(P.likesOf(id))) authors.add(await this.authorOf(lastPart(key)))
    for (const x of authors) {
      if (await this.isMine(x)) continue
      const won = await tx.get(K.authorLike(id, x))
      if (won === null) continue
      const w = JSON.parse(won) as { feed: FeedKey; seq: number }
      const state = await tx.getJson<LatestState>(K.like(id, w.feed))
      if (state?.on) await this.notifyLike(x, w.feed, state, { feed, seq })
    }
  }

  /** Replies waiting on `parent` that name the root it joined join too, and theirs after them. */
  private async joinChildren(parent: BlockId): Promise<void> {
    const { tx } = this
    const stack = [parent]
    while (stack.length > 0) {
      const id = stack.pop()!
      const p = splitBlockId(id)
      const root = await tx.get(K.joined(p.feed, p.seq))
      if (root === null) continue
      for (const { key, value } of await tx.scan(P.children(id))) {
        if (value !== root) continue
        const c = tailOf(key)
        if (await tx.has(K.joined(c.feed, c.seq))) continue
        tx.put(K.joined(c.feed, c.seq), root)
        const st = await tx.getJson<StoredStatus>(K.status(c.feed, c.seq))
        if (st) tx.put(K.thread(root, st.sortAt, c.feed, c.seq), '')
        this.changed = true
        const cid = blockId(c.feed, c.seq)
        if (await tx.has(K.hasChild(cid))) stack.push(cid)
      }
    }
  }

  /** Undoes joinThread for a forgotten reply (removeFeed, a device cut), and for the replies that joined through it. */
  private async leaveThread(f: FeedKey, seq: number, replyTo: string | undefined): Promise<void> {
    const { tx } = this
    if (replyTo) {
      const parent = idOfUri(replyTo)
      tx.del(K.child(parent, f, seq))
    }
    const stack: Array<{ feed: FeedKey; seq: number }> = [{ feed: f, seq }]
    while (stack.length > 0) {
      const at = stack.pop()!
      const root = await tx.get(K.joined(at.feed, at.seq))
      if (root === null) continue
      tx.del(K.joined(at.feed, at.seq))
      const st = await tx.getJson<StoredStatus>(K.status(at.feed, at.seq))
      if (st) tx.del(K.thread(root, st.sortAt, at.feed, at.seq))
      for (const { key, value } of await tx.scan(P.children(blockId(at.feed, at.seq)))) if (value === root) stack.push(tailOf(key))
    }
  }

  /** Block `seq` of `f` is held and is (or was, before a delete) a status. */
  private async isStatusBlock(f: FeedKey, seq: number): Promise<boolean> {
    const marker = await this.tx.get(K.block(f, seq))
    return marker === BlockKind.status || marker === markerWith(BlockKind.deleted, BlockKind.status)
  }

  // ---- helpers -----------------------------------------------------------------------------------

  /** PROTOCOL.md "Time": a createdAt is a claim; it may not sort later than first seen + the allowed skew. */
  sortAt(seq: number, createdAt: number): Promise<number> {
    return this.clock.sortAt(this.feed, seq, createdAt)
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

  /** My identity's follow records (from any of its feeds) named this feed's author once, followed or not now. */
  private async followedAuthorOf(f: FeedKey): Promise<boolean> {
    const author = await this.authorOf(f)
    for (const mine of [this.meId, ...(await this.membersOf(this.meId))]) {
      if ((await this.tx.has(K.followState(mine, author))) || (await this.tx.has(K.followState(mine, f)))) return true
    }
    return false
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
function derivedKeys(f: FeedKey, seq: number, st: StoredStatus, me: ReadonlySet<FeedKey>, inThread: boolean): string[] {
  const keys: string[] = []
  if (st.root && inThread) keys.push(K.thread(idOfUri(st.root), st.sortAt, f, seq))
  if (st.mentions?.some((m) => me.has(m.key))) keys.push(K.mention(st.sortAt, f, seq))
  const tail = orderedTail(st.sortAt, f, seq)
  for (const tag of hashtagsOf(st.text)) keys.push(K.tagAt(tag, tail))
  for (const token of searchTokens(st.text)) keys.push(K.wordAt(token, tail))
  return keys
}

async function bumpCount(tx: Tx, target: BlockId, field: keyof StoredCounts, delta: number): Promise<void> {
  const c = (await tx.getJson<StoredCounts>(K.counts(target))) ?? { likes: 0, reposts: 0, replies: 0 }
  c[field] = Math.max(0, (c[field] ?? 0) + delta)
  if (c.likes === 0 && c.reposts === 0 && c.replies === 0 && !c.quotes) tx.del(K.counts(target))
  else tx.putJson(K.counts(target), c)
}
