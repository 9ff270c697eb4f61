// Media: an upload goes to the engine's uploads (uploadBegin, uploadChunk) at once; its description waits
// with the pending upload (media.ts) until a status names its id, then becomes the image's alt text.
// Images are served at signed URLs (media.ts), from the feed's blobs once posted.
import { MAX_ALT_CHARS, MAX_IMAGE_BYTES } from '../../../shared/protocol/limits.js'
import { countChars } from '../../../shared/protocol/text.js'
import { sniffMime } from '../../engine/media/image-prep.js'
import { mastodonErrors } from './errors.js'
import { MEDIA_PREFIX, MISSING_AVATAR, MISSING_AVATAR_PATH, type PendingMedia } from './media.js'
import type { MediaAttachment } from './shapes.js'
import { answer, route, type Door, type Route, type RouteRequest } from './router.js'

/** Bytes per uploadChunk call: half the most the contract takes per piece, so a change there needs none here. */
const UPLOAD_PIECE_BYTES = 256 * 1024

export function uploadRoutes(door: Door): Route[] {
  const shape = (r: RouteRequest, m: PendingMedia): MediaAttachment => {
    const url = r.url.origin + door.media.path({ kind: 'pending', id: m.id, mime: m.mime })
    return {
      id: m.id, type: 'image', url, preview_url: url, remote_url: null, preview_remote_url: null, text_url: null,
      meta: null, description: m.description, blurhash: null
    }
  }

  const description = (r: RouteRequest): string | null => {
    const text = r.params.string('description')?.trim()
    if (!text) return null
    if (countChars(text) > MAX_ALT_CHARS) throw mastodonErrors.validation(`Description is too long (maximum is ${MAX_ALT_CHARS} characters)`)
    return text
  }

  const upload = async (r: RouteRequest) => {
    const file = r.params.file
    if (!file || file.bytes.length === 0) throw mastodonErrors.validation("File can't be blank")
    const mime = sniffMime(file.bytes)
    if (!mime) throw mastodonErrors.validation('File content type is invalid: rstatus takes JPEG, PNG, WebP and GIF images')
    if (file.bytes.length > MAX_IMAGE_BYTES) throw mastodonErrors.validation(`File file size must be less than ${MAX_IMAGE_BYTES} bytes`)
    const alt = description(r)
    const { upload: id } = await door.api.call('uploadBegin', { size: file.bytes.length })
    for (let offset = 0; offset < file.bytes.length; offset += UPLOAD_PIECE_BYTES) {
      const data = file.bytes.subarray(offset, offset + UPLOAD_PIECE_BYTES).toString('base64')
      await door.api.call('uploadChunk', { upload: id, offset, data })
    }
    return shape(r, door.pending.add({ upload: id, bytes: file.bytes, mime, description: alt }))
  }

  const pending = (id: string | undefined): PendingMedia => {
    const m = id === undefined ? undefined : door.pending.get(id)
    if (!m) throw mastodonErrors.notFound()
    return m
  }

  return [
    route('POST', /^\/api\/v(1|2)\/media$/, 'write', upload),
    route('GET', /^\/api\/v1\/media\/(\d{1,20})$/, 'read', async (r) => shape(r, pending(r.match[1]))),
    route('PUT', /^\/api\/v1\/media\/(\d{1,20})$/, 'write', async (r) => {
      const m = pending(r.match[1])
      if (r.params.has('description')) m.description = description(r)
      return shape(r, m)
    }),
    route('GET', new RegExp(`^${MEDIA_PREFIX}(.+)$`), 'public', async (r) => {
      const headers = { 'Cache-Control': 'private, max-age=86400, immutable', 'Cross-Origin-Resource-Policy': 'cross-origin' }
      if (r.url.pathname === MISSING_AVATAR_PATH) return bytesAnswer(MISSING_AVATAR, 'image/png', headers)
      const target = door.media.open(r.match[1] as string)
      if (!target) throw mastodonErrors.notFound()
      if (target.kind === 'pending') {
        const m = door.pending.get(target.id)
        if (!m) throw mastodonErrors.notFound()
        return bytesAnswer(m.bytes, target.mime, headers)
      }
      const { data } = await door.api.call('blob', { feed: target.feed, blobs: target.blobs, blob: target.ref })
      return bytesAnswer(Buffer.from(data, 'base64'), target.mime, headers)
    })
  ]
}

function bytesAnswer(bytes: Buffer, type: string, headers: Record<string, string>) {
  return Object.assign(answer(undefined, { headers: { ...headers, 'Content-Type': type } }), { bytes })
}
