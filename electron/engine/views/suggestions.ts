// Who to follow: the public follow lists of the people I follow, counted. Each list is read from the `fo`
// index (an author's merged list), so the cost grows with the lists read, which are capped.
import type { Author, Profile } from '../../../shared/api/shapes.js'
import type { FeedKey } from '../../../shared/keys.js'
import type RocksDB from 'rocksdb-native'
import { P, lastPart } from './layout.js'
import { loadAuthors, loadProfiles } from './read.js'
import { scanAll } from './store.js'

/** Follow lists read per call, and entries read per list: a bound on the cost, whatever the people followed. */
export const MAX_LISTS = 500
export const MAX_LIST_ENTRIES = 1000
const MAX_FOLLOWED_BY = 3

export interface Suggestion {
  profile: Profile
  /** How many of the people I follow follow this one. */
  count: number
  /** Some of them, for "followed by …". */
  followedBy: Author[]
}

export async function suggestFollows(
  db: RocksDB,
  opts: { following: FeedKey[]; mine: ReadonlySet<FeedKey>; blocked: ReadonlySet<FeedKey>; limit: number }
): Promise<Suggestion[]> {
  const followed = new Set(opts.following)
  const found = new Map<FeedKey, FeedKey[]>()
  for (const friend of opts.following.slice(0, MAX_LISTS)) {
    if (opts.blocked.has(friend)) continue
    for (const e of await scanAll(db, P.following(friend), { limit: MAX_LIST_ENTRIES })) {
      const key = lastPart(e.key)
      if (followed.has(key) || opts.mine.has(key) || opts.blocked.has(key)) continue
      const via = found.get(key) ?? []
      via.push(friend)
      found.set(key, via)
    }
  }
  // A device key someone followed stands for its identity.
  const authors = await loadAuthors(db, found.keys())
  const merged = new Map<FeedKey, Set<FeedKey>>()
  for (const [key, via] of found) {
    const author = authors.get(key) ?? key
    if (followed.has(author) || opts.mine.has(author) || opts.blocked.has(author)) continue
    const set = merged.get(author) ?? new Set<FeedKey>()
    for (const v of via) set.add(v)
    merged.set(author, set)
  }
  const ranked = [...merged]
    .map(([key, via]) => ({ key, via: [...via] }))
    .sort((a, b) => b.via.length - a.via.length || (a.key < b.key ? -1 : 1))
    .slice(0, opts.limit)
  const profiles = await loadProfiles(db, ranked.map((r) => r.key))
  const names = await loadProfiles(db, [...new Set(ranked.flatMap((r) => r.via.slice(0, MAX_FOLLOWED_BY)))])
  const nameOf = new Map(names.map((p) => [p.key, p.name]))
  return ranked.map((r, i) => ({
    profile: profiles[i]!,
    count: r.via.length,
    followedBy: r.via.slice(0, MAX_FOLLOWED_BY).map((key) => ({ key, name: nameOf.get(key) ?? null }))
  }))
}
