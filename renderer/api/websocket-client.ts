// The browser's client under `rstatus serve`: the RPC contract over a WebSocket to the page's own host.
// The session cookie set when the page was opened with its token authenticates the socket. When the
// socket drops, calls wait for the next one and the connection state says "lost" until it is back.
import type { Api, EventName, Events, MethodName, Params, Result } from '../../shared/api/contract.js'
import { createRpcClient, type RpcClient } from '../../shared/rpc/client.js'
import { EVENT_NAMES } from '../../shared/rpc/messages.js'
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
  const listeners = new Map<EventName, Set<(data: never) => void>>()
  const connection = createConnection('server', 'connecting', () => reconnectNow())
  let client: RpcClient | null = null
  let socket: WebSocketLike | null = null
  let attempt = 0
  let timer: ReturnType<typeof setTimeout> | null = null
  let stopped = false
  let waiters: Array<(c: RpcClient) => void> = []

  function connect() {
    timer = null
    if (stopped) return
    const ws = createSocket(opts.url)
    socket = ws
    const next = createRpcClient(webSocketChannel(ws))
    for (const event of EVENT_NAMES) {
      next.on(event, (data) => {
        for (const fn of [...(listeners.get(event) ?? [])]) (fn as (d: unknown) => void)(data)
      })
    }
    ws.addEventListener('open', () => {
      if (socket !== ws) return
      attempt = 0
      client = next
      connection.set('open')
      for (const resolve of waiters.splice(0)) resolve(next)
    })
    ws.addEventListener('close', () => {
      if (socket !== ws) return
      client = null
      socket = null
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
    if (stopped || client || !timer) return
    clearTimeout(timer)
    connect()
  }

  function ready(): Promise<RpcClient> {
    if (client && !client.closed) return Promise.resolve(client)
    return new Promise((resolve) => waiters.push(resolve))
  }

  connect()

  return {
    connection,
    async call<M extends MethodName>(method: M, params: Params<M>): Promise<Result<M>> {
      const c = await ready()
      return c.call(method, params)
    },
    on<E extends EventName>(event: E, listener: (data: Events[E]) => void): () => void {
      let set = listeners.get(event)
      if (!set) listeners.set(event, (set = new Set()))
      set.add(listener as (data: never) => void)
      return () => void listeners.get(event)?.delete(listener as (data: never) => void)
    },
    close() {
      stopped = true
      if (timer) clearTimeout(timer)
      client?.close()
      socket?.close()
      waiters = []
    }
  }
}
