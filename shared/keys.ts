// Feed keys and rstatus:// URIs. A key is shown in z-base-32 (hypercore-id-encoding); input also accepts
// 64-digit hex and the URI forms, so a person can paste whatever they were given.
import ids from 'hypercore-id-encoding'
import { RstatusError } from './errors.js'
import { printable } from './printable.js'

export const URI_SCHEME = 'rstatus://'

/** A feed key in canonical z-base-32 form (52 characters). */
export type FeedKey = string

export interface ParsedRef {
  key: FeedKey
  /** Present when the input named one status: rstatus://<key>/<seq>. */
  seq?: number
}

const Z32 = /^[ybndrfg8ejkmcpqxot1uwisza345h769]{52}$/
const HEX = /^[0-9a-fA-F]{64}$/
const MAX_SEQ = Number.MAX_SAFE_INTEGER

/** Normalise a z-base-32 or hex key; throws INVALID_KEY with a readable message. */
export function parseKey(input: unknown): FeedKey {
  if (typeof input !== 'string') throw new RstatusError('INVALID_KEY', 'A feed key must be text')
  const text = input.trim()
  if (Z32.test(text) || HEX.test(text)) {
    try {
      return ids.normalize(text)
    } catch {
      // fall through to the readable error below
    }
  }
  throw new RstatusError(
    'INVALID_KEY',
    `Not a feed key: "${printable(text)}" (expected 52 z-base-32 or 64 hex characters, or an rstatus:// link)`
  )
}

export function isKey(input: unknown): boolean {
  try {
    parseKey(input)
    return true
  } catch {
    return false
  }
}

/** Accepts a key, rstatus://<key> or rstatus://<key>/<seq>. */
export function parseRef(input: unknown): ParsedRef {
  if (typeof input !== 'string') throw new RstatusError('INVALID_KEY', 'A feed key or link must be text')
  const text = input.trim()
  if (!text.toLowerCase().startsWith(URI_SCHEME)) return { key: parseKey(text) }
  const rest = text.slice(URI_SCHEME.length).replace(/\/+$/, '')
  const parts = rest.split('/')
  if (parts.length > 2 || /\s/.test(rest)) throw badUri(text)
  const key = parseKeyInUri(parts[0] ?? '', text)
  if (parts.length === 1) return { key }
  return { key, seq: parseSeq(parts[1] ?? '', text) }
}

/** Accepts only rstatus://<key>/<seq>. */
export function parseStatusUri(input: unknown): { key: FeedKey; seq: number } {
  const ref = parseRef(input)
  if (ref.seq === undefined) {
    throw new RstatusError('INVALID_URI', `Not a status link: "${printable(String(input))}" (expected rstatus://<key>/<seq>)`)
  }
  return { key: ref.key, seq: ref.seq }
}

export function feedUri(key: FeedKey): string {
  return URI_SCHEME + key
}

export function statusUri(key: FeedKey, seq: number): string {
  return `${URI_SCHEME}${key}/${seq}`
}

export function keyToHex(key: FeedKey): string {
  const bytes = ids.decode(key)
  let hex = ''
  for (const b of bytes) hex += b.toString(16).padStart(2, '0')
  return hex
}

/** The first characters of a key, for compact display next to a name. */
export function shortKey(key: FeedKey): string {
  return key.slice(0, 8)
}

function parseKeyInUri(text: string, whole: string): FeedKey {
  try {
    return parseKey(text)
  } catch {
    throw badUri(whole)
  }
}

function parseSeq(text: string, whole: string): number {
  if (!/^\d{1,16}$/.test(text)) throw badUri(whole)
  const seq = Number(text)
  if (!Number.isSafeInteger(seq) || seq > MAX_SEQ) throw badUri(whole)
  return seq
}

function badUri(text: string): RstatusError {
  return new RstatusError(
    'INVALID_URI',
    `Not an rstatus link: "${printable(text)}" (expected rstatus://<key> or rstatus://<key>/<seq>)`
  )
}
