// One GET of a stranger's URL, bounded at every step: at most 3 redirects, a deadline the caller owns (so a
// page and its image share one), a byte cap on what is read, http(s) only, and no private, loopback or
// link-local address (checked on the address actually dialed, so DNS cannot rebind around it).
import dns from 'node:dns/promises'
import http from 'node:http'
import https from 'node:https'
import net from 'node:net'

export const MAX_REDIRECTS = 3

export interface BoundedFetchOptions {
  /** Ends the fetch, wherever it is; shared by every fetch one card makes. */
  signal: AbortSignal
  /** Tests only: let loopback and private addresses through (a local HTTP server). */
  allowPrivate?: boolean
  maxBytes: number
  /** What to do past maxBytes: keep what arrived (a page's head is enough), or give up (an image cut short is no image). */
  overCap: 'truncate' | 'fail'
  accept: string
}

export interface Fetched {
  /** Where the body came from, after redirects: what relative URLs in it resolve against. */
  url: string
  /** The server's Content-Type, as it claims. */
  type: string
  body: Buffer
}

/** The body of `url` answered with 200, or null for another status; throws when a limit is hit or the fetch fails. */
export async function boundedFetch(url: string, opts: BoundedFetchOptions): Promise<Fetched | null> {
  let at = url
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    const answer = await getOnce(at, opts)
    if ('redirect' in answer) {
      at = new URL(answer.redirect, at).toString()
      continue
    }
    return answer.body === null ? null : { url: at, type: answer.type, body: answer.body }
  }
  throw new Error('too many redirects')
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

/** A slow resolver must not stretch the deadline: dns.lookup takes no signal. */
function beforeDeadline<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  signal.throwIfAborted()
  return new Promise<T>((resolve, reject) => {
    const abort = () => reject(signal.reason)
    signal.addEventListener('abort', abort, { once: true })
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', abort))
  })
}

type Answer = { redirect: string } | { type: string; body: Buffer | null }

async function getOnce(url: string, opts: BoundedFetchOptions): Promise<Answer> {
  const u = new URL(url)
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('not http')
  const host = u.hostname.replace(/^\[|\]$/g, '')
  const { address, family } = net.isIP(host) ? { address: host, family: net.isIP(host) } : await beforeDeadline(dns.lookup(host, { verbatim: true }), opts.signal)
  if (!opts.allowPrivate && isPrivateAddress(address)) throw new Error('private address')
  const lib = u.protocol === 'https:' ? https : http
  const { maxBytes } = opts
  return new Promise<Answer>((resolve, reject) => {
    const req = lib.get(u, {
      signal: opts.signal,
      headers: { accept: opts.accept, 'user-agent': 'rstatus link card' },
      // Dial exactly the address that was checked.
      lookup: (_h, _o, cb) => cb(null, address, family)
    }, (res) => {
      const status = res.statusCode ?? 0
      const type = String(res.headers['content-type'] ?? '')
      if (status >= 300 && status < 400 && res.headers.location) {
        res.resume()
        return resolve({ redirect: res.headers.location })
      }
      if (status !== 200) {
        res.resume()
        return resolve({ type, body: null })
      }
      const announced = Number(res.headers['content-length'])
      if (opts.overCap === 'fail' && Number.isFinite(announced) && announced > maxBytes) {
        res.destroy()
        return reject(new Error('too large'))
      }
      const chunks: Buffer[] = []
      let size = 0
      res.on('data', (c: Buffer) => {
        if (size > maxBytes) return
        chunks.push(c)
        size += c.length
        if (size > maxBytes) {
          res.destroy()
          if (opts.overCap === 'fail') reject(new Error('too large'))
          else resolve({ type, body: Buffer.concat(chunks).subarray(0, maxBytes) })
        }
      })
      res.on('end', () => resolve({ type, body: Buffer.concat(chunks) }))
      res.on('error', reject)
    })
    req.on('error', reject)
  })
}
