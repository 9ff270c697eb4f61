// window.rstatus: what the page may ask of the desktop app. One async function per RPC method of
// shared/api/contract.ts (params object in, result out), `on(event, fn)` for engine events, and the engine's status
// with a restart hook for the crash screen. RPC goes over a MessagePort straight to the engine; only the
// handful of IPC channels in shared/desktop/ipc.ts touch main, and ipcRenderer itself never leaves this file.
//
// contextBridge copies an Error's message but drops its other fields, so failed calls reject with a plain
// `{ name: 'RstatusError', code, message }` object (BridgeError) that the renderer turns back into an error.
import { methods, type EventName, type Events, type MethodName, type Params, type Result } from '../../shared/api/contract.js'
import { isRstatusError, RstatusError, type ErrorCode } from '../../shared/errors.js'
import { EVENT_NAMES } from '../../shared/rpc/messages.js'
import { eventPortChannel, type EventPort } from '../../shared/rpc/port-channels.js'
import { createReconnectingClient } from '../../shared/rpc/reconnecting-client.js'
import { IPC, isEngineStatus, isNavigableRoute, type EngineStatus } from '../../shared/desktop/ipc.js'

/** The part of Electron's ipcRenderer the bridge uses. */
export interface BridgeIpc {
  on(channel: string, listener: (event: { ports?: readonly EventPort[] }, ...args: unknown[]) => void): unknown
  send(channel: string, ...args: unknown[]): void
  invoke(channel: string, ...args: unknown[]): Promise<unknown>
}

export interface BridgeOptions {
  /** Shows a hash route, e.g. '#/profile/<key>'. */
  navigate(hash: string): void
}

export interface BridgeError {
  name: 'RstatusError'
  code: ErrorCode
  message: string
}

/** A method whose params are all optional may be called with no argument. */
type MethodFn<M extends MethodName> = {} extends Params<M>
  ? (params?: Params<M>) => Promise<Result<M>>
  : (params: Params<M>) => Promise<Result<M>>

export type BridgeMethods = { [M in MethodName]: MethodFn<M> }

const KNOWN_EVENTS: ReadonlySet<string> = new Set(EVENT_NAMES)

export function createBridge(ipc: BridgeIpc, opts: BridgeOptions) {
  const rpc = createReconnectingClient()
  let status: EngineStatus = { state: 'starting' }
  const statusListeners = new Set<(status: EngineStatus) => void>()

  function notRunning(): RstatusError {
    return new RstatusError('CLOSED', status.message ?? 'The rstatus engine is not running')
  }

  function setStatus(next: EngineStatus) {
    if (next.state === status.state && next.message === status.message) return
    status = next
    // Calls wait while the engine starts or runs; an engine that is gone cannot answer them.
    rpc.refuse(next.state === 'starting' || next.state === 'running' ? null : notRunning)
    for (const fn of [...statusListeners]) {
      try {
        fn({ ...next })
      } catch {
        // a page listener's failure must not stop the others
      }
    }
  }

  async function call<M extends MethodName>(method: M, params: Params<M> | undefined): Promise<Result<M>> {
    try {
      return await rpc.call(method, (params ?? {}) as Params<M>)
    } catch (err) {
      throw toBridgeError(err)
    }
  }

  ipc.on(IPC.enginePort, (event) => {
    const port = event.ports?.[0]
    if (port) rpc.use(eventPortChannel(port))
  })
  ipc.on(IPC.engineStatus, (_event, next) => {
    if (isEngineStatus(next)) setStatus(next)
  })
  ipc.on(IPC.navigate, (_event, route) => {
    if (isNavigableRoute(route)) opts.navigate('#' + route)
  })
  ipc.send(IPC.connect)
  ipc.invoke(IPC.getEngineStatus).then(
    (s) => {
      // a status pushed meanwhile is newer than this answer
      if (isEngineStatus(s) && status.state === 'starting') setStatus(s)
    },
    () => undefined
  )

  const perMethod = Object.fromEntries(
    (Object.keys(methods) as MethodName[]).map((name) => [name, (params?: Params<typeof name>) => call(name, params)])
  ) as BridgeMethods

  return {
    ...perMethod,
    /** Listens to an engine event (shared/api/contract.ts Events); returns a function that stops listening. */
    on<E extends EventName>(event: E, listener: (data: Events[E]) => void): () => void {
      if (!KNOWN_EVENTS.has(event) || typeof listener !== 'function') throw new TypeError(`Unknown rstatus event: ${String(event)}`)
      return rpc.on(event, listener)
    },
    /** The engine's state as last reported by the app. */
    engineStatus(): EngineStatus {
      return { ...status }
    },
    /** Listens to engine state changes (crash, failure, restart); returns a function that stops listening. */
    onEngineStatus(listener: (status: EngineStatus) => void): () => void {
      if (typeof listener !== 'function') throw new TypeError('onEngineStatus needs a function')
      statusListeners.add(listener)
      return () => {
        statusListeners.delete(listener)
      }
    },
    /** Starts the engine again after it crashed or could not start. */
    async restartEngine(): Promise<void> {
      await ipc.invoke(IPC.restartEngine)
    }
  }
}

/** The type of window.rstatus, derived from the object the preload exposes. */
export type RstatusBridge = ReturnType<typeof createBridge>

export function toBridgeError(err: unknown): BridgeError {
  if (isRstatusError(err)) return { name: 'RstatusError', code: err.code, message: err.message }
  return { name: 'RstatusError', code: 'INTERNAL', message: 'Something went wrong talking to the rstatus engine' }
}
