// Image bytes for the page: fetched from the engine with `blob` (which fetches from peers on demand) and
// turned into object URLs, kept for the most recently shown images only. One fetch per image at a time.
import type { Api } from '../../shared/api/contract.js'
import type { FeedKey } from '../../shared/keys.js'
import type { BlobRef, ImageAttachment } from '../../shared/protocol/records.js'
import { fromBase64 } from '../../shared/upload.js'

/** Object URLs kept at once; older ones are revoked (the engine holds the bytes, a look fetches them again). */
const KEPT = 200

export type ImageSize = 'thumb' | 'full'

const urls = new Map<string, Promise<string>>()

export function imageUrl(api: Api, feed: FeedKey, image: ImageAttachment, size: ImageSize): Promise<string> {
  const ref: BlobRef = size === 'thumb' ? (image.thumb ?? image.blob) : image.blob
  const id = `${image.blobs}/${ref.blockOffset}+${ref.blockLength}`
  const known = urls.get(id)
  if (known) {
    urls.delete(id)
    urls.set(id, known) // most recently used last
    return known
  }
  const url = api.call('blob', { feed, blobs: image.blobs, blob: ref }).then(({ data }) => {
    const bytes = fromBase64(data)
    const type = size === 'full' || !image.thumb ? image.mime : 'image/webp'
    return objectUrl(bytes, type)
  })
  urls.set(id, url)
  url.catch(() => urls.delete(id))
  while (urls.size > KEPT) {
    const [oldest, oldUrl] = urls.entries().next().value as [string, Promise<string>]
    urls.delete(oldest)
    void oldUrl.then(revoke, () => {})
  }
  return url
}

/**
 * A private message's image (`dmImage`, decrypted by the engine) as an object URL; null while its blocks have
 * not arrived. Not cached: the plaintext stays only as long as the message is on screen.
 */
export async function messageImageUrl(api: Api, message: string, index: number, mime: string): Promise<string | null> {
  const { data } = await api.call('dmImage', { message, index })
  return data === null ? null : objectUrl(fromBase64(data), mime)
}

export { revoke as revokeImageUrl }

function objectUrl(bytes: Uint8Array, type: string): string {
  if (typeof URL.createObjectURL === 'function') return URL.createObjectURL(new Blob([bytes as BlobPart], { type }))
  let binary = ''
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return `data:${type};base64,${btoa(binary)}`
}

function revoke(url: string): void {
  if (url.startsWith('blob:') && typeof URL.revokeObjectURL === 'function') URL.revokeObjectURL(url)
}

/** Forgets every cached URL (tests). */
export function resetImageCache(): void {
  for (const url of urls.values()) void url.then(revoke, () => {})
  urls.clear()
}
