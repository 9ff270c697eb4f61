// Relays as people write them (--relay, RSTATUS_RELAY): KEY[,KEY…], each in z-base-32 or hex.
import { RstatusError } from '../../../shared/errors.js'
import { parseKey, type FeedKey } from '../../../shared/keys.js'
import { printable } from '../../../shared/printable.js'

/** `source` names where the text came from, for the error line (e.g. "--relay"). */
export function parseRelayKeys(text: string, source: string): FeedKey[] {
  const parts = text.split(',').map((s) => s.trim())
  if (parts.some((s) => s === '')) throw new RstatusError('INVALID_INPUT', `${source} must be KEY[,KEY...]`)
  const keys = parts.map((part) => {
    try {
      return parseKey(part)
    } catch {
      throw new RstatusError('INVALID_INPUT', `${source}: "${printable(part)}" is not a key (52 z-base-32 or 64 hex characters)`)
    }
  })
  return [...new Set(keys)]
}
