// Who may talk to the local web server. Pure functions over request headers, so every rule is unit-tested:
// the Host must be this server (against DNS rebinding), the token must match (in constant time), and a
// browser's Origin must be this server's own origin.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import type { AppGrant } from '../engine/tokens/app-tokens.js'

export const TOKEN_PARAM = 'token'

/** A fresh access token per run: 32 random bytes, base64url. */
export function createToken(): string {
  return randomBytes(32).toString('base64url')
}

/** Constant-time comparison over fixed-length digests, so neither timing nor length says anything. */
export function tokenMatches(candidate: string | undefined | null, token: string): boolean {
  if (typeof candidate !== 'string' || candidate.length === 0 || candidate.length > 1024) return false
  return timingSafeEqual(digest(candidate), digest(token))
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest()
}

/** Cookies are shared by every port of a host, so each server names its cookie after its port. */
export function cookieName(port: number): string {
  return `rstatus_${port}`
}

export function sessionCookie(port: number, token: string): string {
  return `${cookieName(port)}=${token}; HttpOnly; SameSite=Strict; Path=/`
}

export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined
  for (const part of header.split(';')) {
    const eq = part.indexOf('=')
    if (eq === -1) continue
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim()
  }
  return undefined
}

/** The token of an `Authorization: Bearer …` header; the scheme's name is case-insensitive (RFC 9110). */
export function bearerToken(header: string | undefined): string | undefined {
  const m = /^Bearer +([A-Za-z0-9_\-.~+/=]+)$/i.exec(header?.trim() ?? '')
  return m?.[1]
}

/** The Host header names this server: 127.0.0.1:PORT or localhost:PORT, nothing else. */
export function allowedHost(host: string | undefined, port: number): boolean {
  if (!host) return false
  const h = host.toLowerCase()
  return h === `127.0.0.1:${port}` || h === `localhost:${port}`
}

/** A browser's Origin must be exactly the origin it loaded the page from (the Host it asked for). */
export function sameOrigin(origin: string | undefined, host: string): boolean {
  return origin !== undefined && origin.toLowerCase() === `http://${host.toLowerCase()}`
}

export interface RequestFacts {
  method: string
  /** Path and query, as in the request line. */
  url: string
  headers: {
    host?: string | undefined
    origin?: string | undefined
    cookie?: string | undefined
    authorization?: string | undefined
  }
  /** A WebSocket upgrade or a state-changing API call: needs a matching Origin unless it uses Bearer. */
  sensitive: boolean
}

/** Checks per-app tokens (app-tokens.ts); they are only ever presented as Bearer. */
export interface AppTokenCheck {
  verify(token: string | undefined): AppGrant | null
}

export type Decision =
  | { kind: 'ok'; via: 'cookie' | 'bearer' }
  /** A per-app token: the caller may use /api, /rpc, /1.1 and /feed.atom within its scope, never the UI. */
  | { kind: 'ok'; via: 'app'; grant: AppGrant }
  /** A valid ?token=: set the cookie and send the browser on without the token in its address bar. */
  | { kind: 'redirect'; location: string; cookie: string }
  | { kind: 'bad-host' }
  | { kind: 'bad-origin' }
  | { kind: 'unauthorized' }

export function authorize(req: RequestFacts, server: { token: string; port: number; apps?: AppTokenCheck }): Decision {
  const host = req.headers.host
  if (!allowedHost(host, server.port) || host === undefined) return { kind: 'bad-host' }

  // An Origin, whenever a browser sends one, must be ours: a page elsewhere cannot use our cookie.
  const origin = req.headers.origin
  if (origin !== undefined && !sameOrigin(origin, host)) return { kind: 'bad-origin' }

  const auth = req.headers.authorization
  if (auth !== undefined) {
    const presented = bearerToken(auth)
    if (tokenMatches(presented, server.token)) return { kind: 'ok', via: 'bearer' }
    const grant = server.apps?.verify(presented) ?? null
    return grant ? { kind: 'ok', via: 'app', grant } : { kind: 'unauthorized' }
  }

  const url = parseUrl(req.url)
  const queryToken = url?.searchParams.get(TOKEN_PARAM)
  if (queryToken !== null && queryToken !== undefined && (req.method === 'GET' || req.method === 'HEAD') && !req.sensitive) {
    if (!tokenMatches(queryToken, server.token)) return { kind: 'unauthorized' }
    url!.searchParams.delete(TOKEN_PARAM)
    return { kind: 'redirect', location: localPath(url!), cookie: sessionCookie(server.port, server.token) }
  }

  if (!tokenMatches(readCookie(req.headers.cookie, cookieName(server.port)), server.token)) return { kind: 'unauthorized' }
  // A cookie alone is what a cross-site request would carry: sensitive requests must show our Origin too.
  if (req.sensitive && origin === undefined) return { kind: 'bad-origin' }
  return { kind: 'ok', via: 'cookie' }
}

function parseUrl(url: string): URL | null {
  try {
    return new URL(url, 'http://local.invalid')
  } catch {
    return null
  }
}

/** A same-server path: never "//evil.example", which a browser would read as another host. */
function localPath(url: URL): string {
  const pathname = url.pathname.startsWith('//') ? '/' : url.pathname
  const query = url.searchParams.toString()
  return pathname + (query ? `?${query}` : '')
}
