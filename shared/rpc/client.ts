// The client side of the RPC contract: turns an RpcChannel into the same `Api` the engine offers
// in-process, so the renderer and the CLI program against one interface whatever carries it.
import type { Api, EventName, Events, MethodName, Params, Result } from '../api/contract.js'
import { RstatusError, type ErrorCode } from '../errors.js'
import { isRpcEvent, isRpcResponse, type RpcRequest } from './messages.js'

/** The least a transport must offer: send a message, hear messages, and (if it can) hear that it closed. */
export interface RpcChannel {
  send(msg: unknown): void
  onMessage(fn: (msg: unknown) => void): () => void
  onClose?(fn: () => void): () => void
}

export interface RpcClientOptions {
  /** Reject a call with TIMEOUT when no answer comes within this many ms. No limit when unset. */
  timeout?: number
}

export type RpcClient = Api & {
  /** Stops listening and rejects every pending call with CLOSED. Does not close the channel itself. */
  close(): void
  readonly closed: boolean
}

interface Pending {
  resolve(value: unknown): void
  reject(err: RstatusError): void
  timer: ReturnType<typeof setTimeout> | null
}

export function createRpcClient(channel: RpcChannel, opts: RpcClientOptions = {}): RpcClient {
  const pending = new Map<number, Pending>()
  const listeners = new Map<EventName, Set<(data: never) => void>>()
  let nextId = 1
  let closed = false

  const offMessage = channel.onMessage((msg) => {
    if (isRpcResponse(msg)) {
      const p = pending.get(msg.id)
      if (!p) return
      settle(msg.id)
      if ('error' in msg) p.reject(new RstatusError(msg.error.code as ErrorCode, msg.error.message))
      else p.resolve(msg.result)
    } else if (isRpcEvent(msg)) {
      for (const fn of [...(listeners.get(msg.event) ?? [])]) {
        try {
          ;(fn as (data: unknown) => void)(msg.data)
        } catch {
          // one listener's failure must not stop the others or the channel
        }
      }
    }
  })
  const offClose = channel.onClose?.(() => close())

  function settle(id: number) {
    const p = pending.get(id)
    if (p?.timer) clearTimeout(p.timer)
    pending.delete(id)
  }

  function close() {
    if (closed) return
    closed = true
    offMessage()
    offClose?.()
    const err = () => new RstatusError('CLOSED', 'The connection to rstatus was closed')
    for (const [id, p] of [...pending]) {
      settle(id)
      p.reject(err())
    }
    listeners.clear()
  }

  return {
    get closed() {
      return closed
    },
    call<M extends MethodName>(method: M, params: Params<M>): Promise<Result<M>> {
      if (closed) return Promise.reject(new RstatusError('CLOSED', 'The connection to rstatus was closed'))
      const id = nextId++
      return new Promise<Result<M>>((resolve, reject) => {
        const timer =
          opts.timeout === undefined
            ? null
            : setTimeout(() => {
                settle(id)
                reject(new RstatusError('TIMEOUT', `rstatus did not answer "${method}" in time`))
              }, opts.timeout)
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject, timer })
        const request: RpcRequest = { id, method, params: params ?? {} }
        try {
          channel.send(request)
        } catch {
          settle(id)
          reject(new RstatusError('CLOSED', 'The connection to rstatus was closed'))
        }
      })
    },
    on<E extends EventName>(event: E, listener: (data: Events[E]) => void): () => void {
      let set = listeners.get(event)
      if (!set) listeners.set(event, (set = new Set()))
      set.add(listener as (data: never) => void)
      return () => {
        listeners.get(event)?.delete(listener as (data: never) => void)
      }
    },
    close
  }
}
