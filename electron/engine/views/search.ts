// Full-text search over the word index (search-index.ts). One word is a plain page of its index. Several words
// walk the index of the longest one (likely the rarest) and keep the statuses found in every other word's
// index; the walk stops after SCAN_LIMIT candidates and hands back a cursor, so a page never costs more than
// that, however large the store.
import type { StatusView, Page } from '../../../shared/api/shapes.js'
import { RstatusError } from '../../../shared/errors.js'
import type { FeedKey } from '../../../shared/keys.js'
import { searchTokens } from '../../../shared/protocol/text.js'
import type RocksDB from 'rocksdb-native'
import { tailRef } from './layout.js'
import { decodeCursor, encodeCursor, pageLimit, type PageOptions } from './paging.js'
import { loadStatusViews, type Viewer } from './read.js'
import { groupEntry, readGroups, wordEntries, wordGroupKey, wordPrefix } from './search-index.js'
import type { Entry } from './store.js'

const SCAN_LIMIT = 2000
const CHUNK = 256

export async function searchStatuses(db: RocksDB, me: FeedKey | Viewer, query: string, opts: PageOptions): Promise<Page<StatusView>> {
  const tokens = searchTokens(query)
  if (tokens.length === 0) return { items: [], cursor: null }
  const primary = opts.cursor === undefined ? longest(tokens) : tokenOfCursor(opts.cursor, tokens)
  const others = tokens.filter((t) => t !== primary)
  const after = opts.cursor === undefined ? null : decodeCursor(opts.cursor, wordPrefix(primary))
  const walk = wordEntries(db, primary, after)
  const { entries, cursor } = others.length === 0 ? await plainPage(walk, opts) : await filteredPage(db, walk, opts, others)
  const views = await loadStatusViews(db, me, entries.map((e) => tailRef(e.key)))
  return { items: views.filter((v): v is StatusView => v !== null), cursor }
}

async function plainPage(walk: AsyncGenerator<Entry>, opts: PageOptions): Promise<{ entries: Entry[]; cursor: string | null }> {
  const limit = pageLimit(opts.limit)
  const entries: Entry[] = []
  for await (const e of walk) {
    entries.push(e)
    if (entries.length > limit) break
  }
  const more = entries.length > limit
  if (more) entries.length = limit
  return { entries, cursor: more ? encodeCursor(entries[entries.length - 1]!.key) : null }
}

async function filteredPage(
  db: RocksDB,
  walk: AsyncGenerator<Entry>,
  opts: PageOptions,
  required: string[]
): Promise<{ entries: Entry[]; cursor: string | null }> {
  const limit = pageLimit(opts.limit)
  const matches: Entry[] = []
  let chunk: Entry[] = []
  let scanned = 0
  let lastScanned: string | null = null
  let exhausted = true

  // A candidate matches when every other word's group for it holds the same (sortAt, seq).
  const keep = async (): Promise<void> => {
    const refs = chunk.map((e) => tailRef(e.key))
    const keys = refs.map((r) => required.map((t) => wordGroupKey(t, r.sortAt, r.feed, r.seq)))
    const groups = await readGroups(db, [...new Set(keys.flat())])
    refs.forEach((r, i) => {
      if (keys[i]!.every((k) => groups.get(k)?.has(groupEntry(r.sortAt, r.seq)))) matches.push(chunk[i]!)
    })
    chunk = []
  }

  for await (const e of walk) {
    chunk.push(e)
    if (chunk.length < CHUNK) continue
    lastScanned = chunk[chunk.length - 1]!.key
    scanned += chunk.length
    await keep()
    if (matches.length > limit || scanned >= SCAN_LIMIT) {
      exhausted = false
      break
    }
  }
  if (chunk.length > 0) {
    lastScanned = chunk[chunk.length - 1]!.key
    await keep()
  }

  if (matches.length > limit) {
    matches.length = limit
    return { entries: matches, cursor: encodeCursor(matches[limit - 1]!.key) }
  }
  // Stopped early without a full page: continue after the last candidate looked at.
  return { entries: matches, cursor: exhausted || lastScanned === null ? null : encodeCursor(lastScanned) }
}

function longest(tokens: string[]): string {
  return [...tokens].sort((a, b) => b.length - a.length || (a < b ? -1 : 1))[0]!
}

/** A multi-word search's cursor lies in the index of the word it walked; it must be one of the query's words. */
function tokenOfCursor(cursor: string, tokens: string[]): string {
  const key = Buffer.from(cursor, 'base64url').toString()
  const token = tokens.find((t) => key.startsWith(wordPrefix(t)))
  if (token === undefined) throw new RstatusError('INVALID_INPUT', 'That page cursor is not valid')
  return token
}
