// An in-memory Api for the preload tests: the edge of the unit. Real serveRpc and createRpcClient sit between
// it and the bridge, so what crosses the MessagePort is the real RPC format.
import { EventEmitter } from 'node:events'
import type { Api, EventName, Events, MethodName, Params, Result } from '../../../../shared/api/contract.js'
import { RstatusError } from '../../../../shared/errors.js'

export class MemoryApi implements Api {
  readonly calls: Array<{ method: MethodName; params: unknown }> = []
  private readonly events = new EventEmitter()
  private gate: Promise<void> = Promise.resolve()
  private openGate: () => void = () => {}

  constructor(readonly name = 'memory') {}

  /** Makes `timeline` wait until release() — a call that is still pending when something happens. */
  hold(): void {
    this.gate = new Promise((resolve) => (this.openGate = resolve))
  }

  release(): void {
    this.openGate()
  }

  emit<E extends EventName>(event: E, data: Events[E]): void {
    this.events.emit(event, data)
  }

  async call<M extends MethodName>(method: M, params: Params<M>): Promise<Result<M>> {
    this.calls.push({ method, params })
    switch (method) {
      case 'post':
        return { text: (params as Params<'post'>).text, engine: this.name } as unknown as Result<M>
      case 'status':
        throw new RstatusError('NOT_FOUND', 'No such status')
      case 'timeline':
        await this.gate
        return { items: [], cursor: null } as unknown as Result<M>
      default:
        return { engine: this.name } as unknown as Result<M>
    }
  }

  on<E extends EventName>(event: E, listener: (data: Events[E]) => void): () => void {
    this.events.on(event, listener)
    return () => void this.events.off(event, listener)
  }
}
