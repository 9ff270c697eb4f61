// Sizes people set in the environment, in MiB: RSTATUS_MAX_FEED_MB (the per-feed download cap) and
// RSTATUS_MEDIA_CACHE_MB (the cap on other people's images kept here). The CLI and the desktop app's engine
// process both read them, so one parser gives both the same rule and the same message.
import { RstatusError } from '../../shared/errors.js'
import { printable } from '../../shared/printable.js'

export const MAX_FEED_MB_VAR = 'RSTATUS_MAX_FEED_MB'
export const MEDIA_CACHE_MB_VAR = 'RSTATUS_MEDIA_CACHE_MB'
const MIB = 1024 * 1024
/** 1 TiB: any larger is a typo, not a wish. */
const MAX_MB = 1024 * 1024

/** The size `name` sets, in bytes; undefined when it is unset or empty (the default applies then). */
export function mebibytesFromEnv(env: Record<string, string | undefined>, name: string): number | undefined {
  const text = env[name]?.trim()
  if (text === undefined || text === '') return undefined
  const mb = /^\d{1,8}$/.test(text) ? Number(text) : NaN
  if (!Number.isSafeInteger(mb) || mb < 1 || mb > MAX_MB) {
    throw new RstatusError('INVALID_INPUT', `${name} must be a whole number of MiB from 1 to ${MAX_MB}, not "${printable(text)}"`)
  }
  return mb * MIB
}

/** The per-feed download cap; the engine's default (512 MiB) when unset. */
export function maxFeedBytesFromEnv(env: Record<string, string | undefined>): number | undefined {
  return mebibytesFromEnv(env, MAX_FEED_MB_VAR)
}

/** The cap on other people's images; 1 GiB when unset. */
export function mediaCacheBytesFromEnv(env: Record<string, string | undefined>): number | undefined {
  return mebibytesFromEnv(env, MEDIA_CACHE_MB_VAR)
}
