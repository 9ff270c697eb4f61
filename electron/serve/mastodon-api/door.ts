// The Mastodon door of `rstatus serve` (docs/API.md, "The Mastodon-compatible API"): Mastodon's client
// API, so that Mastodon apps on this computer read and write the person's rstatus timeline. The web server
// hands it every request under its paths (`handles`) and every WebSocket upgrade to its streaming path;
// everything else here talks to the engine only through the contract's Api.
//
// The paths /api/v1/… and /api/v2/… sit under the RPC's /api/<method>: no RPC method is named v1 or v2
// (a test keeps it so), so both doors share the prefix without ambiguity.
import type http from 'node:http'
import { oneLine } from '../../../shared/errors.js'
import { ClientGone, readBody } from '../request-body.js'
import type { Duplex } from 'node:stream'
import type { Api } from '../../../shared/api/contract.js'
import type { WhoAmI } from '../../../shared/api/profile.js'
import type { TwitterIds } from '../twitter-api/ids.js'
import { Continuations } from '../twitter-api/timeline.js'
import { corsHeaders, grantOf, hostAllowed, preflightHeaders, type AppTokenVerifier, type ServerFacts } from './access.js'
import { accountRoutes } from './accounts.js'
import { conversationRoutes } from './conversations.js'
import { grantedApi } from './granted-api.js'
import { pagePolicy } from './approval-page.js'
import { EntityBuilder } from './entities.js'
import { fromRstatusError, mastodonErrors, MastodonError } from './errors.js'
import { instanceRoutes } from './instance.js'
import { listRoutes } from './lists.js'
import { MEDIA_PREFIX, MediaUrls, PendingMediaStore } from './media.js'
import { notificationRoutes } from './notification-routes.js'
import { OAuth } from './oauth.js'
import { readParams } from './params.js'
import { Registry } from './registry.js'
import { makeLinks, type Answer, type Door, type Route } from './router.js'
import { searchRoutes } from './search.js'
import { statusRoutes } from './statuses.js'
import { Streaming } from './streaming.js'
import { timelineRoutes } from './timeline-routes.js'
import { uploadRoutes } from './upload-routes.js'

const PREFIXES = ['/api/v1/', '/api/v2/', '/oauth/', MEDIA_PREFIX]
const STREAMING = /^\/api\/v1\/streaming\/?$/
/** JSON and form bodies; media uploads may be larger (an image, at most 10 MiB, in a multipart body). */
const MAX_BODY_BYTES = 1024 * 1024
const MAX_UPLOAD_BODY_BYTES = 12 * 1024 * 1024
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'])

export interface MastodonDoorOptions {
  api: Api
  /** The Twitter subset's ids: the Mastodon door numbers statuses the same way (one store, one id per status). */
  ids: TwitterIds
  /** The engine's app tokens: Mastodon's OAuth tokens are these. */
  apps: AppTokenVerifier
  /** The door's own state file (registry.ts). */
  stateFile: string
  log?: (line: string) => void
}

/** What web-server.ts calls. */
export interface MastodonHook {
  handles(pathname: string): boolean
  handle(req: http.IncomingMessage, res: http.ServerResponse, server: ServerFacts): Promise<void>
  handlesUpgrade(pathname: string): boolean
  upgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer, server: ServerFacts): void
  close(): void
}

export class MastodonDoor implements MastodonHook {
  private readonly door: Door
  private readonly apps: AppTokenVerifier
  private readonly streaming: Streaming
  private readonly offRevoke: () => void
  private readonly log: (line: string) => void
  private oauth: OAuth | null = null
  private routes: Route[] | null = null
  private whoami: Promise<WhoAmI> | null = null

  constructor(opts: MastodonDoorOptions) {
    this.log = opts.log ?? ((line) => console.error(line))
    this.apps = opts.apps
    const registry = new Registry(opts.stateFile, this.log)
    const media = new MediaUrls(registry.mediaKey)
    const door: Door = {
      api: opts.api,
      apiFor: (grant) => grantedApi(opts.api, grant, opts.apps),
      ids: opts.ids,
      registry,
      media,
      pending: new PendingMediaStore(),
      continuations: new Continuations(),
      log: this.log,
      links: (url) => makeLinks(url.origin, media),
      builder: (url) => new EntityBuilder(opts.api, opts.ids, makeLinks(url.origin, media)),
      me: () => {
        // Who "me" is does not change while serve runs; the profile is read fresh where it is shown.
        this.whoami ??= opts.api.call('whoami', {}).catch((err) => {
          this.whoami = null
          throw err
        })
        return this.whoami
      }
    }
    this.door = door
    this.streaming = new Streaming(door)
    this.offRevoke = opts.apps.onRevoke((name) => this.streaming.revoked(name))
  }

  handles(pathname: string): boolean {
    return PREFIXES.some((p) => pathname.startsWith(p))
  }

  handlesUpgrade(pathname: string): boolean {
    return STREAMING.test(pathname)
  }

  async handle(req: http.IncomingMessage, res: http.ServerResponse, server: ServerFacts): Promise<void> {
    const method = req.method ?? 'GET'
    let url: URL
    try {
      url = new URL(req.url ?? '/', `http://${req.headers.host ?? 'local.invalid'}`)
    } catch {
      return send(res, method, { status: 400, body: { error: 'Malformed request' } })
    }
    if (!hostAllowed(req, server)) return send(res, method, errorAnswer(mastodonErrors.badHost()))
    if (method === 'OPTIONS') {
      res.writeHead(204, preflightHeaders(req))
      return void res.end()
    }
    try {
      if (!METHODS.has(method)) throw mastodonErrors.notFound()
      if (STREAMING.test(url.pathname) || url.pathname === '/api/v1/streaming/health') {
        return send(res, method, { bytes: Buffer.from('OK'), headers: { 'Content-Type': 'text/plain; charset=utf-8' } })
      }
      const found = this.match(method === 'HEAD' ? 'GET' : method, url.pathname, server)
      if (!found) throw mastodonErrors.notFound()
      const { route, match } = found
      const grant = route.scope === 'public' ? null : grantOf(req, server, this.apps)
      if (grant && route.scope === 'write' && grant.readOnly) throw mastodonErrors.outsideScope()
      const max = url.pathname.endsWith('/media') ? MAX_UPLOAD_BODY_BYTES : MAX_BODY_BYTES
      const body = await readBody(req, max)
      if (body === null) throw mastodonErrors.tooLarge(max)
      const params = await readParams(url.searchParams, req.headers['content-type'], body)
      const answer = await route.handle({ params, url, grant, method, headers: req.headers, match })
      send(res, method, answer)
    } catch (err) {
      // A client that hangs up mid-request is not a failure of ours: nothing to log, nobody to answer.
      if (err instanceof ClientGone || res.destroyed) return void res.destroy()
      const known = fromRstatusError(err)
      if (!known) this.log(`rstatus: Mastodon API ${method} ${url.pathname} failed: ${oneLine(err)}`)
      send(res, method, errorAnswer(known ?? mastodonErrors.internal()))
    }
  }

  upgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer, server: ServerFacts): void {
    const refuse = (status: number): void =>
      void socket.end(`HTTP/1.1 ${status} ${status === 401 ? 'Unauthorized' : 'Forbidden'}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`)
    if (!hostAllowed(req, server)) return refuse(403)
    let url: URL
    try {
      url = new URL(req.url ?? '/', `http://${req.headers.host}`)
    } catch {
      return refuse(403)
    }
    try {
      this.streaming.upgrade(req, socket, head, url, grantOf(req, server, this.apps, { streaming: true, url }))
    } catch (err) {
      refuse(err instanceof MastodonError ? err.status : 403)
    }
  }

  close(): void {
    this.offRevoke()
    this.streaming.close()
  }

  private match(method: string, pathname: string, server: ServerFacts): { route: Route; match: string[] } | null {
    this.oauth ??= new OAuth(this.door.api, this.door.registry, this.apps, server)
    this.routes ??= [
      ...instanceRoutes(),
      ...this.oauth.routes(),
      ...accountRoutes(this.door),
      ...conversationRoutes(this.door),
      ...statusRoutes(this.door),
      ...timelineRoutes(this.door),
      ...listRoutes(this.door),
      ...notificationRoutes(this.door),
      ...searchRoutes(this.door),
      ...uploadRoutes(this.door)
    ]
    for (const route of this.routes) {
      if (route.method !== method) continue
      const m = route.pattern.exec(pathname)
      if (m) return { route, match: [...m] }
    }
    return null
  }
}

function errorAnswer(err: MastodonError): Answer {
  return { status: err.status, body: err.body }
}

function send(res: http.ServerResponse, method: string, answer: Answer): void {
  const base: Record<string, string> = {
    ...corsHeaders(),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-store'
  }
  let type: string
  let body: Buffer
  if (answer.html !== undefined) {
    type = 'text/html; charset=utf-8'
    body = Buffer.from(answer.html)
    // same-origin, not no-referrer: with no-referrer a browser sends the form's Origin as "null", and the
    // approval must show it comes from this server's own page.
    Object.assign(base, { 'Content-Security-Policy': pagePolicy(), 'X-Frame-Options': 'DENY', 'Referrer-Policy': 'same-origin' })
    // The approval pages are for this server's own origin: no other site may read them.
    delete base['Access-Control-Allow-Origin']
    delete base['Access-Control-Expose-Headers']
  } else if (answer.bytes !== undefined) {
    type = 'application/octet-stream'
    body = answer.bytes
  } else {
    type = 'application/json; charset=utf-8'
    body = Buffer.from(answer.body === undefined ? '' : JSON.stringify(answer.body))
  }
  const headers = { ...base, 'Content-Type': type, ...answer.headers, 'Content-Length': String(body.length) }
  res.writeHead(answer.status ?? 200, headers)
  res.end(method === 'HEAD' ? undefined : body)
}

