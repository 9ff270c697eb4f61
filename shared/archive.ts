// The export archive: what `rstatus export` writes and the settings page downloads. docs/EXPORT.md is its
// prose; bump ARCHIVE_VERSION on a change an older reader would misread.
import type { FeedKey } from './keys.js'
import type { ImageAttachment, Mention } from './protocol/records.js'

export const ARCHIVE_FORMAT = 'rstatus-export'
export const ARCHIVE_VERSION = 1

/** An attachment as exported: the image's place in the blobs core, and with --media its bytes. */
export type ArchivedAttachment = ImageAttachment & {
  /** The image itself, base64, when the export embeds media. */
  data?: string
}

export interface ArchivedStatus {
  uri: string
  seq: number
  text: string
  createdAt: number
  replyTo?: string
  root?: string
  mentions?: Mention[]
  attachments?: ArchivedAttachment[]
  source?: string
}

export interface ExportArchive {
  format: typeof ARCHIVE_FORMAT
  version: typeof ARCHIVE_VERSION
  exportedAt: number
  key: FeedKey
  uri: string
  /** The blobs core holding this account's images. */
  blobs: FeedKey
  profile: { name: string | null; bio: string; avatar?: ArchivedAttachment; left?: boolean }
  /** The public follow list, as the feed publishes it. */
  following: FeedKey[]
  /** Live statuses (deleted ones left out), oldest first. */
  statuses: ArchivedStatus[]
  /** Live reposts, oldest first. */
  reposts: Array<{ uri: string; of: string; createdAt: number }>
  /**
   * What the identity keeps privately (docs/PROTOCOL.md "Private data"): absent when this device has not
   * received its identity's keys yet.
   */
  private?: {
    /** The latest bookmark first; `at` is when it was made (ms). */
    bookmarks: Array<{ uri: string; at: number }>
    lists: Array<{ name: string; members: FeedKey[] }>
    /** The latest saved first. */
    drafts: Array<{ id: string; text: string; savedAt: number; replyTo?: string; quote?: string; cw?: string; sensitive?: boolean }>
  }
}
