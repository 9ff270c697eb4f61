// Errors that cross the RPC boundary carry a code, so callers (CLI, UI, tests) can tell them apart
// without parsing messages. Messages are written for people: one line, what went wrong, what to do.

export type ErrorCode =
  | 'INVALID_KEY'
  | 'INVALID_URI'
  | 'INVALID_INPUT'
  | 'INVALID_RECORD'
  | 'TEXT_TOO_LONG'
  | 'EMPTY_TEXT'
  | 'NOT_FOUND'
  | 'NOT_ALLOWED'
  | 'UNKNOWN_METHOD'
  | 'DATA_DIR_LOCKED'
  | 'FEED_BEHIND'
  | 'UNAUTHORIZED'
  | 'TIMEOUT'
  | 'CLOSED'
  | 'INTERNAL'

export class RstatusError extends Error {
  readonly code: ErrorCode

  constructor(code: ErrorCode, message: string) {
    super(message)
    this.name = 'RstatusError'
    this.code = code
  }
}

export function isRstatusError(err: unknown): err is RstatusError {
  return err instanceof Error && typeof (err as RstatusError).code === 'string' && err.name === 'RstatusError'
}

/** An error as one line, without a stack, for a log: logs never carry stack traces or more than a line. */
export function oneLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err)
  return (text.split('\n')[0] ?? '').slice(0, 500)
}
