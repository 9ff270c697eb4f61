// The contract's block and mute: the person's own lists, kept on this device only.
import type { FeedKey } from '../keys.js'
import { method } from './method.js'
import { key } from './params.js'
import { bool, object, optional } from './schema.js'
import type { Profile } from './shapes.js'

export interface Moderation {
  blocked: Profile[]
  muted: Profile[]
}

/** What blocking or muting someone changes: every list their statuses could be in. */
const HIDING = [
  'blocked', 'timeline', 'profileStatuses', 'profile', 'status', 'thread', 'mentions', 'notifications', 'requests',
  'hashtag', 'search', 'people', 'suggestions', 'syncState', 'following'
] as const

export const moderation = {
  /** Stops replicating and re-serving a feed (and its identity's devices) and hides it everywhere. */
  block: method<{ key: FeedKey }>()(object({ key, deleteData: optional(bool()) }), { scope: 'write', invalidates: HIDING }),
  unblock: method<{ key: FeedKey }>()(object({ key }), { scope: 'write', invalidates: HIDING }),
  /** Hides a feed from home, mentions, notifications and requests; it is still replicated. */
  mute: method<{ key: FeedKey }>()(object({ key }), { scope: 'write', invalidates: HIDING }),
  unmute: method<{ key: FeedKey }>()(object({ key }), { scope: 'write', invalidates: HIDING }),
  blocked: method<Moderation>()(object({}), { scope: 'read' })
} as const
