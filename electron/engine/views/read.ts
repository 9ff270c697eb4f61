// Turning index entries into what the API returns. Each function loads everything a page needs in one read
// batch, so a page costs one range scan plus one batch, whatever the size of the store.
import type { Notification, Profile, StatusView } from '../../../shared/api.js'
import { feedUri, statusUri, type FeedKey } from '../../../shared/keys.js'
import type { LatestState, StoredCounts, StoredProfile, StoredRepost, StoredStatus } from './apply.js'
import { K, blockId, type BlockId } from './layout.js'
import type { StoredNotification } from './notify.js'
import { parseJson, readMany } from './store.js'
import type RocksDB from 'rocksdb-native'

/** A status to show; `by` is the repost that put it in a timeline. */
export interface StatusRef {
  feed: FeedKey
  seq: number
  by?: { feed: FeedKey; seq: number }
}

/** Collects keys for one read batch, each key fetched once. */
class Batch {
  private readonly index = new Map<string, number>()
  private values: Array<string | null> = []

  want(key: string): void {
    if (!this.index.has(key)) this.index.set(key, this.index.size)
  }

  async load(db: RocksDB): Promise<void> {
    this.values = await readMany(db, [...this.index.keys()])
  }

  get(key: string): string | null {
    const i = this.index.get(key)
    return i === undefined ? null : (this.values[i] ?? null)
  }

  json<T>(key: string): T | null {
    return parseJson<T>(this.get(key))
  }
}

export async function loadStatusViews(db: RocksDB, me: FeedKey, refs: StatusRef[]): Promise<Array<StatusView | null>> {
  const batch = new Batch()
  for (const ref of refs) wantStatus(batch, me, ref)
  await batch.load(db)
  return refs.map((ref) => statusView(batch, me, ref))
}

function wantStatus(batch: Batch, me: FeedKey, ref: StatusRef): void {
  const id = blockId(ref.feed, ref.seq)
  batch.want(K.status(ref.feed, ref.seq))
  batch.want(K.counts(id))
  batch.want(K.profile(ref.feed))
  batch.want(K.like(id, me))
  batch.want(K.reposters(id, me))
  if (ref.by) {
    batch.want(K.profile(ref.by.feed))
    batch.want(K.repost(ref.by.feed, ref.by.seq))
  }
}

function statusView(batch: Batch, me: FeedKey, ref: StatusRef): StatusView | null {
  const st = batch.json<StoredStatus>(K.status(ref.feed, ref.seq))
  if (!st) return null
  const id: BlockId = blockId(ref.feed, ref.seq)
  const counts = batch.json<StoredCounts>(K.counts(id)) ?? { likes: 0, reposts: 0, replies: 0 }
  const view: StatusView = {
    uri: statusUri(ref.feed, ref.seq),
    feed: ref.feed,
    seq: ref.seq,
    type: 'status',
    text: st.text,
    createdAt: st.createdAt,
    sortAt: st.sortAt,
    author: { key: ref.feed, name: nameOf(batch, ref.feed) },
    ...(st.replyTo ? { replyTo: st.replyTo, root: st.root ?? st.replyTo } : {}),
    ...(st.mentions ? { mentions: st.mentions } : {}),
    counts: { likes: counts.likes, reposts: counts.reposts, replies: counts.replies },
    likedByMe: batch.json<LatestState>(K.like(id, me))?.on ?? false,
    repostedByMe: (batch.json<number[]>(K.reposters(id, me))?.length ?? 0) > 0
  }
  if (ref.by) {
    const rp = batch.json<StoredRepost>(K.repost(ref.by.feed, ref.by.seq))
    if (!rp) return null
    view.repostedBy = {
      key: ref.by.feed,
      name: nameOf(batch, ref.by.feed),
      uri: statusUri(ref.by.feed, ref.by.seq),
      createdAt: rp.createdAt
    }
  }
  return view
}

function nameOf(batch: Batch, feed: FeedKey): string | null {
  return batch.json<StoredProfile>(K.profile(feed))?.name ?? null
}

export async function loadProfiles(db: RocksDB, feeds: FeedKey[]): Promise<Profile[]> {
  const batch = new Batch()
  for (const f of feeds) {
    batch.want(K.profile(f))
    batch.want(K.statusCount(f))
  }
  await batch.load(db)
  return feeds.map((f) => {
    const p = batch.json<StoredProfile>(K.profile(f))
    return { key: f, uri: feedUri(f), name: p?.name ?? null, bio: p?.bio ?? '', statuses: Number(batch.get(K.statusCount(f)) ?? 0) }
  })
}

export async function loadNotifications(
  db: RocksDB,
  me: FeedKey,
  entries: Array<{ id: string; stored: StoredNotification }>,
  lastRead: number
): Promise<Notification[]> {
  const batch = new Batch()
  for (const { stored } of entries) {
    batch.want(K.profile(stored.from))
    if (stored.show) wantStatus(batch, me, stored.show)
  }
  await batch.load(db)
  return entries.map(({ id, stored }) => {
    const status = stored.show ? statusView(batch, me, stored.show) : null
    return {
      id,
      kind: stored.kind,
      from: { key: stored.from, name: nameOf(batch, stored.from) },
      uri: stored.uri,
      ...(stored.subject ? { subject: stored.subject } : {}),
      ...(status ? { status } : {}),
      createdAt: stored.sortAt,
      read: stored.sortAt <= lastRead
    }
  })
}
