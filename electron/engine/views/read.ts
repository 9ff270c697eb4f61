// Turning index entries into what the API returns. Each function loads everything a page needs in one read
// batch, so a page costs one range scan plus one batch, whatever the size of the store.
import type { Notification } from '../../../shared/api/notifications.js'
import type { Author, MentionView, Profile, StatusView } from '../../../shared/api/shapes.js'
import { feedUri, parseStatusUri, statusUri, type FeedKey } from '../../../shared/keys.js'
import type { LatestState, StoredCounts, StoredProfile, StoredRepost, StoredStatus, StoredVersion } from './values.js'
import { addQuotesAndPolls } from './read-post.js'
import { K, P, blockId, foldName, lastPart, type BlockId } from './layout.js'
import type { StoredNotification } from './notify.js'
import { parseJson, readMany, scanAll } from './store.js'
import type RocksDB from 'rocksdb-native'

/** A status to show; `by` is the repost that put it in a timeline. */
export interface StatusRef {
  feed: FeedKey
  seq: number
  by?: { feed: FeedKey; seq: number }
  /** The status's stored value, when the index entry that names it holds it too (home): not read again. */
  stored?: string
}

/** Collects keys for one read batch, each key fetched once. */
class Batch {
  /** undefined: wanted, not read yet. */
  private readonly values = new Map<string, string | null | undefined>()

  want(key: string): void {
    if (!this.values.has(key)) this.values.set(key, undefined)
  }

  /** A value already in hand: it is not read. */
  know(key: string, value: string): void {
    this.values.set(key, value)
  }

  async load(db: RocksDB): Promise<void> {
    const keys: string[] = []
    for (const [key, value] of this.values) if (value === undefined) keys.push(key)
    if (keys.length === 0) return
    const values = await readMany(db, keys)
    keys.forEach((key, i) => this.values.set(key, values[i] ?? null))
  }

  /** Reads the keys not loaded yet, if any: no read at all when every key is already here. */
  async loadMore(db: RocksDB, keys: string[]): Promise<void> {
    for (const key of keys) this.want(key)
    await this.load(db)
  }

  get(key: string): string | null {
    return this.values.get(key) ?? null
  }

  json<T>(key: string): T | null {
    return parseJson<T>(this.get(key))
  }
}

/** Whose views these are: my feed, and the identity it writes for (the same key without devices). */
export interface Viewer {
  me: FeedKey
  meId: FeedKey
}

/** The author (identity) of each feed: itself, or the identity it is a linked device of. */
export type Authors = Map<FeedKey, FeedKey>

export async function loadAuthors(db: RocksDB, feeds: Iterable<FeedKey>): Promise<Authors> {
  const list = [...new Set(feeds)]
  const values = await readMany(db, list.map((f) => K.author(f)))
  return new Map(list.map((f, i) => [f, values[i] ?? f]))
}

export async function loadStatusViews(db: RocksDB, viewer: FeedKey | Viewer, refs: StatusRef[]): Promise<Array<StatusView | null>> {
  const who = typeof viewer === 'string' ? { me: viewer, meId: viewer } : viewer
  const feeds = [...new Set(refs.flatMap((r) => (r.by ? [r.feed, r.by.feed] : [r.feed])))]
  // One read in the common case: a feed is its own author, so its profile is read beside its author link,
  // and only a device feed of another identity needs a second read, for that identity's profile. (Reading
  // the links first, then the page, put two reads in a row on every page: the timeline's p99.)
  const batch = new Batch()
  const authorKeys = feeds.map((feed) => K.author(feed))
  feeds.forEach((feed, i) => {
    batch.want(authorKeys[i]!)
    batch.want(K.profile(feed))
  })
  const wanted = refs.map((ref) => wantStatus(batch, who, ref))
  await batch.load(db)
  const authors: Authors = new Map(feeds.map((f, i) => [f, batch.get(authorKeys[i]!) ?? f]))
  // Only a device feed of another identity names an author whose profile is not read yet.
  const known = new Set(feeds)
  const fresh = [...new Set(authors.values())].filter((a) => !known.has(a))
  if (fresh.length > 0) await batch.loadMore(db, fresh.map((a) => K.profile(a)))
  const held = wanted.map((keys) => heldStatus(batch, keys))
  const people = await loadPeopleNamed(db, batch, held, authors)
  const views = refs.map((ref, i) => statusView(batch, ref, held[i]!, authors, people))
  await addQuotesAndPolls(db, who, views)
  return views
}

/** What statuses name besides their authors: the people they mention and the authors of what they answer. */
interface NamedPeople {
  /** Folded profile names that more than one known author has. */
  shared: Set<string>
}

/**
 * Reads the profiles of the people a page's statuses mention and reply to (their authors' profiles, for a
 * device key), and which of their names someone else has too. No read at all for a page without either.
 */
async function loadPeopleNamed(db: RocksDB, batch: Batch, held: HeldStatus[], authors: Authors): Promise<NamedPeople> {
  const named = new Set<FeedKey>()
  const mentioned = new Set<FeedKey>()
  for (const { st, edit } of held) {
    // An edit may name other people than the original: the version shown is the one named.
    const shown = edit ?? st
    for (const m of shown?.mentions ?? []) {
      named.add(m.key)
      mentioned.add(m.key)
    }
    if (st?.replyTo) named.add(feedOfUri(st.replyTo))
  }
  if (named.size === 0) return { shared: new Set() }
  const fresh = [...named].filter((k) => k !== '' && !authors.has(k))
  if (fresh.length > 0) {
    await batch.loadMore(db, fresh.map((k) => K.author(k)))
    for (const k of fresh) authors.set(k, batch.get(K.author(k)) ?? k)
    await batch.loadMore(db, fresh.map((k) => K.profile(authors.get(k) ?? k)))
  }
  const names = new Set<string>()
  for (const k of mentioned) {
    const name = nameOf(batch, authors.get(k) ?? k)
    if (name !== null) names.add(foldName(name))
  }
  const shared = new Set<string>()
  await Promise.all(
    [...names].map(async (name) => {
      if ((await scanAll(db, P.named(name), { limit: 2 })).length > 1) shared.add(name)
    })
  )
  return { shared }
}

function feedOfUri(uri: string): FeedKey {
  try {
    return parseStatusUri(uri).key
  } catch {
    return ''
  }
}

/** The keys one status on a page is read from, each built once. */
interface StatusKeys {
  id: BlockId
  status: string
  counts: string
  latestEdit: string
  /** Mine: my feed's and my identity's (one key when they are the same). */
  likes: string[]
  reposts: string[]
  repost: string | null
}

function wantStatus(batch: Batch, who: Viewer, ref: StatusRef): StatusKeys {
  const id = blockId(ref.feed, ref.seq)
  const mine = who.me === who.meId ? [who.me] : [who.me, who.meId]
  const keys: StatusKeys = {
    id,
    status: K.status(ref.feed, ref.seq),
    counts: K.counts(id),
    latestEdit: K.latestEdit(id),
    likes: mine.map((k) => K.authorLike(id, k)),
    reposts: mine.map((k) => K.reposters(id, k)),
    repost: ref.by ? K.repost(ref.by.feed, ref.by.seq) : null
  }
  if (ref.stored !== undefined) batch.know(keys.status, ref.stored)
  else batch.want(keys.status)
  batch.want(keys.counts)
  batch.want(keys.latestEdit)
  for (const k of keys.likes) batch.want(k)
  for (const k of keys.reposts) batch.want(k)
  if (keys.repost !== null) batch.want(keys.repost)
  return keys
}

/** A status's values as read, each parsed once. */
interface HeldStatus {
  keys: StatusKeys
  st: StoredStatus | null
  edit: (StoredVersion & { seq: number }) | null
}

function heldStatus(batch: Batch, keys: StatusKeys): HeldStatus {
  return { keys, st: batch.json<StoredStatus>(keys.status), edit: batch.json<StoredVersion & { seq: number }>(keys.latestEdit) }
}

function statusView(batch: Batch, ref: StatusRef, held: HeldStatus, authors: Authors, people?: NamedPeople): StatusView | null {
  const { keys, st, edit } = held
  if (!st) return null
  const counts = batch.json<StoredCounts>(keys.counts) ?? { likes: 0, reposts: 0, replies: 0 }
  // An edit replaces what the author wrote, never where the status sits (its place, thread and poll).
  const shown: StoredVersion = edit ?? st
  const view: StatusView = {
    uri: statusUri(ref.feed, ref.seq),
    feed: ref.feed,
    seq: ref.seq,
    type: 'status',
    text: shown.text,
    createdAt: st.createdAt,
    sortAt: st.sortAt,
    author: authorOf(batch, authors.get(ref.feed) ?? ref.feed),
    ...(st.replyTo ? { replyTo: st.replyTo, root: st.root ?? st.replyTo, ...replyToAuthorOf(batch, st.replyTo, authors) } : {}),
    ...(shown.mentions ? { mentions: shown.mentions.map((m) => mentionView(batch, m, authors, people)) } : {}),
    ...(shown.attachments ? { attachments: shown.attachments } : {}),
    ...(st.quote ? { quote: { uri: st.quote, state: 'unavailable' as const } } : {}),
    ...(shown.cw !== undefined ? { cw: shown.cw } : {}),
    ...(shown.sensitive ? { sensitive: true as const } : {}),
    ...(edit ? { edited: edit.createdAt } : {}),
    ...(shown.card ? { card: shown.card } : {}),
    ...(st.poll ? { poll: { choices: st.poll.choices.map((text) => ({ text, votes: 0 })), voters: 0, mine: null, endsAt: st.poll.endsAt } } : {}),
    counts: { likes: counts.likes, reposts: counts.reposts, replies: counts.replies, ...(counts.quotes ? { quotes: counts.quotes } : {}) },
    likedByMe: keys.likes.some((k) => batch.get(k) !== null),
    repostedByMe: keys.reposts.some((k) => (batch.json<number[]>(k)?.length ?? 0) > 0)
  }
  if (ref.by) {
    const rp = batch.json<StoredRepost>(keys.repost!)
    if (!rp) return null
    view.repostedBy = {
      key: authors.get(ref.by.feed) ?? ref.by.feed,
      name: nameOf(batch, authors.get(ref.by.feed) ?? ref.by.feed),
      uri: statusUri(ref.by.feed, ref.by.seq),
      createdAt: rp.createdAt,
      sortAt: rp.sortAt
    }
  }
  return view
}

function authorOf(batch: Batch, feed: FeedKey): Author {
  const profile = batch.json<StoredProfile>(K.profile(feed))
  return {
    key: feed,
    name: profile?.name ?? null,
    ...(profile?.avatar ? { avatar: profile.avatar } : {}),
    ...(profile?.handle ? { handle: profile.handle } : {})
  }
}

function replyToAuthorOf(batch: Batch, replyTo: string, authors: Authors): { replyToAuthor?: Author } {
  const feed = feedOfUri(replyTo)
  const author = authors.get(feed)
  return author === undefined ? {} : { replyToAuthor: authorOf(batch, author) }
}

function mentionView(batch: Batch, m: { key: FeedKey; name: string }, authors: Authors, people?: NamedPeople): MentionView {
  const profileName = authors.has(m.key) ? nameOf(batch, authors.get(m.key) ?? m.key) : null
  return { key: m.key, name: m.name, profileName, nameShared: profileName !== null && (people?.shared.has(foldName(profileName)) ?? false) }
}

function nameOf(batch: Batch, feed: FeedKey): string | null {
  return batch.json<StoredProfile>(K.profile(feed))?.name ?? null
}

export async function loadProfiles(db: RocksDB, feeds: FeedKey[]): Promise<Profile[]> {
  // An identity's statuses are counted across its devices.
  const members = await Promise.all(feeds.map(async (f) => (await scanAll(db, P.members(f))).map((e) => lastPart(e.key))))
  const batch = new Batch()
  feeds.forEach((f, i) => {
    batch.want(K.profile(f))
    for (const feed of [f, ...members[i]!]) batch.want(K.statusCount(feed))
  })
  await batch.load(db)
  return feeds.map((f, i) => {
    const p = batch.json<StoredProfile>(K.profile(f))
    const statuses = [f, ...members[i]!].reduce((n, feed) => n + Number(batch.get(K.statusCount(feed)) ?? 0), 0)
    return {
      key: f,
      uri: feedUri(f),
      name: p?.name ?? null,
      bio: p?.bio ?? '',
      ...(p?.avatar ? { avatar: p.avatar } : {}),
      ...(p?.left ? { left: true } : {}),
      ...(p?.handle ? { handle: p.handle } : {}),
      statuses
    }
  })
}

export async function loadNotifications(
  db: RocksDB,
  viewer: FeedKey | Viewer,
  entries: Array<{ id: string; stored: StoredNotification }>,
  lastRead: number
): Promise<Notification[]> {
  const who = typeof viewer === 'string' ? { me: viewer, meId: viewer } : viewer
  const authors = await loadAuthors(db, entries.flatMap(({ stored }) => (stored.show ? [stored.from, stored.show.feed] : [stored.from])))
  const batch = new Batch()
  const wanted = entries.map(({ stored }) => {
    batch.want(K.profile(authors.get(stored.from) ?? stored.from))
    if (!stored.show) return null
    batch.want(K.profile(authors.get(stored.show.feed) ?? stored.show.feed))
    return wantStatus(batch, who, stored.show)
  })
  await batch.load(db)
  const held = wanted.map((keys) => (keys ? heldStatus(batch, keys) : null))
  const people = await loadPeopleNamed(db, batch, held.filter((h): h is HeldStatus => h !== null), authors)
  return entries.map(({ id, stored }, i) => {
    const status = stored.show ? statusView(batch, stored.show, held[i]!, authors, people) : null
    return {
      id,
      kind: stored.kind,
      from: authorOf(batch, authors.get(stored.from) ?? stored.from),
      uri: stored.uri,
      ...(stored.subject ? { subject: stored.subject } : {}),
      ...(status ? { status } : {}),
      createdAt: stored.sortAt,
      read: stored.sortAt <= lastRead
    }
  })
}
