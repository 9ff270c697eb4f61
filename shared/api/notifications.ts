// The contract's notifications: what happened to my statuses, and requests (replies and mentions from
// people I do not follow).
import { method } from './method.js'
import { paged } from './params.js'
import { int, object, optional } from './schema.js'
import type { Author, Page, StatusView } from './shapes.js'

export type NotificationKind = 'mention' | 'reply' | 'repost' | 'like' | 'follow' | 'quote'

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

export const notifications = {
  notifications: method<Page<Notification> & { unread: number }>()(object(paged), { scope: 'read' }),
  /** Marks read what sorts up to `upTo` (ms; what the reader saw), or everything up to now. */
  markNotificationsRead: method<{ unread: number }>()(object({ upTo: optional(int({ min: 0 })) }), { scope: 'write', invalidates: ['notifications'] }),
  /** Replies and mentions from people you do not follow, newest first. */
  requests: method<Page<StatusView>>()(object(paged), { scope: 'read' })
} as const
