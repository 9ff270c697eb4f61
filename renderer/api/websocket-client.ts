// The browser's client under `rstatus serve`: the RPC contract over a WebSocket to the page's own host.
// The session cookie set when the page was opened with its token authenticates the socket. When the
// socket drops, calls wait for the next one and the connection state says "lost" until it is back.
import type { Api } from '../../shared/api/contract.js'
import { createReconnectingClient as createRpc } from '../../shared/rpc/reconnecting-client.js'
import { webSocketChannel, type WebSocketLike } from '../../shared/rpc/websocket-channel.js'
import { createConnection, type Connection } from './connection.js'

export interface ReconnectingOptions {
  url: string
  createSocket?: (url: string) => WebSocketLike
  /** Delays between attempts, in ms; the last one repeats. */
  backoff?: readonly number[]
}

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
      connection.set('lost')
      schedule()
    })
  }

  function schedule() {
    const delay = backoff[Math.min(attempt, backoff.length - 1)] ?? 1000
    attempt++
    timer = setTimeout(connect, delay)
  }

  function reconnectNow() {
    if (stopped || open || !timer) return
    clearTimeout(timer)
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
