// The contract's private data: bookmarks, lists and drafts (docs/PROTOCOL.md "Private data"). They live in the
// identity's encrypted private store, never in the public feed, and reach every device of the identity.
// Bookmarks and lists are open to apps (the Mastodon door maps them); drafts are for the person only.
import type { FeedKey } from '../keys.js'
import { method } from './method.js'
import { key, paged, statusText, uri } from './params.js'
import { bool, object, optional, str } from './schema.js'
import type { Page, StatusView } from './shapes.js'

export interface ListSummary {
  name: string
  /** Identity keys, in the order they were added. */
  members: FeedKey[]
}

export interface Draft {
  id: string
  text: string
  /** When it was last saved (ms). */
  savedAt: number
  replyTo?: string
  quote?: string
  cw?: string
  sensitive?: boolean
}

const listName = str({ min: 1, max: 200 })
const draftId = str({ min: 1, max: 64 })

export const privateData = {
  bookmark: method<{ uri: string; bookmarked: boolean }>()(object({ uri }), { scope: 'write', invalidates: ['bookmarks'] }),
  unbookmark: method<{ uri: string; bookmarked: boolean }>()(object({ uri }), { scope: 'write', invalidates: ['bookmarks'] }),
  /** The bookmarked statuses this peer holds, the latest bookmark first. */
  bookmarks: method<Page<StatusView>>()(object({ ...paged }), { scope: 'read' }),
  lists: method<ListSummary[]>()(object({}), { scope: 'read' }),
  listCreate: method<ListSummary>()(object({ name: listName }), { scope: 'write', invalidates: ['lists'] }),
  listDelete: method<{ name: string }>()(object({ name: listName }), { scope: 'write', invalidates: ['lists', 'listTimeline'] }),
  listAdd: method<ListSummary>()(object({ name: listName, key }), { scope: 'write', invalidates: ['lists', 'listTimeline'] }),
  listRemove: method<ListSummary>()(object({ name: listName, key }), { scope: 'write', invalidates: ['lists', 'listTimeline'] }),
  /** The statuses of a list's members, newest first, as the home timeline gives them. */
  listTimeline: method<Page<StatusView>>()(object({ name: listName, ...paged }), { scope: 'read' }),
  /** The drafts, the latest saved first. */
  drafts: method<Draft[]>()(object({}), { scope: 'person' }),
  /** Saves a draft: a new one without `id`, else replaces the one with that id. */
  draftPut: method<Draft>()(
    object({ id: optional(draftId), text: statusText, replyTo: optional(uri), quote: optional(uri), cw: optional(str({ max: 1000 })), sensitive: optional(bool()) }),
    { scope: 'person', invalidates: ['drafts'] }
  ),
  draftDelete: method<{ id: string; deleted: boolean }>()(object({ id: draftId }), { scope: 'person', invalidates: ['drafts'] })
} as const
