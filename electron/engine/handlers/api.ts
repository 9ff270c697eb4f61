// The contract in process: the Api every door and the CLI call, over one handler per method. Params are
// validated once (parseParams), the engine's policy is applied from the contract's own entries (a deleted
// account writes nothing new; a removed device writes nothing at all), then the method's handler runs.
import {
  feedWriteMethods,
  isMethodName,
  parseParams,
  refusedAfterLeaving,
  type Api,
  type EventName,
  type Events,
  type MethodName,
  type Params,
  type Result
} from '../../../shared/api/contract.js'
import type { MethodSpec } from '../../../shared/api/method.js'
import type { Infer, Schema } from '../../../shared/api/schema.js'
import { RstatusError } from '../../../shared/errors.js'
import type { EventEmitter } from 'node:events'

/** The handlers of one area of the contract (shared/api/<area>.ts). */
export type AreaHandlers<A extends Record<string, MethodSpec<Schema<unknown>, unknown>>> = {
  [M in keyof A]: (params: Infer<A[M]['params']>) => Promise<A[M]['result']>
}

export type Handlers = { [M in MethodName]: (params: Params<M>) => Promise<Result<M>> }

/** Handlers that may answer before the engine is open; null from one means "not this time": it waits for ready(). */
export type EarlyHandlers = { [M in MethodName]?: (params: Params<M>) => Promise<Result<M>> | null }

export interface ApiOptions {
  /** Resolves once the engine is open; rejects when it could not open. */
  ready(): Promise<void>
  /**
   * The handlers that can answer before the engine is open (reads of the cached views on a cold start); null
   * when none can. Starts opening the engine, as ready() does.
   */
  early?(): Promise<EarlyHandlers | null>
  /** Every method's handler, available once the engine is open. */
  handlers(): Handlers
  /** The account was deleted (leave). */
  left(): boolean
  /** Throws when this device was removed from its identity. */
  refuseIfRemoved(): Promise<void>
  events: EventEmitter
}

export function createApi(opts: ApiOptions): Api {
  return {
    async call(method, params) {
      if (!isMethodName(method)) throw new RstatusError('UNKNOWN_METHOD', `Unknown method "${String(method)}"`)
      const parsed = parseParams(method, params)
      const early = (await opts.early?.())?.[method] as ((p: typeof parsed) => Promise<Result<typeof method>> | null) | undefined
      const answer = early?.(parsed)
      if (answer) return answer
      await opts.ready()
      if (opts.left() && refusedAfterLeaving.has(method)) {
        throw new RstatusError('NOT_ALLOWED', 'You deleted this account, so it can no longer post or change')
      }
      if (feedWriteMethods.has(method)) await opts.refuseIfRemoved()
      const handler = opts.handlers()[method] as (p: typeof parsed) => Promise<Result<typeof method>>
      return handler(parsed)
    },
    on<E extends EventName>(event: E, listener: (data: Events[E]) => void) {
      opts.events.on(event, listener)
      return () => void opts.events.off(event, listener)
    }
  }
}
