// Fetching a link card: once, by the author's engine, when a status is posted (PROTOCOL.md, "card"). Readers
// never fetch. A page is hostile input from a stranger's server, so every step is bounded: at most 3
// redirects, a deadline for the whole fetch, a byte cap on what is read, http(s) only, and no private,
// loopback or link-local address (checked on the address actually dialed, so DNS cannot rebind around it).
import dns from 'node:dns/promises'
import http from 'node:http'
import https from 'node:https'
import net from 'node:net'
import type { LinkCard } from '../../../shared/protocol/records.js'

export interface CardFetchOptions {
  /** Tests only: let loopback and private addresses through (a local HTTP server). */
  allowPrivate?: boolean
  timeoutMs?: number
  maxBytes?: number
}

const MAX_REDIRECTS = 3
const DEFAULT_TIMEOUT_MS = 5000
const DEFAULT_MAX_BYTES = 256 * 1024
const MAX_TITLE = 200
const MAX_DESCRIPTION = 300

/** The card for `url`, or null when the page cannot be had within the limits or says nothing to show. */
export async function fetchCard(url: string, opts: CardFetchOptions = {}): Promise<Omit<LinkCard, 'image'> | null> {
  const deadline = AbortSignal.timeout(opts.timeoutMs ?? DEFAULT_TIMEOUT_MS)
  let at = url
  try {
    for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
      const page = await get(at, opts, deadline)
      if (page.redirect) {
        at = new URL(page.redirect, at).toString()
        continue
      }
      if (page.html === null) return null
      const meta = readMeta(page.html)
      if (!meta.title) return null
      return { url, title: meta.title, description: meta.description }
    }
    return null
  } catch {
    // Any failure (refused address, timeout, bad TLS, reset) means no card: the status goes out without one.
    return null
  }
}

/** Whether an address is one a card fetch must never reach (RFC 1918, loopback, link-local, ULA, and kin). */
export function isPrivateAddress(address: string): boolean {
  if (net.isIPv4(address)) {
    const [a, b] = address.split('.').map(Number) as [number, number]
    return a === 0 || a === 10 || a === 127 || (a === 100 && b >= 64 && b <= 127) || (a === 169 && b === 254) ||
      (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 198 && (b === 18 || b === 19)) || a >= 224
  }
  const v6 = address.toLowerCase()
  if (v6.startsWith('::ffff:')) return isPrivateAddress(v6.slice(7))
  return v6 === '::' || v6 === '::1' || v6.startsWith('fc') || v6.startsWith('fd') || v6.startsWith('fe8') || v6.startsWith('fe9') ||
    v6.startsWith('fea') || v6.startsWith('feb') || v6.startsWith('ff')
}

interface Page {
  redirect?: string
  html: string | null
}

async function get(url: string, opts: CardFetchOptions, signal: AbortSignal): Promise<Page> {
  const u = new URL(url)
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('not http')
  const host = u.hostname.replace(/^\[|\]$/g, '')
  const { address, family } = net.isIP(host) ? { address: host, family: net.isIP(host) } : await dns.lookup(host, { verbatim: true })
  if (!opts.allowPrivate && isPrivateAddress(address)) throw new Error('private address')
  const lib = u.protocol === 'https:' ? https : http
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES
  return new Promise<Page>((resolve, reject) => {
    const req = lib.get(u, {
      signal,
      headers: { accept: 'text/html', 'user-agent': 'rstatus link card' },
      // Dial exactly the address that was checked.
      lookup: (_h, _o, cb) => cb(null, address, family)
    }, (res) => {
      const status = res.statusCode ?? 0
      if (status >= 300 && status < 400 && res.headers.location) {
        res.resume()
        return resolve({ redirect: res.headers.location, html: null })
      }
      const type = String(res.headers['content-type'] ?? '')
      if (status !== 200 || !/text\/html|application\/xhtml/i.test(type)) {
        res.resume()
        return resolve({ html: null })
      }
      const chunks: Buffer[] = []
      let size = 0
      res.on('data', (c: Buffer) => {
        // The head is what a card needs: stop at the cap, with what arrived.
        if (size >= maxBytes) return
        chunks.push(c)
        size += c.length
        if (size >= maxBytes) {
          res.destroy()
          resolve({ html: Buffer.concat(chunks).subarray(0, maxBytes).toString('utf8') })
        }
      })
      res.on('end', () => resolve({ html: Buffer.concat(chunks).toString('utf8') }))
      res.on('error', reject)
    })
    req.on('error', reject)
  })
}

/** og:title or <title>, and og:description or the description meta, as plain one-line text. */
export function readMeta(html: string): { title: string; description: string } {
  const metas = new Map<string, string>()
  for (const m of html.matchAll(/<meta\b[^>]*>/gi)) {
    const tag = m[0]
    const key = /\b(?:property|name)\s*=\s*["']([^"']+)["']/i.exec(tag)?.[1]?.toLowerCase()
    const content = /\bcontent\s*=\s*["']([^"']*)["']/i.exec(tag)?.[1]
    if (key && content !== undefined && !metas.has(key)) metas.set(key, content)
  }
  const title = metas.get('og:title') ?? /<title[^>]*>([\s\S]*?)<\/title>/i.exec(html)?.[1] ?? ''
  const description = metas.get('og:description') ?? metas.get('description') ?? ''
  return { title: clean(title, MAX_TITLE), description: clean(description, MAX_DESCRIPTION) }
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", '#39': "'", nbsp: ' ' }

function clean(text: string, max: number): string {
  const decoded = text
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (all, e: string) => {
      if (e[0] === '#') {
        const n = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1))
        return Number.isInteger(n) && n > 31 && n <= 0x10ffff && (n < 0xd800 || n > 0xdfff) ? String.fromCodePoint(n) : ''
      }
      return ENTITIES[e.toLowerCase()] ?? all
    })
    // No control characters in a card: the feed's rules refuse them (and a terminal would obey them).
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
  return [...decoded].slice(0, max).join('')
}
