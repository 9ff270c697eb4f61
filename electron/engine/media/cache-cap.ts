// The cap of the cache of other people's images as people set it: RSTATUS_MEDIA_CACHE_MB, in MiB.
import { RstatusError } from '../../../shared/errors.js'

export const MEDIA_CACHE_MB_VAR = 'RSTATUS_MEDIA_CACHE_MB'
const MIB = 1024 * 1024
const MAX_MB = 1024 * 1024

/** The cap in bytes, or undefined when the variable is unset or empty (1 GiB then). */
export function mediaCacheBytesFromEnv(env: Record<string, string | undefined>): number | undefined {
  const text = env[MEDIA_CACHE_MB_VAR]?.trim()
  if (text === undefined || text === '') return undefined
  const mb = /^\d{1,8}$/.test(text) ? Number(text) : NaN
  if (!Number.isSafeInteger(mb) || mb < 1 || mb > MAX_MB) {
    const shown = text.replace(/[^\x20-\x7e]/g, '?').slice(0, 40)
    throw new RstatusError('INVALID_INPUT', `${MEDIA_CACHE_MB_VAR} must be a whole number of MiB from 1 to ${MAX_MB}, not "${shown}"`)
  }
  return mb * MIB
}
