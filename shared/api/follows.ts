// The contract's follows: following and unfollowing, a look at a feed before following it, who to follow,
// and how far each followed feed is synced.
import type { FeedKey } from '../keys.js'
import { method } from './method.js'
import { key } from './params.js'
import { int, object, optional } from './schema.js'
import type { Author, Profile, StatusView } from './shapes.js'

export interface Preview {
  profile: Profile
  statuses: StatusView[]
  /** The remote length seen; 0 with `reachable: false` when no peer answered in time. */
  length: number
  reachable: boolean
}

export interface Suggestion {
  profile: Profile
  /** How many of the people I follow follow this one. */
  count: number
  /** Some of them, for "followed by …". */
  followedBy: Author[]
}

export interface FeedSync {
  key: FeedKey
  name: string | null
  peers: number
  /** Longest length any peer has announced. */
  remoteLength: number
  /** Blocks held without gaps from block 0. */
  localLength: number
  /**
   * Blocks held, gaps or not. Blocks arrive out of order (in order is about half as fast), so this is what a
   * progress bar shows; localLength jumps once the gaps fill.
   */
  held: number
  /** Blocks indexed into the views. */
  indexedLength: number
  /** ms since epoch when a peer for this feed was last connected; null if never. */
  lastSeen: number | null
  /** Blocks skipped because they broke the format. */
  invalid: number
  /** Why this feed is no longer downloaded, if it is not. */
  stopped: 'size-cap' | 'forked' | null
  /** The format version its header names, when newer than this client reads: nothing of it is shown. Absent otherwise. */
  newerVersion?: number
  /** Past the size cap: how many blocks from the start fit, which is as far as the feed is fetched. */
  capLength?: number
  /**
   * False until a whole lookup of the feed's topic has finished and every peer it found told its length:
   * before that, the first peer may hold an old copy (another device of the same identity), so a feed that
   * looks caught up may not be.
   */
  lookedUp?: boolean
  /**
   * How this peer is connected to the feed's peers now: `direct` when any connection goes straight to a peer
   * (holepunched or not), `relayed` when every one goes through a relay, `none` without a connection. Always set
   * by the engine; absent only in answers from engines before it.
   */
  connection?: FeedConnection
}

export type FeedConnection = 'direct' | 'relayed' | 'none'

/**
 * Where this peer sits, as its DHT node measured it: `open` (reachable directly), `nat` (behind a router that
 * drops unsolicited packets: others reach it by holepunching), `hard-nat` (a router that picks a new port for
 * every destination: holepunching cannot work with peers behind the same kind, only a relay), `unknown` (not
 * measured yet, or offline).
 */
export type Reach = 'open' | 'nat' | 'hard-nat' | 'unknown'

export interface SyncState {
  online: boolean
  peers: number
  feeds: FeedSync[]
  /** Always set by the engine; absent only in answers from engines before it. */
  reach?: Reach
}

const FOLLOW_LISTS = ['profile', 'following', 'timeline', 'syncState', 'suggestions', 'requests', 'notifications'] as const

export const follows = {
  follow: method<Profile>()(object({ key }), { scope: 'write', writesFeed: true, invalidates: [...FOLLOW_LISTS, 'people'] }),
  unfollow: method<{ key: FeedKey }>()(object({ key }), { scope: 'write', writesFeed: true, invalidates: FOLLOW_LISTS }),
  following: method<Profile[]>()(object({}), { scope: 'read' }),
  preview: method<Preview>()(
    object({ key, limit: optional(int({ min: 1, max: 100 })), timeout: optional(int({ min: 100, max: 60_000 })) }),
    { scope: 'read' }
  ),
  /** Friends of friends, from the public follow lists of the people you follow. */
  suggestions: method<Suggestion[]>()(object({ limit: optional(int({ min: 1, max: 50 })) }), { scope: 'read' }),
  syncState: method<SyncState>()(object({}), { scope: 'read' })
} as const
