// Asking a domain which key it names (PROTOCOL.md, "Handles"): the TXT record _rstatus.<handle>, then
// https://<handle>/.well-known/rstatus.json. The domain's answer is hostile input from a stranger's server:
// one deadline for the whole lookup, a byte cap, no redirects, and no private or loopback address unless the
// person chose the resolver that gave it (RSTATUS_DNS: a home network's own server is theirs to trust).
import dns from 'node:dns'
import https from 'node:https'
import net from 'node:net'
import { parseKey, type FeedKey } from '../../../shared/keys.js'
import { isPrivateAddress } from '../cards/bounded-fetch.js'

export const TXT_PREFIX = '_rstatus.'
export const WELL_KNOWN_PATH = '/.well-known/rstatus.json'
const MAX_BODY_BYTES = 16 * 1024
const DEFAULT_TIMEOUT_MS = 10_000

export interface LookupOptions {
  /** DNS servers to ask (dns-servers.ts); the system's resolver when absent. */
  servers?: string[]
  timeoutMs?: number
}

/**
 * The key a TXT record set names: the value of its `key=` strings. Null when none does, or when they name
 * different keys (a domain must say one thing). A record's strings are joined first, as RFC 7208 does.
 */
export function keyFromTxt(records: string[][]): FeedKey | null {
  const keys = new Set<FeedKey>()
  for (const chunks of records) {
    const text = chunks.join('').trim()
    if (!text.startsWith('key=')) continue
    const key = keyOrNull(text.slice(4))
    if (key === null) return null
    keys.add(key)
  }
  return keys.size === 1 ? [...keys][0]! : null
}

/** The key a well-known file names: `{"key":"<z-base-32>"}`; other fields are ignored. Null otherwise. */
export function keyFromWellKnown(body: string): FeedKey | null {
  let value: unknown
  try {
    value = JSON.parse(body)
  } catch {
    return null
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null
  const key = (value as Record<string, unknown>).key
  return typeof key === 'string' ? keyOrNull(key) : null
}

/** The key `handle` names, or null when it names none (or cannot be reached within the deadline). */
export async function lookupHandle(handle: string, opts: LookupOptions = {}): Promise<FeedKey | null> {
  const signal = AbortSignal.timeout(opts.timeoutMs ?? DEFAULT_TIMEOUT_MS)
  const resolver = new dns.promises.Resolver({ timeout: 3000, tries: 2 })
  if (opts.servers) resolver.setServers(opts.servers)
  const cancel = () => resolver.cancel()
  signal.addEventListener('abort', cancel)
  try {
    const txt = await resolver.resolveTxt(TXT_PREFIX + handle).catch(() => [])
    const fromDns = keyFromTxt(txt)
    if (fromDns !== null || txt.some((r) => r.join('').trim().startsWith('key='))) return fromDns
    // Past the deadline the resolver is cancelled, and every further query would wait out its own timeout.
    if (signal.aborted) return null
    const address = await addressOf(handle, resolver, opts.servers !== undefined)
    if (address === null || signal.aborted) return null
    const body = await getWellKnown(handle, address, signal)
    return body === null ? null : keyFromWellKnown(body)
  } catch {
    // Any failure (no address, refused, bad TLS, timeout) means the domain names no key today.
    return null
  } finally {
    signal.removeEventListener('abort', cancel)
  }
}

function keyOrNull(text: string): FeedKey | null {
  try {
    return parseKey(text.trim())
  } catch {
    return null
  }
}

async function addressOf(handle: string, resolver: dns.promises.Resolver, chosen: boolean): Promise<{ address: string; family: number } | null> {
  let found: { address: string; family: number } | null = null
  if (chosen) {
    const v4 = await resolver.resolve4(handle).catch(() => [])
    const v6 = v4.length ? [] : await resolver.resolve6(handle).catch(() => [])
    const address = v4[0] ?? v6[0]
    if (address) found = { address, family: net.isIP(address) }
  } else {
    found = await dns.promises.lookup(handle, { verbatim: true }).catch(() => null)
  }
  if (found === null) return null
  return !chosen && isPrivateAddress(found.address) ? null : found
}

function getWellKnown(handle: string, { address, family }: { address: string; family: number }, signal: AbortSignal): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const req = https.get({
      host: handle,
      servername: handle,
      path: WELL_KNOWN_PATH,
      signal,
      headers: { accept: 'application/json', 'user-agent': 'rstatus handle check' },
      // Dial exactly the address that was checked (as a list when the socket asks for all of them).
      lookup: ((_h: string, o: { all?: boolean }, cb: (...args: unknown[]) => void) =>
        o.all ? cb(null, [{ address, family }]) : cb(null, address, family)) as unknown as net.LookupFunction
    }, (res) => {
      if (res.statusCode !== 200) {
        res.resume()
        return resolve(null)
      }
      const chunks: Buffer[] = []
      let size = 0
      res.on('data', (c: Buffer) => {
        size += c.length
        if (size > MAX_BODY_BYTES) {
          res.destroy()
          resolve(null)
        } else chunks.push(c)
      })
      res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
      res.on('error', reject)
    })
    req.on('error', reject)
  })
}
