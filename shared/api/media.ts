// The contract's pictures: chunked uploads, an image's bytes, and what the images and feeds held here take.
import type { FeedKey } from '../keys.js'
import { MAX_ALT_CHARS, MAX_ATTACHMENTS, MAX_IMAGE_BYTES } from '../protocol/limits.js'
import { method } from './method.js'
import { key } from './params.js'
import { array, int, object, optional, str } from './schema.js'

/** Raw bytes per uploadChunk call; base64 makes it a third larger, inside the WebSocket's 1 MiB frame. */
export const UPLOAD_CHUNK_BYTES = 512 * 1024
/** Largest upload (a Twitter archive with its media). */
export const MAX_UPLOAD_BYTES = 8 * 1024 * 1024 * 1024

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

export const uploadId = str({ min: 1, max: 64 })

export const blobRefSchema = object({
  blockOffset: int(),
  blockLength: int({ min: 1 }),
  byteOffset: int(),
  byteLength: int({ min: 1, max: MAX_IMAGE_BYTES })
})

/** An image to attach: an upload, and what it shows. */
export const imageInput = object({ upload: uploadId, alt: optional(str({ max: MAX_ALT_CHARS * 4 })) })
export const imagesInput = optional(array(imageInput, { max: MAX_ATTACHMENTS }))

export const media = {
  // An upload is a temporary file in the data directory; nothing reaches the feed until a status names it.
  uploadBegin: method<{ upload: string }>()(object({ size: int({ min: 1, max: MAX_UPLOAD_BYTES }) }), { scope: 'write' }),
  uploadChunk: method<{ received: number }>()(
    object({ upload: uploadId, offset: int(), data: str({ min: 1, max: Math.ceil(UPLOAD_CHUNK_BYTES / 3) * 4 }) }),
    { scope: 'write' }
  ),
  /** The bytes of one image of `feed` (base64), fetched from peers when not held. */
  blob: method<{ data: string }>()(
    object({ feed: key, blobs: key, blob: blobRefSchema, timeout: optional(int({ min: 100, max: 120_000 })) }),
    { scope: 'read' }
  ),
  storage: method<StorageUsage>()(object({}), { scope: 'read' })
} as const
