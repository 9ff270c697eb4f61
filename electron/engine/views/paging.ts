// Pages over one ordered index. A cursor is the last key returned, in base64url: opaque to callers, checked
// to belong to the index it is used with, and stable while entries are added or removed elsewhere.
import type RocksDB from 'rocksdb-native'
import { RstatusError } from '../../../shared/errors.js'
import { num } from './layout.js'
import { readRange, type Entry } from './range.js'
import { prefixEnd } from './store.js'

export const DEFAULT_LIMIT = 50
export const MAX_LIMIT = 500

export interface PageOptions {
  limit?: number
  cursor?: string
  /** Without a cursor, start below this key instead of at the newest: a place in the index by time (atTime). */
  upTo?: string
}

/**
 * Where a time-ordered index (keys `prefix` + sortAt + …) holds entries placed at or before `before` ms: a page
 * then starts there, one seek away however deep it is. Ignored with a cursor, which continues a page.
 */
export function atTime(prefix: string, opts: PageOptions & { before?: number | undefined }): PageOptions {
  const { before, ...rest } = opts
  if (before === undefined || rest.cursor !== undefined) return rest
  return { ...rest, upTo: prefix + num(Math.max(0, Math.floor(before)) + 1) }
}

export function pageLimit(limit: number | undefined): number {
  if (limit === undefined || !Number.isFinite(limit)) return DEFAULT_LIMIT
  return Math.max(1, Math.min(MAX_LIMIT, Math.floor(limit)))
}

export function encodeCursor(key: string): string {
  return Buffer.from(key).toString('base64url')
}

/** The key a cursor stands for; INVALID_INPUT unless it is a key of the index under `prefix`. */
export function decodeCursor(cursor: string, prefix: string): string {
  const key = Buffer.from(cursor, 'base64url').toString()
  if (cursor.length === 0 || encodeCursor(key) !== cursor || !key.startsWith(prefix) || key.length === prefix.length) {
    throw new RstatusError('INVALID_INPUT', 'That page cursor is not valid')
  }
  return key
}

/** The range an iterator walks: below the cursor (newest first) or above it (oldest first). */
export function pageRange(prefix: string, opts: PageOptions, reverse: boolean) {
  const after = opts.cursor === undefined ? null : decodeCursor(opts.cursor, prefix)
  if (reverse) return { gt: prefix, lt: after ?? opts.upTo ?? prefixEnd(prefix), reverse: true }
  return { gt: after ?? prefix, lt: prefixEnd(prefix), reverse: false }
}

/** One page of entries under `prefix`, newest (highest key) first unless `reverse` is false. */
export async function pageEntries(
  db: RocksDB,
  prefix: string,
  opts: PageOptions,
  reverse = true
): Promise<{ entries: Entry[]; cursor: string | null }> {
  const limit = pageLimit(opts.limit)
  // One entry past the page tells whether there is a next one.
  const entries = await readRange(db, { ...pageRange(prefix, opts, reverse), limit: limit + 1 })
  const more = entries.length > limit
  if (more) entries.length = limit
  return { entries, cursor: more ? encodeCursor(entries[entries.length - 1]!.key) : null }
}
