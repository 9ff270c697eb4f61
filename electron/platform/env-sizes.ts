// The per-feed size cap as people set it: RSTATUS_MAX_FEED_MB, in MiB. The CLI reads it (and the desktop
// app's engine process can), so one parser gives both the same rule and the same message.
import { RstatusError } from '../../shared/errors.js'

export const MAX_FEED_MB_VAR = 'RSTATUS_MAX_FEED_MB'
const MIB = 1024 * 1024
/** 1 TiB: any larger is a typo, not a wish. */
const MAX_MB = 1024 * 1024

/** The cap in bytes, or undefined when the variable is unset or empty (the engine's default applies). */
export function maxFeedBytesFromEnv(env: Record<string, string | undefined>): number | undefined {
  const text = env[MAX_FEED_MB_VAR]?.trim()
  if (text === undefined || text === '') return undefined
  const mb = /^\d{1,8}$/.test(text) ? Number(text) : NaN
  if (!Number.isSafeInteger(mb) || mb < 1 || mb > MAX_MB) {
    const shown = text.replace(/[^\x20-\x7e]/g, '?').slice(0, 40)
    throw new RstatusError('INVALID_INPUT', `${MAX_FEED_MB_VAR} must be a whole number of MiB from 1 to ${MAX_MB}, not "${shown}"`)
  }
  return mb * MIB
}
