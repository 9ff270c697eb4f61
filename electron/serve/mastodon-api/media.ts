// Pictures for Mastodon clients. Clients load images with plain GETs (an <img>, a cache), never with the
// token, so an image's URL carries an HMAC of what it names instead: it opens that one image and nothing
// else, and cannot be forged. The key is kept with the door's state, so URLs survive a restart.
//
// Uploads (POST /api/v1/media, /api/v2/media) go to the engine's uploads at once; the description waits
// here, with the bytes for the preview, until a status names the media id (docs/API.md, "Media").
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import type { FeedKey } from '../../../shared/keys.js'
import type { BlobRef, ImageAttachment, ImageMime } from '../../../shared/protocol/records.js'

export const MEDIA_PREFIX = '/mastodon/media/'
export const MISSING_AVATAR_PATH = `${MEDIA_PREFIX}missing.png`
/** A plain grey square for accounts without a picture (Mastodon's missing.png, in rstatus' colours). */
export const MISSING_AVATAR = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAGAAAABgCAMAAADVRocKAAAAA1BMVEXIzNTeN3StAAAACXBIWXMAAAPoAAAD6AG1e1JrAAAAIElEQVRo3u3BgQAAAADDoPlTX+AIVQEAAAAAAAAAAHwDJGAAAVoqS2sAAAAASUVORK5CYII=',
  'base64'
)

const MIMES: ReadonlyMap<ImageMime, string> = new Map([
  ['image/jpeg', 'jpg'],
  ['image/png', 'png'],
  ['image/webp', 'webp'],
  ['image/gif', 'gif']
])
/** Pending uploads kept at most: a client that never posts what it uploaded does not fill memory. */
const MAX_PENDING = 32
const PENDING_TTL_MS = 60 * 60 * 1000

/** What a signed URL names: an image of a feed's blobs, or an upload not yet posted. */
export type MediaTarget =
  | { kind: 'blob'; feed: FeedKey; blobs: FeedKey; ref: BlobRef; mime: ImageMime }
  | { kind: 'pending'; id: string; mime: ImageMime }

export class MediaUrls {
  constructor(private readonly key: Buffer) {}

  static freshKey(): string {
    return randomBytes(32).toString('hex')
  }

  path(target: MediaTarget): string {
    const payload = Buffer.from(JSON.stringify(compact(target))).toString('base64url')
    return `${MEDIA_PREFIX}${payload}/${this.sign(payload)}.${MIMES.get(target.mime)}`
  }

  image(feed: FeedKey, image: ImageAttachment, size: 'original' | 'small'): string {
    const ref = size === 'small' && image.thumb ? image.thumb : image.blob
    return this.path({ kind: 'blob', feed, blobs: image.blobs, ref, mime: image.mime })
  }

  /** The target of a path below MEDIA_PREFIX, or null when it is not one this server signed. */
  open(rest: string): MediaTarget | null {
    const m = /^([A-Za-z0-9_-]{1,2000})\/([A-Za-z0-9_-]{43})\.[a-z]{3,4}$/.exec(rest)
    if (!m) return null
    const [, payload, sig] = m as unknown as [string, string, string]
    if (!timingSafeEqual(Buffer.from(sig), Buffer.from(this.sign(payload)))) return null
    try {
      return expand(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')))
    } catch {
      return null
    }
  }

  private sign(payload: string): string {
    return createHmac('sha256', this.key).update(payload).digest('base64url')
  }
}

function compact(t: MediaTarget): unknown[] {
  return t.kind === 'blob'
    ? ['b', t.feed, t.blobs, t.ref.blockOffset, t.ref.blockLength, t.ref.byteOffset, t.ref.byteLength, t.mime]
    : ['p', t.id, t.mime]
}

function expand(v: unknown): MediaTarget | null {
  if (!Array.isArray(v)) return null
  const mime = v.at(-1) as ImageMime
  if (!MIMES.has(mime)) return null
  if (v[0] === 'p' && v.length === 3 && typeof v[1] === 'string') return { kind: 'pending', id: v[1], mime }
  if (v[0] !== 'b' || v.length !== 8) return null
  const [, feed, blobs, blockOffset, blockLength, byteOffset, byteLength] = v as [string, unknown, unknown, number, number, number, number]
  if (typeof feed !== 'string' || typeof blobs !== 'string') return null
  if (![blockOffset, blockLength, byteOffset, byteLength].every((n) => Number.isSafeInteger(n) && n >= 0)) return null
  return { kind: 'blob', feed, blobs, ref: { blockOffset, blockLength, byteOffset, byteLength }, mime }
}

export interface PendingMedia {
  id: string
  /** The engine's upload id, named in `post`'s images. */
  upload: string
  bytes: Buffer
  mime: ImageMime
  description: string | null
  createdAt: number
}

/** Uploads waiting for a status, newest kept; the oldest go first past MAX_PENDING or after an hour. */
export class PendingMediaStore {
  private readonly items = new Map<string, PendingMedia>()
  private counter = 0

  add(item: Omit<PendingMedia, 'id' | 'createdAt'>, now = Date.now()): PendingMedia {
    this.prune(now)
    // Numeric like Mastodon's, growing, and unlike any id given before in this process or another.
    const id = `${now}${String(this.counter++ % 1000).padStart(3, '0')}`
    const entry = { ...item, id, createdAt: now }
    this.items.set(id, entry)
    while (this.items.size > MAX_PENDING) this.items.delete(this.items.keys().next().value as string)
    return entry
  }

  get(id: string, now = Date.now()): PendingMedia | undefined {
    this.prune(now)
    return this.items.get(id)
  }

  /** Taken for a status: the engine's upload is consumed by posting. */
  take(id: string): PendingMedia | undefined {
    const item = this.items.get(id)
    this.items.delete(id)
    return item
  }

  private prune(now: number): void {
    for (const [id, item] of this.items) if (now - item.createdAt > PENDING_TTL_MS) this.items.delete(id)
  }
}
