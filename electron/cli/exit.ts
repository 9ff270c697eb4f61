// How a failure leaves the CLI: one line on stderr and an exit code, never a stack trace (unless the person
// asks for it with RSTATUS_DEBUG=1). 2 means the input was wrong, 1 that the command failed.
import { isRstatusError, type ErrorCode } from '../../shared/errors.js'
import { errorLine, type Io } from './output.js'

/** Bad command-line input; exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError'
}

/** A command that could not do its job for a reason the person can act on; exit code 1. */
export class Failure extends Error {
  override name = 'Failure'
}

export const EXIT_OK = 0
export const EXIT_FAILURE = 1
export const EXIT_USAGE = 2

const INPUT_CODES = new Set<ErrorCode>(['INVALID_KEY', 'INVALID_URI', 'INVALID_INPUT', 'TEXT_TOO_LONG', 'EMPTY_TEXT', 'UNKNOWN_METHOD'])

export function exitCodeOf(err: unknown): number {
  if (err instanceof UsageError) return EXIT_USAGE
  if (isRstatusError(err) && INPUT_CODES.has(err.code)) return EXIT_USAGE
  return EXIT_FAILURE
}

/**
 * A call that names something of the person's own that they typed (a list, an app token, a device, a
 * mirror): when it does not exist, that is bad input, exit 2, as for an unknown conversation or request. A
 * status this peer does not hold stays a failure (exit 1): it may arrive, and the same command then works.
 */
export async function naming<T>(call: Promise<T>): Promise<T> {
  try {
    return await call
  } catch (err) {
    if (isRstatusError(err) && err.code === 'NOT_FOUND') throw new UsageError(err.message)
    throw err
  }
}

/** Writes the one line for `err` and returns the exit code. */
export function reportError(err: unknown, io: Io, debug: boolean): number {
  if (err instanceof UsageError || err instanceof Failure || (isRstatusError(err) && err.code !== 'INTERNAL')) {
    io.err(errorLine((err as Error).message))
  } else {
    io.err(
      debug
        ? errorLine(`unexpected error: ${detail(err)}`)
        : 'rstatus: something went wrong (run again with RSTATUS_DEBUG=1 to see the details)'
    )
    if (debug && err instanceof Error && err.stack) io.err(err.stack)
  }
  return exitCodeOf(err)
}

function detail(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}
