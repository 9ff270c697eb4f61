// Who may use the Mastodon door. Mastodon clients present an OAuth token, which here is one of the engine's
// app tokens (app-tokens.ts), as `Authorization: Bearer`. The UI's own token and its cookie open nothing
// here: an app that holds them holds everything, and this door must never become a way to use them from
// another origin. Cross-origin requests are allowed (web clients are served from their own sites), without
// credentials: a page elsewhere can only use a token it was given (docs/SECURITY.md, "Cross-origin").
import type http from 'node:http'
import type { AppGrant } from '../../engine/tokens/app-tokens.js'
import { allowedHost, bearerToken, tokenMatches } from '../auth.js'
import { mastodonErrors } from './errors.js'

export interface AppTokenVerifier {
  verify(token: string | undefined): AppGrant | null
  isValid(grant: AppGrant): boolean
  allowsMessages(grant: AppGrant): boolean
  onRevoke(fn: (name: string) => void): () => void
}

/** What the web server tells the door about itself. */
export interface ServerFacts {
  port: number
  /** The UI's token: refused here, whoever presents it. */
  uiToken: string
}

export function hostAllowed(req: http.IncomingMessage, server: ServerFacts): boolean {
  return allowedHost(req.headers.host, server.port)
}

/**
 * The app grant for a request's token, or a MastodonError. `streaming`: browsers cannot set headers on a
 * WebSocket, so there Mastodon also takes the token as ?access_token= or as the WebSocket protocol.
 */
export function grantOf(req: http.IncomingMessage, server: ServerFacts, apps: AppTokenVerifier, opts: { streaming?: boolean; url?: URL } = {}): AppGrant {
  const token = presentedToken(req, opts)
  if (token === undefined) throw mastodonErrors.needsUser()
  if (tokenMatches(token, server.uiToken)) throw mastodonErrors.invalidToken()
  const grant = apps.verify(token)
  if (!grant) throw mastodonErrors.invalidToken()
  return grant
}

function presentedToken(req: http.IncomingMessage, opts: { streaming?: boolean; url?: URL }): string | undefined {
  const header = req.headers.authorization
  if (header !== undefined) return bearerToken(header) ?? ''
  if (!opts.streaming) return undefined
  const query = opts.url?.searchParams.get('access_token')
  if (query) return query
  const protocol = req.headers['sec-websocket-protocol']
  return typeof protocol === 'string' && protocol.trim() !== '' ? protocol.split(',')[0]!.trim() : undefined
}

const ALLOWED_HEADERS = 'Authorization, Content-Type, Idempotency-Key, Accept'
const ALLOWED_METHODS = 'GET, POST, PUT, PATCH, DELETE, OPTIONS'

/** On every answer of the door: any origin may read it, never with cookies. */
export function corsHeaders(): Record<string, string> {
  return {
    'Access-Control-Allow-Origin': '*',
    'Access-Control-Expose-Headers': 'Link'
  }
}

/** The answer to a CORS preflight (and to Chromium's Private Network Access check for 127.0.0.1). */
export function preflightHeaders(req: http.IncomingMessage): Record<string, string> {
  return {
    ...corsHeaders(),
    'Access-Control-Allow-Methods': ALLOWED_METHODS,
    'Access-Control-Allow-Headers': ALLOWED_HEADERS,
    'Access-Control-Max-Age': '600',
    ...(req.headers['access-control-request-private-network'] === 'true' ? { 'Access-Control-Allow-Private-Network': 'true' } : {})
  }
}
