// Whether the UI can reach its engine right now. The WebSocket client drives it under `rstatus serve`; in
// the desktop app the engine's own status (starting, running, crashed) does. Tests keep it "open".
export type ConnectionState = 'connecting' | 'open' | 'lost'

export interface Connection {
  /** What the UI talks to: a `rstatus serve` over a socket, or the desktop app's own engine. */
  readonly kind: 'server' | 'engine'
  get(): ConnectionState
  subscribe(fn: () => void): () => void
  /** Try again now (reconnect, or restart the engine). */
  retry(): void
  /** One line saying why it is lost, when the other side said so. */
  message(): string | null
}

export function createConnection(
  kind: Connection['kind'],
  initial: ConnectionState,
  retry: () => void = () => {}
): Connection & { set(state: ConnectionState, message?: string | null): void } {
  let state = initial
  let why: string | null = null
  const listeners = new Set<() => void>()
  return {
    kind,
    get: () => state,
    message: () => why,
    set(next, message = null) {
      if (next === state && message === why) return
      state = next
      why = message
      for (const fn of [...listeners]) fn()
    },
    subscribe(fn) {
      listeners.add(fn)
      return () => void listeners.delete(fn)
    },
    retry
  }
}

export const alwaysOpen: Connection = createConnection('engine', 'open')
