// The contract's statuses: writing them (post, reply, repost, like, delete) and reading them (one status, a
// thread, the home timeline, mentions, hashtags, search).
import { imagesInput } from './media.js'
import { method } from './method.js'
import { key, paged, statusText, uri } from './params.js'
import { array, int, object, optional, str } from './schema.js'
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

export const statuses = {
  post: method<StatusView>()(object({ text: statusText, images: imagesInput, mentions: mentionsInput }), {
    scope: 'write',
    writesFeed: true,
    invalidates: ['timeline', 'profileStatuses', 'profile', 'whoami', 'hashtag', 'search', 'storage']
  }),
  reply: method<StatusView>()(object({ to: uri, text: statusText, images: imagesInput, mentions: mentionsInput }), {
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
  status: method<StatusView | null>()(object({ uri }), { scope: 'read' }),
  thread: method<Thread>()(object({ uri }), { scope: 'read' }),
  timeline: method<Page<StatusView>>()(object({ ...paged, before }), { scope: 'read' }),
  mentions: method<Page<StatusView>>()(object({ ...paged, before }), { scope: 'read' }),
  hashtag: method<Page<StatusView>>()(object({ tag: str({ min: 1, max: 100 }), ...paged }), { scope: 'read' }),
  search: method<{ statuses: Page<StatusView>; people: Profile[] }>()(object({ query: str({ min: 1, max: 200 }), ...paged }), {
    scope: 'read'
  })
} as const
