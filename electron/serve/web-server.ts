// `rstatus serve`'s web server: the built renderer and the RPC (WebSocket at /rpc, POST /api/<method>)
// on 127.0.0.1 only, behind a per-run access token. Every request passes authorize() first. Other local
// apps come in with per-app tokens (docs/API.md): the RPC within their scope, the Twitter-compatible
// subset at /1.1/ and the own feed as Atom at /feed.atom, never the UI.
import fs from 'node:fs'
import http from 'node:http'
import type { Duplex } from 'node:stream'
import { WebSocketServer, type WebSocket } from 'ws'
import type { Api, MethodName } from '../../shared/api/contract.js'
import { oneLine, type ErrorCode } from '../../shared/errors.js'
import { webSocketChannel, type WebSocketLike } from '../../shared/rpc/websocket-channel.js'
import type { AppGrant, AppTokens } from '../engine/tokens/app-tokens.js'
import { handleRpcMessage, scopeAllows, serveRpc } from '../../shared/rpc/server.js'
import { ATOM_TYPE, ownAtomFeed } from './atom.js'
import { authorize, createToken, type Decision } from './auth.js'
import { keepAlive } from './heartbeat.js'
import { ClientGone, readBody } from './request-body.js'
import { NOTICE_PAGE_POLICY, noticePage } from './notice-page.js'
import type { MastodonHook } from './mastodon-api/door.js'
import { fanOutEvents } from './event-fan-out.js'
import { LOCAL_HOST } from './serve-info.js'
import { defaultUiDir, resolveStatic, securityHeaders, uiIsBuilt } from './static-files.js'
import { TWITTER_PREFIX, type TwitterDoor } from './twitter-api/door.js'
import { TwitterError, twitterErrors } from './twitter-api/errors.js'
import { clientCredentials, OAUTH2_TOKEN_PATH } from './twitter-api/oauth2.js'
import { twitterParams } from './twitter-api/params.js'

const MAX_BODY_BYTES = 1024 * 1024
const MAX_WS_PAYLOAD = 1024 * 1024
export const ATOM_PATH = '/feed.atom'
const ATOM_DEFAULT_LIMIT = 100
const ATOM_MAX_LIMIT = 1000

export interface WebServerOptions {
  api: Api
  /** 0 picks a free port. */
  port: number
  /** Serve the renderer; false serves only /rpc and /api. */
  ui: boolean
  uiDir?: string
  /** The UI's token (serve keeps it in the data directory, ui-token.ts); a fresh random one otherwise. */
  token?: string
  /** Per-app tokens (the engine's); without them only the UI's token opens anything. */
  apps?: Pick<AppTokens, 'verify' | 'isValid' | 'onRevoke'>
  /** The Twitter-compatible subset at /1.1/; absent, those paths answer Twitter's "page does not exist". */
  twitter?: TwitterDoor
  /** The Mastodon-compatible API (/api/v1/, /api/v2/, /oauth/); it checks its own tokens. */
  mastodon?: MastodonHook
  log?: (line: string) => void
}

export interface WebServer {
  port: number
  token: string
  /** The address to open, carrying the token. */
  url: string
  close(): Promise<void>
}

export async function startWebServer(opts: WebServerOptions): Promise<WebServer> {
  const token = opts.token ?? createToken()
  const uiDir = opts.uiDir ?? defaultUiDir()
  const log = opts.log ?? ((line: string) => console.error(line))
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_WS_PAYLOAD })
  const server = http.createServer()
  let port = opts.port
  const apps = opts.apps
  /** Open WebSockets per app token name, so revoking a token also hangs up on it. */
  const appSockets = new Map<string, Set<WebSocket>>()
  const offRevoke = apps?.onRevoke((name) => {
    for (const ws of appSockets.get(name) ?? []) ws.terminate()
    appSockets.delete(name)
  })

  /** The engine's events reach every WebSocket through one listener each, however many sockets are open. */
  const rpcApi = fanOutEvents(opts.api)

  server.on('request', (req, res) => {
    void handleRequest(req, res).catch((err) => {
      // A client that hangs up mid-request is not a failure of ours: nothing to log, nobody to answer.
      if (err instanceof ClientGone || req.destroyed || res.destroyed) return void res.destroy()
      log(`rstatus: ${req.method} ${pathOf(req.url)} failed: ${oneLine(err)}`)
      if (res.headersSent) return void res.destroy()
      const pathname = pathOf(req.url)
      if (pathname.startsWith(TWITTER_PREFIX)) return sendJson(res, 500, twitterErrors.internal().body)
      if (isJsonDoor(pathname)) return sendJson(res, 500, rpcError('INTERNAL', 'rstatus could not complete the request (see the rstatus log)'))
      sendText(res, 500, 'Internal error')
    })
  })
  server.on('upgrade', (req, socket, head) => handleUpgrade(req, socket, head))
  server.on('clientError', (_err, socket) => socket.destroy())

  async function handleRequest(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const pathname = pathOf(req.url)
    if (opts.mastodon?.handles(pathname)) return opts.mastodon.handle(req, res, { port, uiToken: token })
    if (pathname === OAUTH2_TOKEN_PATH) return handleOAuth2Token(req, res)
    const isApi = pathname.startsWith('/api/')
    const isTwitter = pathname.startsWith(TWITTER_PREFIX)
    const decision = authorize(facts(req, (isApi || isTwitter) && req.method === 'POST'), { token, port, ...(apps ? { apps } : {}) })
    if (isTwitter) return handleTwitter(req, res, pathname.slice(TWITTER_PREFIX.length), decision)
    if (refused(decision, res, isJsonDoor(pathname))) return
    if (decision.kind === 'redirect') {
      res.writeHead(303, { ...baseHeaders(), Location: decision.location, 'Set-Cookie': decision.cookie })
      res.end()
      return
    }
    if (pathname === '/rpc') return sendJson(res, 426, rpcError('INVALID_INPUT', 'Connect to /rpc with a WebSocket'))
    if (pathname === '/api') return sendJson(res, 404, rpcError('UNKNOWN_METHOD', 'Call POST /api/<method>'))
    if (isApi) return handleApi(req, res, pathname.slice('/api/'.length), decision.kind === 'ok' ? decision : null)
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendText(res, 405, 'Method not allowed')
    if (pathname === ATOM_PATH) return handleAtom(req, res)
    if (decision.kind === 'ok' && decision.via === 'app') {
      return sendText(res, 403, 'An app token opens /api, /rpc, /1.1 and /feed.atom, not the app itself')
    }
    if (!opts.ui) return sendText(res, 404, 'This rstatus serve runs without the UI (--no-ui); use /rpc or /api')
    if (!uiIsBuilt(uiDir)) return sendHtml(res, 503, noticePage('The app is not built yet', ['Run <code>npm run build</code>, then start <code>rstatus serve</code> again.']))
    const file = resolveStatic(uiDir, pathname)
    if (!file) return sendText(res, 404, 'Not found')
    res.writeHead(200, {
      ...baseHeaders(req.headers.host),
      'Content-Type': file.type,
      'Content-Length': file.size,
      'Cache-Control': 'no-cache'
    })
    if (req.method === 'HEAD') return void res.end()
    fs.createReadStream(file.file).on('error', () => res.destroy()).pipe(res)
  }

  async function handleApi(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    method: string,
    decision: Extract<Decision, { kind: 'ok' }> | null
  ): Promise<void> {
    if (req.method !== 'POST') return sendJson(res, 405, { error: { code: 'INVALID_INPUT', message: 'Use POST' } })
    if (!/^application\/json(;|$)/i.test(req.headers['content-type'] ?? '')) {
      return sendJson(res, 415, { error: { code: 'INVALID_INPUT', message: 'Send a JSON body (Content-Type: application/json)' } })
    }
    const body = await readBody(req, MAX_BODY_BYTES)
    if (body === null) return sendJson(res, 413, { error: { code: 'INVALID_INPUT', message: `The body is over ${MAX_BODY_BYTES} bytes` } })
    const text = utf8Text(body)
    if (text === null) return sendJson(res, 400, rpcError('INVALID_INPUT', 'The body is not valid UTF-8'))
    let params: unknown = {}
    if (text.trim() !== '') {
      try {
        params = JSON.parse(text)
      } catch {
        return sendJson(res, 400, { error: { code: 'INVALID_INPUT', message: 'The body is not JSON' } })
      }
    }
    const allow = decision?.via === 'app' ? allowFor(decision.grant) : undefined
    const response = await handleRpcMessage(opts.api, { id: 1, method: decodePath(method), params }, { log, ...(allow ? { allow } : {}) })
    if (!response) return sendJson(res, 400, { error: { code: 'INVALID_INPUT', message: 'Malformed request' } })
    if ('error' in response) return sendJson(res, httpStatus(response.error.code), { error: response.error })
    sendJson(res, 200, response.result)
  }

  /** What a per-app token may call: its scope, and only while it is not revoked. */
  function allowFor(grant: AppGrant): (method: MethodName) => boolean {
    const scope = grant.readOnly ? 'read-only' : 'app'
    return (method) => apps !== undefined && apps.isValid(grant) && scopeAllows(scope, method)
  }

  async function handleTwitter(req: http.IncomingMessage, res: http.ServerResponse, path: string, decision: Decision): Promise<void> {
    // Twitter's clients send a token, never a cookie: anything else is "bad authentication data".
    const refusal =
      decision.kind === 'bad-host' || decision.kind === 'bad-origin'
        ? new TwitterError(403, 220, decision.kind === 'bad-host' ? 'This server answers only to 127.0.0.1 and localhost.' : 'Requests from other sites are refused.')
        : req.headers.authorization === undefined
          ? twitterErrors.badAuthentication()
          : decision.kind !== 'ok' || decision.via === 'cookie'
            ? twitterErrors.invalidToken()
            : null
    if (refusal) return sendJson(res, refusal.status, refusal.body)
    if (decision.kind !== 'ok') return
    if (!opts.twitter) return sendJson(res, 404, twitterErrors.notFound().body)
    const body = req.method === 'POST' ? await readBody(req, MAX_BODY_BYTES) : Buffer.alloc(0)
    if (body === null) return sendJson(res, 413, twitterErrors.invalid(`The body is over ${MAX_BODY_BYTES} bytes.`).body)
    let params: Map<string, string>
    try {
      params = twitterParams(queryOf(req.url), req.headers['content-type'], body)
    } catch (err) {
      const e = err instanceof TwitterError ? err : twitterErrors.internal()
      return sendJson(res, e.status, e.body)
    }
    const canWrite = decision.via !== 'app' || !decision.grant.readOnly
    const answer = await opts.twitter.handle({ method: req.method ?? 'GET', path: decodePath(path), params, canWrite })
    sendJson(res, answer.status, answer.body)
  }

  /** Twitter's app-only sign-in: the client secret is an rstatus token, and comes back as the bearer token. */
  async function handleOAuth2Token(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    if (req.method !== 'POST') return sendJson(res, 404, twitterErrors.notFound().body)
    const body = await readBody(req, MAX_BODY_BYTES)
    if (body === null) return sendJson(res, 413, twitterErrors.invalid(`The body is over ${MAX_BODY_BYTES} bytes.`).body)
    const presented = clientCredentials(req.headers.authorization, queryOf(req.url), body)
    if (presented instanceof TwitterError) return sendJson(res, presented.status, presented.body)
    // checked as that token presented as Bearer would be: Host, Origin, then the token itself
    const presentedAs = facts(req, true)
    presentedAs.headers.authorization = `Bearer ${presented.token}`
    const decision = authorize(presentedAs, { token, port, ...(apps ? { apps } : {}) })
    if (decision.kind === 'bad-host' || decision.kind === 'bad-origin') {
      const refusal = new TwitterError(403, 220, decision.kind === 'bad-host' ? 'This server answers only to 127.0.0.1 and localhost.' : 'Requests from other sites are refused.')
      return sendJson(res, refusal.status, refusal.body)
    }
    if (decision.kind !== 'ok') return sendJson(res, 403, twitterErrors.badClientCredentials().body)
    sendJson(res, 200, { token_type: 'bearer', access_token: presented.token })
  }

  async function handleAtom(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const asked = new URL(req.url ?? '/', 'http://local.invalid').searchParams.get('limit')
    const limit = asked !== null && /^\d{1,6}$/.test(asked) ? Math.max(1, Math.min(ATOM_MAX_LIMIT, Number(asked))) : ATOM_DEFAULT_LIMIT
    const { xml } = await ownAtomFeed(opts.api, { limit, selfUrl: `http://${req.headers.host}${ATOM_PATH}` })
    res.writeHead(200, { ...baseHeaders(), 'Content-Type': ATOM_TYPE, 'Content-Length': Buffer.byteLength(xml), 'Cache-Control': 'no-store' })
    res.end(req.method === 'HEAD' ? undefined : xml)
  }

  function handleUpgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => socket.destroy())
    if (opts.mastodon?.handlesUpgrade(pathOf(req.url))) return opts.mastodon.upgrade(req, socket, head, { port, uiToken: token })
    const decision = authorize(facts(req, true), { token, port, ...(apps ? { apps } : {}) })
    const status =
      decision.kind === 'ok' ? (pathOf(req.url) === '/rpc' ? 0 : 404)
      : decision.kind === 'unauthorized' ? 401
      : 403
    if (status !== 0) {
      const body = JSON.stringify(
        status === 404 ? rpcError('NOT_FOUND', 'WebSockets connect to /rpc')
        : decision.kind === 'unauthorized' ? unauthorizedError()
        : forbiddenError(decision.kind === 'bad-host')
      )
      const head = [`HTTP/1.1 ${status} ${http.STATUS_CODES[status]}`, 'Connection: close', 'Content-Type: application/json; charset=utf-8', `Content-Length: ${Buffer.byteLength(body)}`]
      socket.end(`${head.join('\r\n')}\r\n\r\n${body}`)
      return
    }
    const grant = decision.kind === 'ok' && decision.via === 'app' ? decision.grant : null
    wss.handleUpgrade(req, socket, head, (ws) => attach(ws, grant))
  }

  function attach(ws: WebSocket, grant: AppGrant | null): void {
    keepAlive(ws)
    if (grant) {
      const sockets = appSockets.get(grant.name) ?? new Set<WebSocket>()
      appSockets.set(grant.name, sockets.add(ws))
      ws.on('close', () => sockets.delete(ws))
    }
    serveRpc(rpcApi, webSocketChannel(ws as unknown as WebSocketLike), { log, ...(grant ? { allow: allowFor(grant) } : {}) })
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(opts.port, LOCAL_HOST, () => {
      server.off('error', reject)
      resolve()
    })
  })
  port = (server.address() as { port: number }).port

  return {
    port,
    token,
    url: `http://${LOCAL_HOST}:${port}/?token=${token}`,
    async close() {
      offRevoke?.()
      opts.mastodon?.close()
      rpcApi.close()
      for (const ws of wss.clients) ws.terminate()
      wss.close()
      await new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
    }
  }
}

function facts(req: http.IncomingMessage, sensitive: boolean) {
  return {
    method: req.method ?? 'GET',
    url: req.url ?? '/',
    headers: {
      host: req.headers.host,
      origin: req.headers.origin,
      cookie: req.headers.cookie,
      authorization: req.headers.authorization
    },
    sensitive
  }
}

/** The RPC's doors, whose every answer is JSON: POST /api/<method> and /rpc. */
function isJsonDoor(pathname: string): boolean {
  return pathname === '/api' || pathname.startsWith('/api/') || pathname === '/rpc'
}

/** The RPC's error shape (docs/API.md, "The RPC"). */
function rpcError(code: ErrorCode, message: string): { error: { code: ErrorCode; message: string } } {
  return { error: { code, message } }
}

function unauthorizedError() {
  return rpcError('UNAUTHORIZED', 'A valid token is needed: send Authorization: Bearer TOKEN (see docs/API.md, "Tokens")')
}

function forbiddenError(badHost: boolean) {
  return rpcError('NOT_ALLOWED', badHost ? 'This server answers only to 127.0.0.1 and localhost' : 'Requests from other sites are refused')
}

/**
 * Sends the refusal for a failed check, as JSON on the RPC's doors and as a page or text elsewhere; true when
 * the request is done.
 */
function refused(decision: Decision, res: http.ServerResponse, json: boolean): boolean {
  switch (decision.kind) {
    case 'bad-host':
    case 'bad-origin':
      if (json) sendJson(res, 403, forbiddenError(decision.kind === 'bad-host'))
      else sendText(res, 403, forbiddenError(decision.kind === 'bad-host').error.message)
      return true
    case 'unauthorized':
      if (json) sendJson(res, 401, unauthorizedError())
      else sendHtml(res, 401, noticePage('This page needs a new link', [
        'Open the link printed by <code>rstatus serve</code>: it carries the key that lets this browser in.',
        'A link stops working when <code>rstatus serve</code> is started with <code>--new-token</code>. Run ' +
          '<code>rstatus serve</code> again to see the current link.'
      ]))
      return true
    default:
      return false
  }
}

/** `host` is the (already checked) Host the page was loaded from, when the answer holds the page. */
function baseHeaders(host?: string): Record<string, string> {
  return securityHeaders(host === undefined ? {} : { host })
}

function sendText(res: http.ServerResponse, status: number, text: string): void {
  send(res, status, 'text/plain; charset=utf-8', text + '\n')
}

/** A notice page (notice-page.ts), under its own policy: its inline style, nothing else. */
function sendHtml(res: http.ServerResponse, status: number, html: string): void {
  res.writeHead(status, {
    ...baseHeaders(),
    'Content-Security-Policy': NOTICE_PAGE_POLICY,
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': Buffer.byteLength(html),
    'Cache-Control': 'no-store'
  })
  res.end(html)
}

function sendJson(res: http.ServerResponse, status: number, value: unknown): void {
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(value ?? null))
}

function send(res: http.ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, {
    ...baseHeaders(),
    'Content-Type': type,
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-store'
  })
  res.end(body)
}


function pathOf(url: string | undefined): string {
  try {
    return new URL(url ?? '/', 'http://local.invalid').pathname
  } catch {
    return '/'
  }
}

function decodePath(segment: string): string {
  try {
    return decodeURIComponent(segment)
  } catch {
    return segment
  }
}

/** The text of a body, or null when it is not UTF-8 (never a U+FFFD in place of what was sent). */
function utf8Text(bytes: Buffer): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    return null
  }
}

/** The raw query string of a request line, without the "?". */
function queryOf(url: string | undefined): string {
  const at = (url ?? '').indexOf('?')
  return at === -1 ? '' : (url ?? '').slice(at + 1)
}


export function httpStatus(code: ErrorCode): number {
  switch (code) {
    case 'INVALID_KEY':
    case 'INVALID_URI':
    case 'INVALID_INPUT':
    case 'INVALID_RECORD':
    case 'TEXT_TOO_LONG':
    case 'EMPTY_TEXT':
      return 400
    case 'UNAUTHORIZED':
      return 401
    case 'NOT_ALLOWED':
      return 403
    case 'NOT_FOUND':
    case 'UNKNOWN_METHOD':
      return 404
    case 'FEED_BEHIND':
    case 'DATA_DIR_LOCKED':
      return 409
    case 'TIMEOUT':
      return 504
    case 'CLOSED':
      return 503
    case 'INTERNAL':
      return 500
  }
}
