// The one server side of the RPC contract, for every door: the desktop app's MessagePorts, the WebSocket
// and the HTTP API of `rstatus serve`. Every message is input we did not choose: shape, method name, scope
// and params are checked before the engine sees them (the engine's own parseParams then finds the params
// checked already); errors go back as a code and one line, never a stack.
import { isMethodName, messageReadMethods, messageWriteMethods, parseParams, readOnlyMethods, personOnlyMethods, type Api, type MethodName } from '../api/contract.js'
import { isRstatusError } from '../errors.js'
import { printable } from '../printable.js'
import type { RpcChannel } from './client.js'
import { EVENT_NAMES, isRpcRequest, requestIdOf, type RpcError, type RpcResponse } from './messages.js'

export interface ServeRpcOptions {
  /** Methods this channel may call; others are refused with NOT_ALLOWED. All when unset. */
  allow?: (method: MethodName) => boolean
  /** Where unexpected (internal) errors are written locally. Defaults to console.error. */
  log?: (line: string) => void
}

/** Who is calling: the app's own UI (or the CLI), an app with a per-app token, or one with a read-only token. */
export type CallerScope = 'ui' | 'app' | 'read-only'

/**
 * The allow-list for a scope: apps never manage tokens; read-only apps call only readOnlyMethods; private
 * conversations only for an app the person granted them to (`messages`), and their writes only read-write.
 */
export function scopeAllows(scope: CallerScope, method: MethodName, grant: { messages?: boolean } = {}): boolean {
  if (scope === 'ui') return true
  if (personOnlyMethods.has(method)) return false
  if (messageReadMethods.has(method) || messageWriteMethods.has(method)) {
    return grant.messages === true && (scope === 'app' || messageReadMethods.has(method))
  }
  return scope === 'app' || readOnlyMethods.has(method)
}

export function serveRpc(api: Api, channel: RpcChannel, opts: ServeRpcOptions = {}): () => void {
  const log = opts.log ?? ((line: string) => console.error(line))
  let disposed = false

  const send = (msg: unknown) => {
    if (disposed) return
    try {
      channel.send(msg)
    } catch {
      // the channel is going away; its close handler disposes us
    }
  }

  const offMessage = channel.onMessage((msg) => {
    if (disposed) return
    void handleRpcMessage(api, msg, { ...opts, log }).then((response) => {
      if (response) send(response)
    })
  })
  // Who may not read conversations is not told when they change either.
  const events = EVENT_NAMES.filter((event) => event !== 'messages' || (opts.allow?.('dmList') ?? true))
  const offEvents = events.map((event) => api.on(event, (data) => send({ event, data })))
  const offClose = channel.onClose?.(() => dispose())

  function dispose() {
    if (disposed) return
    disposed = true
    offMessage()
    for (const off of offEvents) off()
    offClose?.()
  }
  return dispose
}

/**
 * Answers one incoming message: a response to send back, or null when the message has no id to answer.
 * Never throws. The HTTP door (POST /api/<method>) uses this too, so both doors check the same things.
 */
export async function handleRpcMessage(
  api: Api,
  msg: unknown,
  opts: Pick<ServeRpcOptions, 'allow' | 'log'> = {}
): Promise<RpcResponse | null> {
  const log = opts.log ?? ((line: string) => console.error(line))
  if (!isRpcRequest(msg)) {
    const id = requestIdOf(msg)
    return id === null ? null : { id, error: { code: 'INVALID_INPUT', message: 'Malformed RPC request' } }
  }
  const { id, method } = msg
  if (!isMethodName(method)) return { id, error: { code: 'UNKNOWN_METHOD', message: `Unknown method: ${printable(method)}` } }
  if (opts.allow && !opts.allow(method)) return { id, error: { code: 'NOT_ALLOWED', message: `Not allowed here: ${method}` } }
  try {
    const params = parseParams(method, msg.params)
    const result = await api.call(method, params)
    return { id, result: result ?? null }
  } catch (err) {
    return { id, error: toRpcError(err, method, log) }
  }
}

/** What a caller may see of an error: a contract error as is, anything else as a generic INTERNAL. */
export function toRpcError(err: unknown, method: string, log: (line: string) => void): RpcError {
  if (isRstatusError(err) && err.code !== 'INTERNAL') return { code: err.code, message: err.message }
  // Logged locally for the person running the peer; the message of an unexpected error can hold paths
  // or data, so the caller only learns that it happened.
  const detail = err instanceof Error ? (err.stack ?? err.message) : String(err)
  log(`rstatus: ${method} failed: ${detail}`)
  return { code: 'INTERNAL', message: `rstatus could not complete "${method}" (see the rstatus log)` }
}
