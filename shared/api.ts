// The RPC contract: every method the UI (and the CLI) may call, its params and its result, and every
// event. Three transports carry it (MessagePort, WebSocket, direct call); all of them validate params
// with `methods[name].params` before the engine sees them.
import type { FeedKey } from './keys.js'
import { imagesInput, mediaMethods, type ImportProgress } from './api-media.js'
import { socialMethods } from './api-social.js'
import type { ImageAttachment, Mention } from './protocol/records.js'
import { MAX_BIO_CHARS, MAX_NAME_CHARS } from './protocol/limits.js'
import { array, bool, int, object, optional, str, type Infer, type Schema } from './schema.js'

// ---- Data shapes -------------------------------------------------------------------------------

export interface Author {
  key: FeedKey
  /** The latest profile name we hold for this feed, if any. */
  name: string | null
  /** The latest profile picture we hold, if any. */
  avatar?: ImageAttachment
}

export interface Counts {
  likes: number
  reposts: number
  replies: number
}

/** A status as every view returns it. `feed`, `seq`, `type`, `text`, `createdAt` are the CLI's JSON contract. */
export interface StatusView {
  uri: string
  feed: FeedKey
  seq: number
  type: 'status'
  text: string
  createdAt: number
  /** createdAt clamped to when this peer first saw it (PROTOCOL.md, "Time"); what views sort by. */
  sortAt: number
  author: Author
  replyTo?: string
  root?: string
  mentions?: Mention[]
  /** Images, in the author's order; fetch their bytes with `blob`. */
  attachments?: ImageAttachment[]
  counts: Counts
  likedByMe: boolean
  repostedByMe: boolean
  /** Set when this entry is in a timeline because someone we follow reposted it. */
  repostedBy?: Author & { uri: string; createdAt: number }
}

export interface Page<T> {
  items: T[]
  /** Pass back to get the next (older) page; null when there is no more. */
  cursor: string | null
}

export interface Profile {
  key: FeedKey
  uri: string
  name: string | null
  bio: string
  avatar?: ImageAttachment
  /** The account was deleted by its author (PROTOCOL.md, "Leaving"). */
  left?: boolean
  /** Length of the feed as far as we hold it. */
  statuses: number
}

export interface ProfileView extends Profile {
  isMe: boolean
  following: boolean
  followsMe: boolean
  /** Feeds this profile's public follow list names. */
  followingKeys: FeedKey[]
  /** Feeds we hold whose public follow list names this profile. */
  followerKeys: FeedKey[]
}

export interface Preview {
  profile: Profile
  statuses: StatusView[]
  /** The remote length seen; 0 with `reachable: false` when no peer answered in time. */
  length: number
  reachable: boolean
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
  /** Past the size cap: how many blocks from the start fit, which is as far as the feed is fetched. */
  capLength?: number
  /**
   * False until a whole lookup of the feed's topic has finished and every peer it found told its length:
   * before that, the first peer may hold an old copy (another device of the same identity), so a feed that
   * looks caught up may not be.
   */
  lookedUp?: boolean
}

export interface SyncState {
  online: boolean
  peers: number
  feeds: FeedSync[]
}

export type NotificationKind = 'mention' | 'reply' | 'repost' | 'like' | 'follow'

export interface Notification {
  id: string
  kind: NotificationKind
  from: Author
  /** The status that caused it (the reply, the mention); for likes and reposts, the like/repost record. */
  uri: string
  /** My status it concerns, when there is one. */
  subject?: string
  status?: StatusView
  createdAt: number
  read: boolean
}

/** A per-app access token as listed: never the secret, which is shown once, when it is created. */
export interface AppToken {
  name: string
  /** A read-only token may call only `readOnlyMethods`. */
  readOnly: boolean
  createdAt: number
  /** ms since epoch of the last request made with it, to the minute; null if never used. */
  lastUsedAt: number | null
}

/** An identity backup file's content (electron/engine/identity.ts writes and reads it). */
export interface IdentityBackup {
  type: 'rstatus-identity'
  version: 1
  feed: FeedKey
  /** The Corestore primary key, hex: every key pair of the store derives from it. Secret. */
  primaryKey: string
  createdAt: number
  warning: string
}

export interface WhoAmI {
  /** The identity key (PROTOCOL.md "Devices"): on a second device, the first device's feed key. */
  key: FeedKey
  uri: string
  /** This device's own feed: where its statuses are written (equals `key` on the first device). */
  device: FeedKey
  profile: Profile
}

// ---- Methods -------------------------------------------------------------------------------------

const key = str({ min: 1, max: 200 })
const uri = str({ min: 1, max: 300 })
const statusText = str({ max: 20_000 })
const limit = optional(int({ min: 1, max: 500 }))
const cursor = optional(str({ max: 500 }))
const paged = { limit, cursor }

// method<Result>()(paramsSchema): the params type is inferred from the schema, the result type is named.
function method<R>() {
  return <P extends Schema<unknown>>(params: P) => ({ params, result: undefined as unknown as R })
}

export const methods = {
  whoami: method<WhoAmI>()(object({})),
  post: method<StatusView>()(object({ text: statusText, images: imagesInput })),
  reply: method<StatusView>()(object({ to: uri, text: statusText, images: imagesInput })),
  repost: method<{ uri: string }>()(object({ of: uri })),
  /** Deletes this device's reposts of `of`; `uris` are the delete records (none when there was nothing to undo). */
  unrepost: method<{ uris: string[] }>()(object({ of: uri })),
  like: method<{ uri: string }>()(object({ of: uri })),
  unlike: method<{ uri: string }>()(object({ of: uri })),
  delete: method<{ uri: string }>()(object({ uri })),
  follow: method<Profile>()(object({ key })),
  unfollow: method<{ key: FeedKey }>()(object({ key })),
  following: method<Profile[]>()(object({})),
  preview: method<Preview>()(
    object({ key, limit: optional(int({ min: 1, max: 100 })), timeout: optional(int({ min: 100, max: 60_000 })) })
  ),
  timeline: method<Page<StatusView>>()(object(paged)),
  profile: method<ProfileView>()(object({ key })),
  profileStatuses: method<Page<StatusView>>()(
    object({ key, ...paged })
  ),
  status: method<StatusView | null>()(object({ uri })),
  thread: method<{ root: StatusView | null; focus: StatusView | null; replies: StatusView[] }>()(
    object({ uri })
  ),
  mentions: method<Page<StatusView>>()(object(paged)),
  hashtag: method<Page<StatusView>>()(
    object({ tag: str({ min: 1, max: 100 }), ...paged })
  ),
  search: method<{ statuses: Page<StatusView>; people: Profile[] }>()(
    object({ query: str({ min: 1, max: 200 }), ...paged })
  ),
  people: method<Profile[]>()(
    object({ prefix: str({ max: 100 }), limit: optional(int({ min: 1, max: 50 })) })
  ),
  setProfile: method<Profile>()(
    object({
      name: optional(str({ max: MAX_NAME_CHARS * 4 })),
      bio: optional(str({ max: MAX_BIO_CHARS * 4 })),
      /** An upload to use as the avatar, or '' to remove it; unchanged when absent. */
      avatar: optional(str({ max: 64 }))
    })
  ),
  notifications: method<Page<Notification> & { unread: number }>()(
    object(paged)
  ),
  markNotificationsRead: method<{ unread: number }>()(object({})),
  syncState: method<SyncState>()(object({})),
  ...mediaMethods,
  ...socialMethods,
  appTokens: method<AppToken[]>()(object({})),
  createAppToken: method<AppToken & { token: string }>()(
    object({ name: str({ min: 1, max: 64 }), readOnly: optional(bool()) })
  ),
  revokeAppToken: method<{ name: string }>()(object({ name: str({ min: 1, max: 64 }) })),
  /** The identity backup (the secret the feed is signed with, and the two-machines warning). */
  exportIdentity: method<IdentityBackup>()(object({}))
} as const

export type Methods = typeof methods
export type MethodName = keyof Methods
export type Params<M extends MethodName> = Infer<Methods[M]['params']>
export type Result<M extends MethodName> = Methods[M]['result']

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.hasOwn(methods, name)
}

/** Validates params for `name`; throws RstatusError INVALID_INPUT or UNKNOWN_METHOD. */
export function parseParams<M extends MethodName>(name: M, params: unknown): Params<M> {
  return methods[name].params.parse(params, '') as Params<M>
}

// A read-only client (issue 8's read-only tokens) may call only these.
export const readOnlyMethods: ReadonlySet<MethodName> = new Set<MethodName>([
  'whoami', 'following', 'preview', 'timeline', 'profile', 'profileStatuses', 'status', 'thread',
  'mentions', 'hashtag', 'search', 'people', 'notifications', 'syncState', 'blob', 'storage', 'importStatus',
  'devices', 'requests', 'blocked', 'suggestions'
])

// For the person (the app's own UI, the CLI), never for an app holding a per-app token: managing those tokens,
// deleting the account, and importing from a path on this machine (an app must not make the engine read files).
export const uiOnlyMethods: ReadonlySet<MethodName> = new Set<MethodName>([
  'appTokens', 'createAppToken', 'revokeAppToken', 'leave', 'importTwitter', 'exportIdentity',
  // Pairing a device hands it the identity: never for an app holding a token.
  'deviceInvite', 'deviceJoin', 'deviceRemove'
])

// ---- Events --------------------------------------------------------------------------------------

export interface Events {
  /** Statuses were added, changed (counts) or removed; refetch what is visible. */
  statuses: { feeds: FeedKey[]; added: number; removed: number }
  sync: SyncState
  network: { online: boolean; peers: number }
  notifications: { unread: number }
  /** A Twitter/X import moved on (issue 7). */
  importProgress: ImportProgress
}

export type EventName = keyof Events

/** The one interface the renderer, the CLI and tests program against, whatever the transport. */
export interface Api {
  call<M extends MethodName>(method: M, params: Params<M>): Promise<Result<M>>
  on<E extends EventName>(event: E, listener: (data: Events[E]) => void): () => void
}
