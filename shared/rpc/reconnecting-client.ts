// One client for transports that come and go: the desktop app's MessagePort (a new one each time the engine
// starts) and the browser's WebSocket (a new one after each drop). Listeners stay registered across channels;
// calls made while there is no channel wait for the next one, or fail at once while the transport refuses.
import type { Api, EventName, Events, MethodName, Params, Result } from '../api/contract.js'
import { RstatusError } from '../errors.js'
import { createRpcClient, type RpcChannel, type RpcClient } from './client.js'
import { EVENT_NAMES } from './messages.js'

export interface ReconnectingClient extends Api {
  /** Carries calls over `channel` from now on (the previous channel's calls in flight fail with CLOSED). */
  use(channel: RpcChannel): void
  /** Lets the current channel go (its calls in flight fail with CLOSED); calls wait for the next one. */
  drop(): void
  /**
   * Until the next use(): with `refusal`, the current channel goes, and waiting and new calls fail with its
   * error (the engine is not running); with null, calls wait for a channel again (it is starting).
   */
  refuse(refusal: (() => RstatusError) | null): void
  /** Stops for good: calls in flight and waiting fail with CLOSED. */
  close(): void
}

interface Waiting {
  resolve(client: RpcClient): void
  reject(err: RstatusError): void
}

export function createReconnectingClient(): ReconnectingClient {
  const listeners = new Map<EventName, Set<(data: never) => void>>()
  let client: RpcClient | null = null
  let refusal: (() => RstatusError) | null = null
  let waiting: Waiting[] = []
  let closed = false

  function emit(event: EventName, data: unknown): void {
    for (const fn of [...(listeners.get(event) ?? [])]) {
      try {
        ;(fn as (d: unknown) => void)(data)
      } catch {
        // one listener's failure must not stop the others
      }
    }
  }

  function letGo(): void {
    client?.close()
    client = null
  }

  function current(): Promise<RpcClient> {
    if (closed) return Promise.reject(new RstatusError('CLOSED', 'The connection to rstatus was closed'))
    if (client && !client.closed) return Promise.resolve(client)
    if (refusal) return Promise.reject(refusal())
    return new Promise((resolve, reject) => waiting.push({ resolve, reject }))
  }

  return {
    use(channel) {
      if (closed) return
      letGo()
      const next = createRpcClient(channel)
      for (const event of EVENT_NAMES) next.on(event, (data) => emit(event, data))
      client = next
      refusal = null
      for (const w of waiting.splice(0)) w.resolve(next)
    },
    drop: letGo,
    refuse(why) {
      refusal = why
      if (!why) return
      letGo()
      for (const w of waiting.splice(0)) w.reject(why())
    },
    async call<M extends MethodName>(method: M, params: Params<M>): Promise<Result<M>> {
      return (await current()).call(method, params)
    },
    on<E extends EventName>(event: E, listener: (data: Events[E]) => void): () => void {
      let set = listeners.get(event)
      if (!set) listeners.set(event, (set = new Set()))
      set.add(listener as (data: never) => void)
      return () => void listeners.get(event)?.delete(listener as (data: never) => void)
    },
    close() {
      if (closed) return
      closed = true
      letGo()
      for (const w of waiting.splice(0)) w.reject(new RstatusError('CLOSED', 'The connection to rstatus was closed'))
      waiting = []
    }
  }
}
