// The browser's client under `rstatus serve`: the RPC contract over a WebSocket to the page's own host.
// The session cookie set when the page was opened with its token authenticates the socket. When the
// socket drops, calls wait for the next one and the connection state says "lost" until it is back. When the
// server answers but no longer takes this tab's token (it was started with --new-token), retrying is no use:
// the state says so, and the person opens the new link.
import type { Api } from '../../shared/api/contract.js'
import { createReconnectingClient as createRpc } from '../../shared/rpc/reconnecting-client.js'
import { webSocketChannel, type WebSocketLike } from '../../shared/rpc/websocket-channel.js'
import { createConnection, type Connection } from './connection.js'

export interface ReconnectingOptions {
  url: string
  createSocket?: (url: string) => WebSocketLike
  /** Delays between attempts, in ms; the last one repeats. */
  backoff?: readonly number[]
  /** Whether the server still takes this tab's token: false when it refuses it, null when it is unreachable. */
  checkAccess?: () => Promise<boolean | null>
}

export const TOKEN_REFUSED = 'This tab’s link no longer works: rstatus serve was started with a new token. Open the link it printed.'

const DEFAULT_BACKOFF = [250, 500, 1000, 2000, 4000, 8000] as const

export function createReconnectingClient(opts: ReconnectingOptions): Api & { connection: Connection; close(): void } {
  const createSocket = opts.createSocket ?? ((url: string) => new WebSocket(url) as unknown as WebSocketLike)
  const backoff = opts.backoff ?? DEFAULT_BACKOFF
  const rpc = createRpc()
  const connection = createConnection('server', 'connecting', () => reconnectNow())
  let socket: WebSocketLike | null = null
  let open = false
  let attempt = 0
  let timer: ReturnType<typeof setTimeout> | null = null
  let stopped = false

  function connect() {
    timer = null
    if (stopped) return
    const ws = createSocket(opts.url)
    socket = ws
    ws.addEventListener('open', () => {
      if (socket !== ws) return
      attempt = 0
      open = true
      rpc.use(webSocketChannel(ws))
      connection.set('open')
    })
    ws.addEventListener('close', () => {
      if (socket !== ws) return
      socket = null
      open = false
      rpc.drop()
      if (stopped) return
      connection.set('lost', connection.message())
      if (!opts.checkAccess) return schedule()
      void opts.checkAccess().then((access) => {
        if (stopped || socket !== null || timer !== null) return
        if (access === false) return connection.set('lost', TOKEN_REFUSED)
        connection.set('lost')
        schedule()
      })
    })
  }

  function schedule() {
    const delay = backoff[Math.min(attempt, backoff.length - 1)] ?? 1000
    attempt++
    timer = setTimeout(connect, delay)
  }

  /** Retry now: unless a socket is already being opened. */
  function reconnectNow() {
    if (stopped || open || socket !== null) return
    if (timer) clearTimeout(timer)
    connect()
  }

  connect()

  return {
    connection,
    call: (method, params) => rpc.call(method, params),
    on: (event, listener) => rpc.on(event, listener),
    close() {
      stopped = true
      if (timer) clearTimeout(timer)
      rpc.close()
      socket?.close()
    }
  }
}
