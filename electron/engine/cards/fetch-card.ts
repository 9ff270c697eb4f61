// Fetching a link card: once, by the author's engine, when a status is posted (PROTOCOL.md, "card"). Readers
// never fetch. A page and its image are hostile input from a stranger's server, so both are fetched within
// the limits of bounded-fetch.ts and one deadline; the image is then checked by its bytes and made small
// like any posted image before it is stored. The image is a bonus: without it the card still goes out.
import type { ImageAttachment, LinkCard } from '../../../shared/protocol/records.js'
import { boundedFetch } from './bounded-fetch.js'

export interface CardFetchOptions {
  /** Tests only: let loopback and private addresses through (a local HTTP server). */
  allowPrivate?: boolean
  timeoutMs?: number
  maxBytes?: number
  maxImageBytes?: number
}

export interface CardServices {
  /** Prepares a fetched picture (checked by its bytes, metadata stripped, made small) and stores it in the author's blobs. */
  keepImage(bytes: Buffer): Promise<ImageAttachment>
}

const DEFAULT_TIMEOUT_MS = 5000
const DEFAULT_MAX_BYTES = 256 * 1024
/** Large enough for any sensible preview picture (they are about 1200 × 630), well under the format's 10 MiB. */
const DEFAULT_MAX_IMAGE_BYTES = 4 * 1024 * 1024
const MAX_TITLE = 200
const MAX_DESCRIPTION = 300

/**
 * The card for `url`, or null when the page cannot be had within the limits or says nothing to show. With
 * `services`, the picture the page names is fetched and kept too, when it can be within the same deadline.
 */
export async function fetchCard(url: string, opts: CardFetchOptions = {}, services?: CardServices): Promise<LinkCard | null> {
  const signal = AbortSignal.timeout(opts.timeoutMs ?? DEFAULT_TIMEOUT_MS)
  const allowPrivate = opts.allowPrivate === true
  let meta: PageMeta
  try {
    const page = await boundedFetch(url, {
      signal, allowPrivate, maxBytes: opts.maxBytes ?? DEFAULT_MAX_BYTES, overCap: 'truncate', accept: 'text/html'
    })
    if (page === null || !/text\/html|application\/xhtml/i.test(page.type)) return null
    meta = readMeta(page.body.toString('utf8'), page.url)
  } catch {
    // Any failure (refused address, timeout, bad TLS, reset) means no card: the status goes out without one.
    return null
  }
  if (!meta.title) return null
  const card: LinkCard = { url, title: meta.title, description: meta.description }
  if (services && meta.image) {
    const image = await fetchCardImage(meta.image, { signal, allowPrivate, maxBytes: opts.maxImageBytes ?? DEFAULT_MAX_IMAGE_BYTES }, services)
    if (image) card.image = image
  }
  return card
}

/** The picture at `url`, kept, or null when it cannot be had within the limits or is not an image. */
export async function fetchCardImage(
  url: string,
  opts: { signal: AbortSignal; allowPrivate: boolean; maxBytes: number },
  services: CardServices
): Promise<ImageAttachment | null> {
  try {
    const fetched = await boundedFetch(url, { ...opts, overCap: 'fail', accept: 'image/*' })
    // What the bytes are is checked when the image is prepared; the server's Content-Type is not trusted.
    return fetched && fetched.body.length > 0 ? await services.keepImage(fetched.body) : null
  } catch {
    // Too large, not an image, refused, late: the card goes out without a picture.
    return null
  }
}

export interface PageMeta {
  title: string
  description: string
  /** The absolute http(s) URL of the picture the page names for previews, if any. */
  image?: string
}

/**
 * og:title or <title>, and og:description or the description meta, as plain one-line text; og:image, else
 * twitter:image, resolved against `base` (where the page finally came from).
 */
export function readMeta(html: string, base?: string): PageMeta {
  const metas = new Map<string, string>()
  for (const m of html.matchAll(/<meta\b[^>]*>/gi)) {
    const tag = m[0]
    const key = /\b(?:property|name)\s*=\s*["']([^"']+)["']/i.exec(tag)?.[1]?.toLowerCase()
    const content = /\bcontent\s*=\s*["']([^"']*)["']/i.exec(tag)?.[1]
    if (key && content !== undefined && !metas.has(key)) metas.set(key, content)
  }
  const title = metas.get('og:title') ?? /<title[^>]*>([\s\S]*?)<\/title>/i.exec(html)?.[1] ?? ''
  const description = metas.get('og:description') ?? metas.get('description') ?? ''
  const meta: PageMeta = { title: clean(title, MAX_TITLE), description: clean(description, MAX_DESCRIPTION) }
  const image = imageUrl(metas.get('og:image') ?? metas.get('og:image:url') ?? metas.get('twitter:image') ?? metas.get('twitter:image:src'), base)
  if (image) meta.image = image
  return meta
}

function imageUrl(value: string | undefined, base: string | undefined): string | undefined {
  if (value === undefined) return undefined
  try {
    const url = new URL(decodeEntities(value).trim(), base)
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.toString() : undefined
  } catch {
    return undefined
  }
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", '#39': "'", nbsp: ' ' }

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (all, e: string) => {
    if (e[0] === '#') {
      const n = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1))
      return Number.isInteger(n) && n > 31 && n <= 0x10ffff && (n < 0xd800 || n > 0xdfff) ? String.fromCodePoint(n) : ''
    }
    return ENTITIES[e.toLowerCase()] ?? all
  })
}

function clean(text: string, max: number): string {
  const decoded = decodeEntities(text)
    // No control characters in a card: the feed's rules refuse them (and a terminal would obey them).
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
  return [...decoded].slice(0, max).join('')
}
