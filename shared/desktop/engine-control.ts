// Control messages between the main process and the engine's utility process (over process.parentPort).
// RPC itself never travels here: each renderer gets its own MessagePort straight to the engine.

/** main → engine */
export type ToEngine =
  /** Serve RPC on the MessagePort carried in `ports[0]`. */
  | { type: 'connect' }
  /** Close everything (swarm destroyed, store closed) and exit. */
  | { type: 'close' }

/** engine → main */
export type FromEngine =
  | { type: 'ready'; key: string }
  /** The engine could not open its data; `message` is one line for a person. The process exits next. */
  | { type: 'failed'; message: string }
  | { type: 'closed' }

function record(msg: unknown): Record<string, unknown> | null {
  return typeof msg === 'object' && msg !== null && !Array.isArray(msg) ? (msg as Record<string, unknown>) : null
}

export function isToEngine(msg: unknown): msg is ToEngine {
  const m = record(msg)
  return m !== null && (m.type === 'connect' || m.type === 'close')
}

export function isFromEngine(msg: unknown): msg is FromEngine {
  const m = record(msg)
  if (m === null) return false
  if (m.type === 'ready') return typeof m.key === 'string'
  if (m.type === 'failed') return typeof m.message === 'string'
  return m.type === 'closed'
}

/** The engine's data folder travels as a command-line argument, so it is known before any message. */
export const DATA_DIR_ARG = '--rstatus-data-dir='

export function engineArgs(dataDir: string): string[] {
  return [DATA_DIR_ARG + dataDir]
}

export function dataDirFromArgs(argv: readonly string[]): string | null {
  for (const arg of argv) {
    if (arg.startsWith(DATA_DIR_ARG) && arg.length > DATA_DIR_ARG.length) return arg.slice(DATA_DIR_ARG.length)
  }
  return null
}
