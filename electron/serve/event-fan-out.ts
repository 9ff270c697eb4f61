// The engine's events for many WebSockets: one listener per event on the engine, however many sockets listen.
// Each socket subscribing to the engine's EventEmitter itself made Node warn of a leak past ten sockets, and
// every event was dispatched once per socket by the emitter anyway.
import type { Api, EventName, Events } from '../../shared/api/contract.js'

type Listener = (data: never) => void

export interface FanOutApi extends Api {
  /** Drops the engine listeners; sockets still subscribed hear nothing more. */
  close(): void
}

export function fanOutEvents(api: Api): FanOutApi {
  const listeners = new Map<EventName, Set<Listener>>()
  const offs = new Map<EventName, () => void>()
  return {
    call: (method, params) => api.call(method, params),
    on<E extends EventName>(event: E, listener: (data: Events[E]) => void) {
      let set = listeners.get(event)
      if (!set) {
        const fresh = new Set<Listener>()
        set = fresh
        listeners.set(event, fresh)
        offs.set(event, api.on(event, (data) => {
          for (const fn of [...fresh]) (fn as (d: Events[E]) => void)(data)
        }))
      }
      set.add(listener as Listener)
      return () => {
        const current = listeners.get(event)
        if (!current?.delete(listener as Listener) || current.size > 0) return
        listeners.delete(event)
        offs.get(event)?.()
        offs.delete(event)
      }
    },
    close() {
      for (const off of offs.values()) off()
      offs.clear()
      listeners.clear()
    }
  }
}
