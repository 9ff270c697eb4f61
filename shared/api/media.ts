// The RPC contract's methods for pictures and for bringing one's history in and out (issue 7): chunked
// uploads, image bytes, storage use, the Twitter/X import, the export archive and leaving. shared/api.ts
// spreads `mediaMethods` into its `methods`, so every transport checks these params like the others.
import type { ExportArchive } from '../archive.js'
import type { FeedKey } from '../keys.js'
import { MAX_ALT_CHARS, MAX_ATTACHMENTS, MAX_IMAGE_BYTES } from '../protocol/limits.js'
import { array, int, object, oneOf, optional, str, type Schema } from './schema.js'

/** Raw bytes per uploadChunk call; base64 makes it a third larger, inside the WebSocket's 1 MiB frame. */
export const UPLOAD_CHUNK_BYTES = 512 * 1024
/** Largest upload (a Twitter archive with its media). */
export const MAX_UPLOAD_BYTES = 8 * 1024 * 1024 * 1024
/** What `leave` needs as `confirm`, so no client leaves by accident. */
export const LEAVE_CONFIRMATION = 'delete my account'

export interface FeedStorage {
  key: FeedKey
  name: string | null
  isMe: boolean
  /** Bytes of the feed's log held here. */
  feedBytes: number
  /** Bytes of its images held here: all of them for the own feed, the cached ones for others. */
  mediaBytes: number
}

export interface StorageUsage {
  feeds: FeedStorage[]
  /** Other people's images: what the cache holds and the most it may hold before evicting. */
  mediaCache: { usedBytes: number; capBytes: number }
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

// method<Result>()(paramsSchema), as in shared/api.ts.
function method<R>() {
  return <P extends Schema<unknown>>(params: P) => ({ params, result: undefined as unknown as R })
}

const key = str({ min: 1, max: 200 })
const uploadId = str({ min: 1, max: 64 })

export const blobRefSchema = object({
  blockOffset: int(),
  blockLength: int({ min: 1 }),
  byteOffset: int(),
  byteLength: int({ min: 1, max: MAX_IMAGE_BYTES })
})

/** An image to attach: an upload, and what it shows. */
export const imageInput = object({ upload: uploadId, alt: optional(str({ max: MAX_ALT_CHARS * 4 })) })
export const imagesInput = optional(array(imageInput, { max: MAX_ATTACHMENTS }))

export const mediaMethods = {
  uploadBegin: method<{ upload: string }>()(object({ size: int({ min: 1, max: MAX_UPLOAD_BYTES }) })),
  uploadChunk: method<{ received: number }>()(
    object({ upload: uploadId, offset: int(), data: str({ min: 1, max: Math.ceil(UPLOAD_CHUNK_BYTES / 3) * 4 }) })
  ),
  /** The bytes of one image of `feed` (base64), fetched from peers when not held. */
  blob: method<{ data: string }>()(
    object({ feed: key, blobs: key, blob: blobRefSchema, timeout: optional(int({ min: 100, max: 120_000 })) })
  ),
  storage: method<StorageUsage>()(object({})),
  /** Starts importing a Twitter/X archive (an upload, or a path on the engine's machine); progress comes as events. */
  importTwitter: method<ImportProgress>()(object({ upload: optional(uploadId), path: optional(str({ min: 1, max: 4096 })) })),
  /** The latest import's progress, null if none ran since the engine started. */
  importStatus: method<ImportProgress | null>()(object({})),
  exportArchive: method<ExportArchive>()(object({})),
  leave: method<LeaveResult>()(object({ confirm: oneOf([LEAVE_CONFIRMATION] as const) }))
} as const
