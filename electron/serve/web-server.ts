// `rstatus serve`'s web server: the built renderer and the RPC (WebSocket at /rpc, POST /api/<method>)
// on 127.0.0.1 only, behind a per-run access token. Every request passes authorize() first.
import fs from 'node:fs'
import http from 'node:http'
import type { Duplex } from 'node:stream'
import { WebSocketServer, type WebSocket } from 'ws'
import type { Api } from '../../shared/api.js'
import type { ErrorCode } from '../../shared/errors.js'
import { webSocketChannel, type WebSocketLike } from '../../shared/rpc/websocket-channel.js'
import { handleRpcMessage, serveRpc } from '../engine/rpc-server.js'
import { authorize, createToken, type Decision } from './auth.js'
import { defaultUiDir, resolveStatic, uiIsBuilt } from './static-files.js'

export const LOCAL_HOST = '127.0.0.1'
const MAX_BODY_BYTES = 1024 * 1024
const MAX_WS_PAYLOAD = 1024 * 1024
const HEARTBEAT_MS = 30_000

export interface WebServerOptions {
  api: Api
  /** 0 picks a free port. */
  port: number
  /** Serve the renderer; false serves only /rpc and /api. */
  ui: boolean
  uiDir?: string
  /** For tests; a fresh random token otherwise. */
  token?: string
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

  server.on('request', (req, res) => {
    void handleRequest(req, res).catch((err) => {
      log(`rstatus: request failed: ${(err as Error)?.stack ?? String(err)}`)
      if (!res.headersSent) sendText(res, 500, 'Internal error')
      else res.destroy()
    })
  })
  server.on('upgrade', (req, socket, head) => handleUpgrade(req, socket, head))
  server.on('clientError', (_err, socket) => socket.destroy())

  async function handleRequest(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const pathname = pathOf(req.url)
    const isApi = pathname.startsWith('/api/')
    const decision = authorize(facts(req, isApi && req.method === 'POST'), { token, port })
    if (refused(decision, res)) return
    if (decision.kind === 'redirect') {
      res.writeHead(303, { ...baseHeaders(), Location: decision.location, 'Set-Cookie': decision.cookie })
      res.end()
      return
    }
    if (pathname === '/rpc') return sendText(res, 426, 'Connect to /rpc with a WebSocket')
    if (isApi) return handleApi(req, res, pathname.slice('/api/'.length))
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendText(res, 405, 'Method not allowed')
    if (!opts.ui) return sendText(res, 404, 'This rstatus serve runs without the UI (--no-ui); use /rpc or /api')
    if (!uiIsBuilt(uiDir)) return sendHtml(res, 503, page('The rstatus UI is not built yet: run npm run build, then start rstatus serve again.'))
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

  async function handleApi(req: http.IncomingMessage, res: http.ServerResponse, method: string): Promise<void> {
    if (req.method !== 'POST') return sendJson(res, 405, { error: { code: 'INVALID_INPUT', message: 'Use POST' } })
    if (!/^application\/json(;|$)/i.test(req.headers['content-type'] ?? '')) {
      return sendJson(res, 415, { error: { code: 'INVALID_INPUT', message: 'Send a JSON body (Content-Type: application/json)' } })
    }
    const body = await readBody(req, MAX_BODY_BYTES)
    if (body === null) return sendJson(res, 413, { error: { code: 'INVALID_INPUT', message: `The body is over ${MAX_BODY_BYTES} bytes` } })
    let params: unknown = {}
    if (body.trim() !== '') {
      try {
        params = JSON.parse(body)
      } catch {
        return sendJson(res, 400, { error: { code: 'INVALID_INPUT', message: 'The body is not JSON' } })
      }
    }
    const response = await handleRpcMessage(opts.api, { id: 1, method: decodePath(method), params }, { log })
    if (!response) return sendJson(res, 400, { error: { code: 'INVALID_INPUT', message: 'Malformed request' } })
    if ('error' in response) return sendJson(res, httpStatus(response.error.code), { error: response.error })
    sendJson(res, 200, response.result)
  }

  function handleUpgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => socket.destroy())
    const decision = authorize(facts(req, true), { token, port })
    const status =
      decision.kind === 'ok' ? (pathOf(req.url) === '/rpc' ? 0 : 404)
      : decision.kind === 'unauthorized' ? 401
      : 403
    if (status !== 0) {
      socket.end(`HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`)
      return
    }
    wss.handleUpgrade(req, socket, head, (ws) => attach(ws))
  }

  function attach(ws: WebSocket): void {
    let alive = true
    ws.on('pong', () => (alive = true))
    ws.on('error', () => ws.terminate())
    const heartbeat = setInterval(() => {
      if (!alive) return void ws.terminate()
      alive = false
      ws.ping()
    }, HEARTBEAT_MS)
    heartbeat.unref()
    ws.on('close', () => clearInterval(heartbeat))
    serveRpc(opts.api, webSocketChannel(ws as unknown as WebSocketLike), { log })
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

/** Sends the refusal for a failed check; true when the request is done. */
function refused(decision: Decision, res: http.ServerResponse): boolean {
  switch (decision.kind) {
    case 'bad-host':
      sendText(res, 403, 'This server answers only to 127.0.0.1 and localhost')
      return true
    case 'bad-origin':
      sendText(res, 403, 'Requests from other sites are refused')
      return true
    case 'unauthorized':
      sendHtml(res, 401, page('Open the link printed by rstatus serve.'))
      return true
    default:
      return false
  }
}

/** The page's policy; `host` is the (already checked) Host the page was loaded from. */
export function contentSecurityPolicy(host?: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    // 'self' covers ws: for the same host in current browsers; written out for older ones
    host ? `connect-src 'self' ws://${host}` : "connect-src 'self'",
    "img-src 'self' data: blob:",
    "style-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'"
  ].join('; ')
}

function baseHeaders(host?: string): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(host),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin'
  }
}

function sendText(res: http.ServerResponse, status: number, text: string): void {
  send(res, status, 'text/plain; charset=utf-8', text + '\n')
}

function sendHtml(res: http.ServerResponse, status: number, html: string): void {
  send(res, status, 'text/html; charset=utf-8', html)
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

function page(message: string): string {
  return `<!doctype html><html lang="en"><meta charset="utf-8"><title>rstatus</title><p>${message}</p></html>\n`
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

function readBody(req: http.IncomingMessage, max: number): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    let tooBig = false
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > max) tooBig = true
      else if (!tooBig) chunks.push(chunk)
    })
    req.on('end', () => resolve(tooBig ? null : Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
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
