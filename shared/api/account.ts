// The contract's account: the identity backup, bringing one's history in (a Twitter/X archive) and out (the
// export archive), and deleting the account.
import type { ExportArchive } from '../archive.js'
import type { FeedKey } from '../keys.js'
import { uploadId } from './media.js'
import { method } from './method.js'
import { object, oneOf, optional, str } from './schema.js'

/** What `leave` needs as `confirm`, so no client leaves by accident. */
export const LEAVE_CONFIRMATION = 'delete my account'

/** An identity backup file's content (electron/engine/account/identity-backup.ts writes and reads it). */
export interface IdentityBackup {
  type: 'rstatus-identity'
  version: 1
  feed: FeedKey
  /** The Corestore primary key, hex: every key pair of the store derives from it. Secret. */
  primaryKey: string
  createdAt: number
  warning: string
  /**
   * The messaging seeds and every conversation's secret (docs/PROTOCOL.md "Messages"), so a restored identity
   * reads its conversations again. Secret. Absent in backups made before messages.
   */
  messaging?: {
    seeds: Array<{ generation: number; seed: string }>
    conversations: Array<{ secret: string; creator: string; status: 'request' | 'active'; cores?: string[] }>
  }
  /**
   * Bookmarks, lists and drafts as records (docs/PROTOCOL.md "Private data"), and the incarnation of the
   * private core the device wrote in; a restore writes them into the next. Absent in older backups.
   */
  privateData?: { incarnation: number; records: unknown[] }
}

export interface ImportProgress {
  id: string
  state: 'running' | 'done' | 'failed'
  /** Tweets in the archive. */
  total: number
  /** Tweets handled so far (added or skipped). */
  done: number
  added: number
  /** Already imported, retweets, or not importable; `message` says why the last one was skipped. */
  skipped: number
  images: number
  /** For people: why it failed, or a note about what was skipped. */
  message: string | null
}

export interface LeaveResult {
  /** Tombstones written (statuses and reposts), unlikes and unfollows included. */
  records: number
  /** A peer holds the final state of the feed, so it spreads without us. */
  handedOff: boolean
}

export const account = {
  /** The identity backup (the secret the feed is signed with, and the two-machines warning). */
  exportIdentity: method<IdentityBackup>()(object({}), { scope: 'person' }),
  /**
   * Starts importing a Twitter/X archive (an upload, or a path on the engine's machine); progress comes as
   * events. For the person only: an app must not make the engine read files.
   */
  importTwitter: method<ImportProgress>()(object({ upload: optional(uploadId), path: optional(str({ min: 1, max: 4096 })) }), {
    scope: 'person',
    writesFeed: true
  }),
  /** The latest import's progress, null if none ran since the engine started. */
  importStatus: method<ImportProgress | null>()(object({}), { scope: 'read' }),
  // Everything the account wrote, in one answer: not for read-only tokens.
  exportArchive: method<ExportArchive>()(object({}), { scope: 'write' }),
  /** Deletes the account; run again, it writes only what is still missing. */
  leave: method<LeaveResult>()(object({ confirm: oneOf([LEAVE_CONFIRMATION] as const) }), {
    scope: 'person',
    writesFeed: true,
    afterLeaving: true
  })
} as const
