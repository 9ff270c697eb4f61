// The handlers of shared/api-media.ts (issue 7), and the image steps of post, reply and setProfile.
import { refusedAfterLeaving, type MethodName, type Params, type Result } from '../../../shared/api/contract.js'
import type { FeedStorage } from '../../../shared/api/media.js'
import { RstatusError } from '../../../shared/errors.js'
import { parseKey, parseRef, type FeedKey } from '../../../shared/keys.js'
import { MAX_ALT_CHARS, MAX_IMAGE_BYTES } from '../../../shared/protocol/limits.js'
import type { ImageAttachment } from '../../../shared/protocol/records.js'
import { countChars } from '../../../shared/protocol/text.js'
import { assertValidRecord, Invalid } from '../../../shared/protocol/validate.js'
import { buildExport } from '../account/export-archive.js'
import { leaveAccount } from '../account/leave.js'
import type { Engine } from '../engine.js'
import { megabytes } from '../media/image-prep.js'
import { TwitterImporter } from '../twitter-import/importer.js'

type MediaMethod = 'uploadBegin' | 'uploadChunk' | 'blob' | 'storage' | 'importTwitter' | 'importStatus' | 'exportArchive' | 'leave'
type MediaHandlers = { [M in MediaMethod]: (params: Params<M>) => Promise<Result<M>> }

export function refuseAfterLeaving(engine: Engine, method: MethodName): void {
  if (engine.left && refusedAfterLeaving.has(method)) {
    throw new RstatusError('NOT_ALLOWED', 'You deleted this account, so it can no longer post or change')
  }
}

export function createMediaHandlers(engine: Engine): MediaHandlers {
  const importer = new TwitterImporter(engine)
  return {
    async uploadBegin({ size }) {
      return { upload: engine.media.uploads.begin(size) }
    },
    async uploadChunk({ upload, offset, data }) {
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(data) || data.length % 4 !== 0) {
        throw new RstatusError('INVALID_INPUT', 'data must be base64')
      }
      return { received: engine.media.uploads.chunk(upload, offset, Buffer.from(data, 'base64')) }
    },
    async blob({ feed, blobs, blob, timeout }) {
      const bytes = await engine.media.read(parseRef(feed).key, parseKey(blobs), blob, timeout ? { timeout } : {})
      return { data: bytes.toString('base64') }
    },
    async storage() {
      const cached = engine.media.cache.usageByFeed()
      const held = engine.feedBytes()
      const keys = [...new Set<FeedKey>([...held.map((h) => h.key), ...cached.keys()])]
      const feeds: FeedStorage[] = []
      for (const key of keys) {
        const profile = await engine.views.profile(key)
        const isMe = key === engine.key
        feeds.push({
          key,
          name: profile.name,
          isMe,
          feedBytes: held.find((h) => h.key === key)?.bytes ?? 0,
          mediaBytes: isMe ? engine.media.ownBytes : (cached.get(key) ?? 0)
        })
      }
      feeds.sort((a, b) => Number(b.isMe) - Number(a.isMe) || b.feedBytes + b.mediaBytes - (a.feedBytes + a.mediaBytes))
      return { feeds, mediaCache: { usedBytes: engine.media.cache.usedBytes, capBytes: engine.media.cache.capBytes } }
    },
    async importTwitter({ upload, path }) {
      if ((upload === undefined) === (path === undefined)) {
        throw new RstatusError('INVALID_INPUT', 'Give either an upload or a path of a Twitter/X archive')
      }
      if (upload !== undefined) {
        const taken = engine.media.uploads.take(upload)
        return importer.start(taken.file, taken.release)
      }
      return importer.start(path!)
    },
    async importStatus() {
      return importer.status
    },
    exportArchive: () => buildExport(engine),
    leave: () => leaveAccount(engine)
  }
}

/** Stores the images of a status about to be posted, after checking the status itself could be written. */
export async function attachImages(
  engine: Engine,
  text: string,
  images: Params<'post'>['images']
): Promise<ImageAttachment[]> {
  if (!images || images.length === 0) return []
  // Images go into the blobs core for good: check everything else first, so a status refused for its
  // text leaves no images behind.
  try {
    assertValidRecord({ type: 'status', text, createdAt: Date.now() }, { feed: engine.key, seq: engine.ownFeed.length })
  } catch (err) {
    if (err instanceof Invalid) throw new RstatusError('INVALID_INPUT', capitalise(err.message))
    throw err
  }
  for (const image of images) {
    if (image.alt !== undefined && countChars(image.alt) > MAX_ALT_CHARS) {
      throw new RstatusError('INVALID_INPUT', `An image description can have at most ${MAX_ALT_CHARS} characters`)
    }
  }
  const attachments: ImageAttachment[] = []
  for (const image of images) attachments.push(await engine.media.addImage(imageBytes(engine, image.upload), image.alt))
  return attachments
}

/** The avatar of a new profile record: unchanged when absent, removed with '', else a new upload. */
export async function avatarFrom(engine: Engine, upload: string | undefined, current: ImageAttachment | undefined): Promise<ImageAttachment | undefined> {
  if (upload === undefined) return current
  if (upload === '') return undefined
  const { alt: _alt, ...picture } = await engine.media.addImage(imageBytes(engine, upload))
  return picture
}

function imageBytes(engine: Engine, upload: string): Buffer {
  return engine.media.uploads.takeBytes(upload, MAX_IMAGE_BYTES, (size) =>
    new RstatusError('INVALID_INPUT', `The image is ${megabytes(size)}; the limit is ${megabytes(MAX_IMAGE_BYTES)} per image`)
  )
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}
