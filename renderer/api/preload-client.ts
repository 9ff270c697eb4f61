// The desktop app's client: the preload exposes `window.rstatus`, one async function per method of the
// contract plus `on`. Errors crossing Electron's context bridge keep only their message, so the code is
// restored when the bridge kept it and is INTERNAL otherwise.
import type { Api, MethodName, Params, Result } from '../../shared/api/contract.js'
import { RstatusError, type ErrorCode } from '../../shared/errors.js'
import type { EngineStatus } from '../../shared/desktop/ipc.js'
import type { RstatusBridge } from '../../electron/preload/bridge.js'
import { createConnection, type Connection, type ConnectionState } from './connection.js'

/** `window.rstatus`: the type of the object the preload exposes, derived from it, never copied. */
export type PreloadBridge = RstatusBridge
export type { EngineStatus }

export function fromPreload(bridge: PreloadBridge): Api {
  return {
    async call<M extends MethodName>(method: M, params: Params<M>): Promise<Result<M>> {
      const fn = bridge[method] as unknown as ((p: Params<M>) => Promise<Result<M>>) | undefined
      if (typeof fn !== 'function') throw new RstatusError('UNKNOWN_METHOD', `This app cannot do "${method}" yet`)
      try {
        return await fn(params)
      } catch (err) {
        throw toRstatusError(err)
      }
    },
    on(event, listener) {
      return bridge.on(event, listener)
    }
  }
}

/** The desktop engine's status as a Connection: crashed or failed is "lost", and retry restarts it. */
export function engineConnection(bridge: PreloadBridge): Connection {
  const stateOf = (s: EngineStatus): ConnectionState =>
    s.state === 'running' ? 'open' : s.state === 'starting' ? 'connecting' : 'lost'
  const first = bridge.engineStatus?.() ?? { state: 'running' as const }
  const connection = createConnection('engine', stateOf(first), () => void bridge.restartEngine?.().catch(() => {}))
  connection.set(stateOf(first), first.message ?? null)
  bridge.onEngineStatus?.((s) => connection.set(stateOf(s), s.message ?? null))
  return connection
}

function toRstatusError(err: unknown): RstatusError {
  if (err instanceof RstatusError) return err
  const e = err as { code?: unknown; message?: unknown } | null
  const message = typeof e?.message === 'string' ? e.message : 'Something went wrong in rstatus'
  // Electron prefixes bridged errors with "Error invoking remote method '...': "
  const clean = message.replace(/^Error invoking remote method '[^']*': (?:\w*Error: )?/, '')
  const code = typeof e?.code === 'string' ? (e.code as ErrorCode) : 'INTERNAL'
  return new RstatusError(code, clean)
}
