// The local views: persistent indexes, updated block by block, that answer every question the UI asks without
// reading a log. Everything here is derived from feed blocks, so deleting the folder and re-indexing the logs
// rebuilds it. README.md in this folder describes the indexes and the rules.
import fs from 'node:fs'
import type RocksDB from 'rocksdb-native'
import type { Notification } from '../../../shared/api/notifications.js'
import type { ProfileView } from '../../../shared/api/profile.js'
import type { Page, Profile, StatusView } from '../../../shared/api/shapes.js'
import { RstatusError } from '../../../shared/errors.js'
import { parseStatusUri, type FeedKey } from '../../../shared/keys.js'
import { MAX_PINS } from '../../../shared/protocol/limits.js'
import { normalizeTag } from '../../../shared/protocol/text.js'
import { openRocksDb } from '../../platform/rocksdb.js'
import { BlockIndexer } from './apply.js'
import { FirstSeenStore, SortClock, firstSeenDir } from './first-seen.js'
import { K, P, SEP, blockId, foldName, lastPart, num, parseNum, splitBlockId, tailOf, tailRef, type BlockId } from './layout.js'
import { markRead, type StoredNotification } from './notify.js'
import { atTime, encodeCursor, pageEntries, pageLimit, type PageOptions } from './paging.js'
import { loadAuthors, loadNotifications, loadProfiles, loadStatusViews, type StatusRef } from './read.js'
import { hiddenFrom, noneHidden, type Hidden, type Place } from './hidden.js'
import { suggestFollows, type Suggestion } from './suggestions.js'
import { searchStatuses } from './search.js'
import { cacheReads } from './read-cache.js'
import type { IndexResult, StoredProfile, StoredStatus, StoredVersion } from './values.js'
import { Tx, parseJson, readMany, readOne, scanAll, writeOne, type Entry } from './store.js'

/** A feed an identity listed as its device (PROTOCOL.md "Devices"). */
export interface ListedDevice {
  key: FeedKey
  /** The identity's block that listed it. */
  seq: number
  /** The link holds: the device's block 1 names the identity. */
  linked: boolean
  /** The block its removal cut it at, if removed. */
  removedAfter: number | null
}

export interface IndexOptions {
  /** false: index out of order (a preview of the newest blocks, a referenced status) without moving the length. */
  advance?: boolean
  /** The local clock in ms, for the createdAt clamp. */
  now?: number
}

/** Bump when the key layout or the meaning of an index changes: older views are then rebuilt from the logs. */
const LAYOUT_VERSION = '6'
/** Replies returned by thread(); the contract has no paging for threads. */
export const THREAD_LIMIT = 500
const DEFAULT_PEOPLE = 20
/** Pages read to fill one page when hidden (blocked, muted) entries are skipped; a cursor continues past them. */
const HIDDEN_ROUNDS = 8
const HIDDEN_CHUNK = 64
const UNREAD_SCAN_LIMIT = 1000
const Z32_PREFIX = /^[ybndrfg8ejkmcpqxot1uwisza345h769]{1,52}$/

export class Views {
  private writing: Promise<unknown> = Promise.resolve()
  private closing = false
  /** The identity my feed writes for: my own key, or the one my feed's block 1 names (PROTOCOL.md "Devices"). */
  private meId: FeedKey
  /** Feeds the person blocked or muted (local choices, not derived from feeds): filtered out when reading. */
  private hidden: Hidden = noneHidden()

  private constructor(
    private readonly db: RocksDB,
    /** First sightings of clamped blocks: not derived from logs, so outside the views (first-seen.ts). */
    private readonly firstSeen: FirstSeenStore,
    readonly me: FeedKey,
    /** True when open() found views it could not use (another layout, another user, unreadable) and started over. */
    readonly rebuilt: boolean,
    identity: FeedKey | null
  ) {
    this.meId = identity ?? me
  }

  /** The identity I write for: my own feed's key, or the identity it is a device of. */
  get identity(): FeedKey {
    return this.meId
  }

  /** What reads leave out: blocked feeds everywhere, muted ones from home, mentions, notifications and requests. */
  setHidden(hidden: Hidden): void {
    this.hidden = hidden
  }

  static async open(dir: string, opts: { me: FeedKey }): Promise<Views> {
    let rebuilt = false
    let db = await openDb(dir).catch(async (err: unknown) => {
      if (isLockError(err)) throw err
      rebuilt = true
      return openDb(dir, { wipe: true })
    })
    const [version, me] = await Promise.all([readOne(db, K.meta('layout')), readOne(db, K.meta('me'))])
    const empty = version === null && (await db.peek({})) === null
    if (!empty && (version !== LAYOUT_VERSION || me !== opts.me)) {
      await db.close()
      db = await openDb(dir, { wipe: true })
      rebuilt = true
    }
    if (empty || rebuilt) {
      const w = db.write({ autoDestroy: true })
      w.tryPut(K.meta('layout'), LAYOUT_VERSION)
      w.tryPut(K.meta('me'), opts.me)
      await w.flush()
    }
    cacheReads(db)
    const firstSeen = await FirstSeenStore.open(firstSeenDir(dir)).catch(async (err: unknown) => {
      await db.close()
      throw err
    })
    return new Views(db, firstSeen, opts.me, rebuilt, await readOne(db, K.meta('identity')))
  }

  /**
   * Opens the views as they are, for the user they were built for, before that user's feed (and so its key)
   * is open: the cached pages can then be answered at once. Null, with nothing changed, when they cannot be
   * used as they are (missing, unreadable, another layout): open() decides then, with the key.
   */
  static async openAsStored(dir: string): Promise<Views | null> {
    if (!fs.existsSync(dir)) return null
    const db = await openDb(dir).catch((err: unknown) => {
      if (isLockError(err)) throw err
      return null
    })
    if (!db) return null
    const [version, me] = await Promise.all([readOne(db, K.meta('layout')), readOne(db, K.meta('me'))])
    if (version !== LAYOUT_VERSION || me === null) {
      await db.close()
      return null
    }
    cacheReads(db)
    const firstSeen = await FirstSeenStore.open(firstSeenDir(dir)).catch(async (err: unknown) => {
      await db.close()
      throw err
    })
    return new Views(db, firstSeen, me, false, await readOne(db, K.meta('identity')))
  }

  async close(): Promise<void> {
    if (this.closing) return
    this.closing = true
    await this.writing
    await this.db.close()
    await this.firstSeen.close()
  }

  // ---- indexing ------------------------------------------------------------------------------------

  /** Contiguous number of blocks of `feed` indexed (0 if none). */
  async indexedLength(feed: FeedKey): Promise<number> {
    this.assertOpen()
    return Number((await readOne(this.db, K.indexedLength(feed))) ?? 0)
  }

  /**
   * Indexes blocks start..start+blocks.length-1 of `feed` (raw bytes as stored in the Hypercore), together
   * with the new indexed length when `advance` (the default), in one atomic write. Idempotent, and any order
   * of calls converges to the same views.
   */
  index(feed: FeedKey, start: number, blocks: Uint8Array[], opts: IndexOptions = {}): Promise<IndexResult> {
    return this.exclusive(async () => {
      if (!Number.isSafeInteger(start) || start < 0) throw new RstatusError('INTERNAL', `Bad start block ${start}`)
      const tx = new Tx(this.db)
      const advance = opts.advance ?? true
      const indexed = await tx.getNumber(K.indexedLength(feed))
      if (advance && start > indexed) {
        throw new RstatusError('INTERNAL', `Indexing ${feed.slice(0, 8)} must continue from block ${indexed}, not ${start}`)
      }
      const indexer = this.indexer(tx, feed, opts.now ?? Date.now())
      await indexer.run(Array.from(blocks, (_, i) => start + i), blocks)
      const end = start + blocks.length
      if (advance && end > indexed) tx.put(K.indexedLength(feed), String(end))
      return this.commitIndexing(tx, indexer)
    })
  }

  /**
   * Indexes blocks held anywhere in a feed, in any order (blocks[i] is block seqs[i]), without moving the
   * indexed length: a first sync downloads out of order, and indexing what has arrived keeps up with it.
   * advance() moves the length over them once the feed is held contiguously.
   */
  indexHeld(feed: FeedKey, seqs: number[], blocks: Uint8Array[], opts: Pick<IndexOptions, 'now'> = {}): Promise<IndexResult> {
    return this.exclusive(async () => {
      if (seqs.length !== blocks.length || !seqs.every((s) => Number.isSafeInteger(s) && s >= 0)) {
        throw new RstatusError('INTERNAL', 'indexHeld needs one safe, non-negative seq per block')
      }
      const tx = new Tx(this.db)
      const indexer = this.indexer(tx, feed, opts.now ?? Date.now())
      await indexer.run(seqs, blocks)
      return this.commitIndexing(tx, indexer)
    })
  }

  /**
   * Moves the indexed length of `feed` over blocks already indexed out of order, up to `end` at most, and
   * returns the new length: it stops at the first block without a marker, so it never claims a block that
   * was not indexed.
   */
  advance(feed: FeedKey, end: number): Promise<number> {
    return this.exclusive(async () => {
      const indexed = await this.indexedLength(feed)
      if (end <= indexed) return indexed
      let next = indexed
      for (const e of await scanAll(this.db, P.blocks(feed), { from: K.block(feed, indexed), limit: end - indexed })) {
        if (parseNum(lastPart(e.key)) !== next) break
        next++
      }
      if (next > indexed) await writeOne(this.db, K.indexedLength(feed), String(next))
      return next
    })
  }

  private indexer(tx: Tx, feed: FeedKey, now: number): BlockIndexer {
    return new BlockIndexer(tx, this.me, feed, now, this.meId, new SortClock(this.firstSeen, now))
  }

  private async commitIndexing(tx: Tx, indexer: BlockIndexer): Promise<IndexResult> {
    await indexer.clock.flush()
    await tx.commit()
    const result = indexer.result()
    if (result.identity) this.meId = result.identity
    return result
  }

  /** Drops every view entry of a feed, as if none of its blocks had been indexed (blocking, tests). */
  removeFeed(feed: FeedKey): Promise<IndexResult> {
    return this.exclusive(async () => {
      if (feed === this.me) throw new RstatusError('INVALID_INPUT', 'The own feed cannot be removed from the views')
      const tx = new Tx(this.db)
      const indexer = this.indexer(tx, feed, Date.now())
      await indexer.forgetFeed()
      await indexer.clock.flush()
      await tx.commit()
      return indexer.result()
    })
  }

  async invalidCount(feed: FeedKey): Promise<number> {
    this.assertOpen()
    return Number((await readOne(this.db, K.invalid(feed))) ?? 0)
  }

  async invalidCounts(feeds: FeedKey[]): Promise<number[]> {
    this.assertOpen()
    return (await readMany(this.db, feeds.map((f) => K.invalid(f)))).map((v) => Number(v ?? 0))
  }

  /** For each feed, the format version its header names when newer than ours (its blocks are not read), else null. */
  async newerVersions(feeds: FeedKey[]): Promise<Array<number | null>> {
    this.assertOpen()
    return (await readMany(this.db, feeds.map((f) => K.newerVersion(f)))).map((v) => (v === null ? null : Number(v)))
  }

  // ---- follows -------------------------------------------------------------------------------------

  /** The latest public follow list of `feed`, from its own follow and unfollow records. */
  async following(feed: FeedKey): Promise<FeedKey[]> {
    this.assertOpen()
    return (await scanAll(this.db, P.following(feed))).map((e) => lastPart(e.key))
  }

  /** Feeds we hold whose latest follow list includes `feed`. */
  async followers(feed: FeedKey): Promise<FeedKey[]> {
    this.assertOpen()
    return (await scanAll(this.db, P.followers(feed))).map((e) => lastPart(e.key))
  }

  // ---- statuses ------------------------------------------------------------------------------------

  /** Home: statuses and reposts by me and by the feeds my latest follow list names, newest first. */
  async timeline(opts: PageOptions & { before?: number } = {}): Promise<Page<StatusView>> {
    return this.statusPage(P.home(), atTime(P.home(), opts), 'home', (e) => {
      const at = tailRef(e.key)
      // A status's entry holds the status itself (an entry written before that holds nothing); a repost's, its target.
      if (e.value.startsWith('{')) return { feed: at.feed, seq: at.seq, stored: e.value }
      if (e.value === '') return { feed: at.feed, seq: at.seq }
      const target = splitBlockId(e.value)
      return { feed: target.feed, seq: target.seq, by: { feed: at.feed, seq: at.seq } }
    })
  }

  /**
   * An author's statuses across its feeds, newest first by date (sortAt), as home sorts them: an imported
   * status from 2019 sits below today's, whatever its place in the feed. A device key stands for its identity.
   * `before` starts the page at a time, one seek however far back, as in `timeline`.
   */
  async profileStatuses(feed: FeedKey, opts: PageOptions & { before?: number } = {}): Promise<Page<StatusView>> {
    const author = await this.authorOf(feed)
    return this.statusPage(P.authorStatuses(author), atTime(P.authorStatuses(author), opts), 'profile', (e) => tailRef(e.key))
  }

  /**
   * An author's pinned statuses, the latest pin first, at most MAX_PINS: per status the pin or unpin with the
   * highest seq wins; a deleted or not yet held status is left out.
   */
  async pinned(feed: FeedKey): Promise<StatusView[]> {
    this.assertOpen()
    const author = await this.authorOf(feed)
    const latest = new Map<BlockId, { seq: number; on: boolean }>()
    for (const f of [author, ...(await this.members(author))]) {
      for (const { key, value } of await scanAll(this.db, P.pins(f))) {
        const parts = key.split(SEP)
        const target = blockId(parts[parts.length - 3]!, parseNum(parts[parts.length - 2]))
        const seq = parseNum(parts[parts.length - 1])
        const cur = latest.get(target)
        if (!cur || cur.seq < seq) latest.set(target, { seq, on: (JSON.parse(value) as { on: boolean }).on })
      }
    }
    const refs = [...latest].filter(([, p]) => p.on).sort((a, b) => b[1].seq - a[1].seq).map(([t]) => splitBlockId(t))
    const views = (await loadStatusViews(this.db, this.viewer(), refs)).filter(isView)
    return views.filter((v) => !hiddenFrom(this.hidden, 'profile', v)).slice(0, MAX_PINS)
  }

  /** Every version of a status, oldest first: the original, then each edit we hold by seq. */
  async history(feed: FeedKey, seq: number): Promise<Array<{ text: string; createdAt: number; cw?: string }>> {
    this.assertOpen()
    const st = parseJson<StoredStatus>((await readMany(this.db, [K.status(feed, seq)]))[0] ?? null)
    if (!st) return []
    const edits = (await scanAll(this.db, P.edits(blockId(feed, seq)))).map((e) => JSON.parse(e.value) as StoredVersion)
    return [st, ...edits].map((v) => ({ text: v.text, createdAt: v.createdAt, ...(v.cw !== undefined ? { cw: v.cw } : {}) }))
  }

  /** The live statuses we hold that quote status `seq` of `feed`, newest first (at most `limit`). */
  async quotes(feed: FeedKey, seq: number, limit = 50): Promise<StatusView[]> {
    this.assertOpen()
    const refs = (await scanAll(this.db, P.quotes(blockId(feed, seq)))).map((e) => tailOf(e.key))
    const views = (await loadStatusViews(this.db, this.viewer(), refs)).filter(isView).filter((v) => !hiddenFrom(this.hidden, 'thread', v))
    return views.sort((a, b) => b.sortAt - a.sortAt).slice(0, limit)
  }

  /** The seqs of `feed`'s live reposts of status `seq` of `target` (undoing a repost deletes them all). */
  async repostsBy(feed: FeedKey, target: FeedKey, seq: number): Promise<number[]> {
    this.assertOpen()
    return parseJson<number[]>((await readMany(this.db, [K.reposters(blockId(target, seq), feed)]))[0] ?? null) ?? []
  }

  async status(feed: FeedKey, seq: number): Promise<StatusView | null> {
    this.assertOpen()
    const [view] = await loadStatusViews(this.db, this.viewer(), [{ feed, seq }])
    return view && !hiddenFrom(this.hidden, 'profile', view) ? view : null
  }

  /**
   * The thread `uri` belongs to: its root (null if we lack it), the status itself (focus), and every status
   * we hold whose root is that root, oldest first (the focus among them when it is a reply).
   */
  async thread(uri: string): Promise<{ root: StatusView | null; focus: StatusView | null; replies: StatusView[] }> {
    this.assertOpen()
    const at = parseStatusUri(uri)
    const focus = await this.status(at.key, at.seq)
    const rootAt = focus?.root ? parseStatusUri(focus.root) : at
    const root = focus && !focus.root ? focus : await this.status(rootAt.key, rootAt.seq)
    const entries = await scanAll(this.db, P.thread(blockId(rootAt.key, rootAt.seq)), { limit: THREAD_LIMIT })
    const replies = (await loadStatusViews(this.db, this.viewer(), entries.map((e) => tailRef(e.key)))).filter(isView)
    // A reply whose chain does not (yet) lead to the root it names is not in that thread, but the status
    // asked for is always shown, in its place by time.
    if (focus?.root && !replies.some((r) => r.uri === focus.uri)) {
      replies.push(focus)
      replies.sort((a, b) => a.sortAt - b.sortAt || (a.feed < b.feed ? -1 : a.feed > b.feed ? 1 : a.seq - b.seq))
    }
    return { root, focus, replies: replies.filter((v) => !hiddenFrom(this.hidden, 'thread', v)) }
  }

  /** Statuses whose mentions name me, newest first. */
  async mentions(opts: PageOptions & { before?: number } = {}): Promise<Page<StatusView>> {
    return this.statusPage(P.mentions(), atTime(P.mentions(), opts), 'mentions', (e) => tailRef(e.key))
  }

  /** Replies to me and mentions of me from authors I do not follow, newest first (PROTOCOL.md "Inbox"). */
  async requests(opts: PageOptions = {}): Promise<Page<StatusView>> {
    return this.statusPage(P.requests(), opts, 'requests', (e) => tailRef(e.key))
  }

  async hashtag(tag: string, opts: PageOptions & { before?: number } = {}): Promise<Page<StatusView>> {
    const normal = normalizeTag(tag.trim())
    if (normal.length === 0) return { items: [], cursor: null }
    return this.statusPage(P.tag(normal), atTime(P.tag(normal), opts), 'list', (e) => tailRef(e.key))
  }

  /** Statuses holding every word of `query` (words as shared/protocol/text.ts searchTokens finds them). */
  async search(query: string, opts: PageOptions = {}): Promise<Page<StatusView>> {
    this.assertOpen()
    const page = await searchStatuses(this.db, this.viewer(), query, opts)
    return { items: page.items.filter((v) => !hiddenFrom(this.hidden, 'list', v)), cursor: page.cursor }
  }

  // ---- people --------------------------------------------------------------------------------------

  /** Feeds whose latest profile name starts with `prefix` (case-insensitive), then feeds whose key does. */
  async people(prefix: string, limit = DEFAULT_PEOPLE): Promise<Profile[]> {
    this.assertOpen()
    const n = Math.max(1, Math.min(limit, 500))
    const text = prefix.trim().replace(/^@/, '')
    const found = new Set<FeedKey>()
    for (const e of await scanAll(this.db, P.namesStartingWith(foldName(text)), { limit: n })) found.add(lastPart(e.key))
    const keyText = text.replace(/^rstatus:\/\//i, '').toLowerCase()
    if (found.size < n && Z32_PREFIX.test(keyText)) {
      for (const e of await scanAll(this.db, P.keysStartingWith(keyText), { limit: n })) found.add(lastPart(e.key))
    }
    const visible = [...found].filter((k) => !this.hidden.blocked.has(k))
    return loadProfiles(this.db, visible.slice(0, n))
  }

  /**
   * The latest profile we hold; name null and bio '' before any profile record. `statuses`: live statuses
   * held. A device key stands for its identity: one author, one profile.
   */
  async profile(feed: FeedKey): Promise<Profile> {
    this.assertOpen()
    const [profile] = await loadProfiles(this.db, [await this.authorOf(feed)])
    return profile!
  }

  /**
   * The profile name of each feed (its identity's, for a device), as profile() would give it, in two reads:
   * the Sync page lists every followed feed, and profile()'s status counts cost a range scan a feed.
   */
  async names(feeds: FeedKey[]): Promise<Array<string | null>> {
    this.assertOpen()
    const authors = await loadAuthors(this.db, feeds)
    const profiles = await readMany(this.db, feeds.map((f) => K.profile(authors.get(f) ?? f)))
    return profiles.map((p) => parseJson<StoredProfile>(p)?.name ?? null)
  }

  async profileView(feed: FeedKey): Promise<ProfileView> {
    this.assertOpen()
    const author = await this.authorOf(feed)
    const [profile, following, followsMe, followsMyFeed, followingKeys, followerKeys, [newerVersion]] = await Promise.all([
      this.profile(author),
      readOne(this.db, K.following(this.meId, author)),
      readOne(this.db, K.following(author, this.meId)),
      readOne(this.db, K.following(author, this.me)),
      this.following(author),
      this.followers(author),
      this.newerVersions([author])
    ])
    return {
      ...profile,
      isMe: author === this.meId || author === this.me,
      following: following !== null,
      followsMe: followsMe !== null || followsMyFeed !== null,
      followingKeys,
      followerKeys,
      ...(newerVersion != null ? { newerVersion } : {})
    }
  }

  // ---- devices -------------------------------------------------------------------------------------

  /** The identity `feed` writes for: itself, or the identity it is a linked device of. */
  async authorOf(feed: FeedKey): Promise<FeedKey> {
    this.assertOpen()
    return (await readOne(this.db, K.author(feed))) ?? feed
  }

  /** The linked device feeds of an identity (not the identity's own feed). */
  async members(identity: FeedKey): Promise<FeedKey[]> {
    this.assertOpen()
    return (await scanAll(this.db, P.members(identity))).map((e) => lastPart(e.key))
  }

  /**
   * The feeds an identity lists as devices, in the order it listed them, each with whether the link holds
   * (the device's block 1 names the identity) and the block its removal cut it at, if removed.
   */
  async listedDevices(identity: FeedKey): Promise<ListedDevice[]> {
    this.assertOpen()
    const listed = (await scanAll(this.db, P.listed(identity))).map((e) => ({ identity, key: lastPart(e.key), seq: (JSON.parse(e.value) as { seq: number }).seq }))
    return (await this.describeListed(listed)).get(identity) ?? []
  }

  /**
   * listedDevices() for many identities at once (the engine's follow reconcile, with a thousand follows): one
   * scan of the whole device list index, which holds entries only for the identities that listed devices.
   */
  async listedDevicesOf(identities: FeedKey[]): Promise<Map<FeedKey, ListedDevice[]>> {
    this.assertOpen()
    const wanted = new Set(identities)
    const listed = (await scanAll(this.db, P.allListed()))
      .map((e) => {
        const [, identity = '', key = ''] = e.key.split(SEP)
        return { identity, key, seq: (JSON.parse(e.value) as { seq: number }).seq }
      })
      .filter((d) => wanted.has(d.identity))
    return this.describeListed(listed)
  }

  private async describeListed(listed: Array<{ identity: FeedKey; key: FeedKey; seq: number }>): Promise<Map<FeedKey, ListedDevice[]>> {
    const [authors, removed] = await Promise.all([
      loadAuthors(this.db, listed.map((d) => d.key)),
      readMany(this.db, listed.map((d) => K.removed(d.key, d.identity)))
    ])
    const out = new Map<FeedKey, ListedDevice[]>()
    listed.forEach(({ identity, key, seq }, i) => {
      let list = out.get(identity)
      if (!list) out.set(identity, (list = []))
      list.push({ key, seq, linked: authors.get(key) === identity, removedAfter: removed[i] == null ? null : Number(removed[i]) })
    })
    for (const list of out.values()) list.sort((a, b) => a.seq - b.seq)
    return out
  }

  // ---- who to follow -------------------------------------------------------------------------------

  /** Friends of friends: feeds the people I follow follow, with how many of them do, leaving out whom I follow, me and the blocked. */
  async suggestions(limit = 20): Promise<Suggestion[]> {
    this.assertOpen()
    const mine = new Set([this.me, this.meId, ...(await this.members(this.meId))])
    return suggestFollows(this.db, { following: await this.following(this.meId), mine, blocked: this.hidden.blocked, limit })
  }

  // ---- notifications -------------------------------------------------------------------------------

  async notifications(opts: PageOptions = {}): Promise<Page<Notification> & { unread: number }> {
    this.assertOpen()
    const [page, lastRead, unread] = await Promise.all([
      pageEntries(this.db, P.notifications(), opts),
      readOne(this.db, K.meta('lastRead')),
      readOne(this.db, K.meta('unread'))
    ])
    const entries = page.entries.map((e) => ({ id: lastPart(e.key), stored: JSON.parse(e.value) as StoredNotification }))
    const items = await loadNotifications(this.db, this.viewer(), entries, Number(lastRead ?? 0))
    if (this.hidden.blocked.size === 0 && this.hidden.muted.size === 0) return { items, cursor: page.cursor, unread: Number(unread ?? 0) }
    const shown = items.filter((n) => !this.hidden.blocked.has(n.from.key) && !this.hidden.muted.has(n.from.key))
    return { items: shown, cursor: page.cursor, unread: await this.unreadShown(Number(lastRead ?? 0)) }
  }

  /** The unread count without blocked and muted senders: counted from the index, at most UNREAD_SCAN_LIMIT. */
  private async unreadShown(lastRead: number): Promise<number> {
    const entries = await scanAll(this.db, P.notifications(), { from: P.notifications() + num(lastRead + 1), limit: UNREAD_SCAN_LIMIT })
    const stored = entries.map((e) => JSON.parse(e.value) as StoredNotification)
    const authors = await loadAuthors(this.db, stored.map((n) => n.from))
    return stored.filter((n) => {
      const from = authors.get(n.from) ?? n.from
      return !this.hidden.blocked.has(from) && !this.hidden.muted.has(from) && !this.hidden.blocked.has(n.from) && !this.hidden.muted.has(n.from)
    }).length
  }

  /** Marks every notification up to `now` as read. */
  markNotificationsRead(now: number): Promise<{ unread: number }> {
    return this.exclusive(async () => {
      const tx = new Tx(this.db)
      const unread = await markRead(tx, now)
      await tx.commit()
      return { unread }
    })
  }

  // ---- internals -----------------------------------------------------------------------------------

  private viewer(): { me: FeedKey; meId: FeedKey } {
    return { me: this.me, meId: this.meId }
  }

  /** One page of an index; entries hidden here (blocked, muted) are skipped and the page filled from further on. */
  private async statusPage(prefix: string, opts: PageOptions, place: Place, refOf: (e: Entry) => StatusRef): Promise<Page<StatusView>> {
    this.assertOpen()
    const limit = pageLimit(opts.limit)
    const filtering = this.hidden.blocked.size > 0 || this.hidden.muted.size > 0
    const items: StatusView[] = []
    let cursor = opts.cursor
    for (let round = 0; round < HIDDEN_ROUNDS; round++) {
      const want = filtering ? Math.max(limit - items.length, HIDDEN_CHUNK) : limit
      const from = cursor !== undefined ? { cursor } : opts.upTo !== undefined ? { upTo: opts.upTo } : {}
      const page = await pageEntries(this.db, prefix, { limit: want, ...from })
      const views = await loadStatusViews(this.db, this.viewer(), page.entries.map(refOf))
      for (let i = 0; i < views.length; i++) {
        const view = views[i]
        if (view && !hiddenFrom(this.hidden, place, view)) items.push(view)
        if (items.length === limit) {
          const last = i === views.length - 1
          return { items, cursor: last ? page.cursor : encodeCursor(page.entries[i]!.key) }
        }
      }
      if (page.cursor === null) return { items, cursor: null }
      cursor = page.cursor
    }
    return { items, cursor: cursor ?? null }
  }

  /** Writers run one at a time: each reads what the previous one committed. */
  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.writing.then(() => {
      if (this.closing) throw new RstatusError('CLOSED', 'The views are closed')
      return fn()
    })
    // The chain only orders the writes; each caller hears of its own failure through `run`.
    this.writing = run.catch(() => {})
    return run
  }

  private assertOpen(): void {
    if (this.closing) throw new RstatusError('CLOSED', 'The views are closed')
  }
}

function openDb(dir: string, opts: { wipe?: boolean } = {}): Promise<RocksDB> {
  if (opts.wipe) fs.rmSync(dir, { recursive: true, force: true })
  return openRocksDb(dir)
}

function isLockError(err: unknown): boolean {
  return err instanceof Error && /lock/i.test(err.message)
}

function isView(v: StatusView | null): v is StatusView {
  return v !== null
}
