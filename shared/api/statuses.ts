// The contract's statuses: writing them (post, reply, repost, like, delete) and reading them (one status, a
// thread, the home timeline, mentions, hashtags, search).
import { imagesInput } from './media.js'
import { method } from './method.js'
import { key, paged, statusText, uri } from './params.js'
import { array, bool, int, object, optional, str } from './schema.js'
import type { Page, Profile, StatusView } from './shapes.js'

export interface Thread {
  root: StatusView | null
  focus: StatusView | null
  replies: StatusView[]
}

/** What a like, a repost or an undo changes: every list a status's counts show in. */
const COUNTED = ['timeline', 'status', 'thread', 'profileStatuses', 'hashtag', 'search'] as const

/** Who an @name in the text stands for, when the client already knows (a picked suggestion, a Twitter screen name). */
const mentionsInput = optional(array(object({ name: str({ min: 1, max: 100 }), key }), { max: 20 }))
/** `before` (ms): start at what the list places at or before that time; ignored with a cursor. */
const before = optional(int())
/** A content warning and the sensitive flag (PROTOCOL.md, "cw and sensitive"); the feed's rules decide the rest. */
const warning = { cw: optional(str({ min: 1, max: 1000 })), sensitive: optional(bool()) }
/** 2 to 4 choices, open for `hours` (1 to 168, default 24). */
const pollInput = optional(object({ choices: array(str({ min: 1, max: 200 }), { max: 4 }), hours: optional(int({ min: 1, max: 168 })) }))

/** One version of a status, as the edit history lists them, oldest first. */
export interface StatusVersion {
  text: string
  createdAt: number
  cw?: string
}

/** Where a status's place shows: every list that shows statuses. */
const SHOWN = ['timeline', 'status', 'thread', 'profileStatuses', 'pinned', 'hashtag', 'search', 'mentions', 'quotes'] as const

export const statuses = {
  /** `card: true`: fetch a preview of the text's first link now, once (PROTOCOL.md, "card"); readers never fetch it. */
  post: method<StatusView>()(object({ text: statusText, images: imagesInput, mentions: mentionsInput, quote: optional(uri), ...warning, poll: pollInput, card: optional(bool()) }), {
    scope: 'write',
    writesFeed: true,
    invalidates: ['timeline', 'profileStatuses', 'profile', 'whoami', 'hashtag', 'search', 'storage', 'quotes']
  }),
  reply: method<StatusView>()(object({ to: uri, text: statusText, images: imagesInput, mentions: mentionsInput, ...warning }), {
    scope: 'write',
    writesFeed: true,
    invalidates: ['thread', 'status', 'timeline', 'profileStatuses', 'profile', 'whoami']
  }),
  repost: method<{ uri: string }>()(object({ of: uri }), { scope: 'write', writesFeed: true, invalidates: COUNTED }),
  /** Deletes this device's reposts of `of`; `uris` are the delete records (none when there was nothing to undo). */
  unrepost: method<{ uris: string[] }>()(object({ of: uri }), { scope: 'write', writesFeed: true, invalidates: COUNTED }),
  like: method<{ uri: string }>()(object({ of: uri }), { scope: 'write', writesFeed: true, invalidates: COUNTED }),
  unlike: method<{ uri: string }>()(object({ of: uri }), { scope: 'write', writesFeed: true, invalidates: COUNTED }),
  delete: method<{ uri: string }>()(object({ uri }), {
    scope: 'write',
    writesFeed: true,
    invalidates: ['timeline', 'status', 'thread', 'profileStatuses', 'profile', 'whoami', 'hashtag', 'search', 'mentions']
  }),
  /** A new version of one of this device's statuses: the text (and warning) replace the current ones; images stay. */
  edit: method<StatusView>()(object({ uri, text: statusText, mentions: mentionsInput, ...warning }), {
    scope: 'write',
    writesFeed: true,
    invalidates: [...SHOWN, 'history']
  }),
  /** A public vote in a poll, `choice` from 1; the last one before the end counts. */
  vote: method<{ uri: string }>()(object({ of: uri, choice: int({ min: 1, max: 4 }) }), { scope: 'write', writesFeed: true, invalidates: SHOWN }),
  pin: method<{ uri: string }>()(object({ of: uri }), { scope: 'write', writesFeed: true, invalidates: ['pinned', 'profileStatuses'] }),
  unpin: method<{ uri: string }>()(object({ of: uri }), { scope: 'write', writesFeed: true, invalidates: ['pinned', 'profileStatuses'] }),
  status: method<StatusView | null>()(object({ uri }), { scope: 'read' }),
  /** An author's pinned statuses, the latest pin first (at most 3). */
  pinned: method<StatusView[]>()(object({ key }), { scope: 'read' }),
  /** Every version of a status: the original, then each edit. */
  history: method<StatusVersion[]>()(object({ uri }), { scope: 'read' }),
  /** Statuses we hold that quote `uri`, newest first. */
  quotes: method<StatusView[]>()(object({ uri, limit: optional(int({ min: 1, max: 200 })) }), { scope: 'read' }),
  thread: method<Thread>()(object({ uri }), { scope: 'read' }),
  timeline: method<Page<StatusView>>()(object({ ...paged, before }), { scope: 'read' }),
  mentions: method<Page<StatusView>>()(object({ ...paged, before }), { scope: 'read' }),
  hashtag: method<Page<StatusView>>()(object({ tag: str({ min: 1, max: 100 }), ...paged, before }), { scope: 'read' }),
  search: method<{ statuses: Page<StatusView>; people: Profile[] }>()(object({ query: str({ min: 1, max: 200 }), ...paged }), {
    scope: 'read'
  })
} as const
