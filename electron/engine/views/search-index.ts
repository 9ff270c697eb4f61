// The search index's stored layout: a word's postings grouped per feed and hour. One key per status and word
// was 71% of the keys a first sync wrote, and writing a key costs about the same whatever it holds; a feed's
// statuses of one hour (and of one run of 1,024 seqs, which bounds a group's size) share a key per word. Reads
// see the same thing as before: every (sortAt, feed, seq) of a word, newest first, as the keys
// `word\0<word>\0<sortAt>\0<feed>\0<seq>` the index used to hold.
//
// Layout: `word\0<word>\0<hour>\0<feed>\0<seq ÷ 1024>` → the entries, each `<sortAt hex><seq hex>` (28
// characters), sorted. Hours order the keys by time, so a newest-first walk reads one hour's groups, sorts
// their entries, and moves to the hour before.
import type { FeedKey } from '../../../shared/keys.js'
import { RstatusError } from '../../../shared/errors.js'
import type RocksDB from 'rocksdb-native'
import { SEP, num, parseNum, prefix as prefixOf } from './layout.js'
import { prefixEnd, readBatch, type Entry, type Tx } from './store.js'

/** How much time one group spans. Larger groups mean fewer keys written and more entries read per page. */
export const WORD_GROUP_MS = 3_600_000
/**
 * How many seqs one group spans at most. A group is read and written again whenever a batch adds to it; a
 * feed that posted thousands of statuses in an hour would otherwise rewrite ever larger values.
 */
export const WORD_GROUP_SEQS = 1024

const ENTRY = 28
const HEX = 14

export function wordPrefix(token: string): string {
  return prefixOf('word', token)
}

/** The group that holds `token` for status `seq` of `feed` placed at `sortAt`. */
export function wordGroupKey(token: string, sortAt: number, feed: FeedKey, seq: number): string {
  return wordPrefix(token) + groupTail(Math.floor(sortAt / WORD_GROUP_MS), feed, Math.floor(seq / WORD_GROUP_SEQS))
}

function groupTail(hour: number, feed: FeedKey, part: number): string {
  return num(hour) + SEP + feed + SEP + num(part)
}

/** The key one entry stands for in a page and its cursor (the layout's ordered-index form). */
export function wordEntryKey(token: string, sortAt: number, feed: FeedKey, seq: number): string {
  return wordPrefix(token) + num(sortAt) + SEP + feed + SEP + num(seq)
}

/** How a group's value writes the status at (sortAt, seq). */
export function groupEntry(sortAt: number, seq: number): string {
  return num(sortAt) + num(seq)
}

function entriesOf(value: string | null): string[] {
  const out: string[] = []
  if (value) for (let i = 0; i + ENTRY <= value.length; i += ENTRY) out.push(value.slice(i, i + ENTRY))
  return out
}

/**
 * The entries of many groups, read in one batch. Not through the read cache: a group of a busy hour can hold
 * thousands of entries, and the cache bounds how many values it keeps, not their size.
 */
export async function readGroups(db: RocksDB, keys: string[]): Promise<Map<string, Set<string>>> {
  const values = await readBatch(db, keys)
  return new Map(keys.map((k, i) => [k, new Set(entriesOf(values[i] ?? null))]))
}

/**
 * The word changes of one transaction, kept apart until it commits: a batch adds hundreds of entries to the
 * same few groups, and each group is then read once and written once.
 */
class WordWrites {
  /** Per group (feed, hour, part), per word, per entry: whether the last change added it (true) or removed it (false). */
  private readonly groups = new Map<string, { tail: string; words: Map<string, Map<string, boolean>> }>()

  constructor(private readonly tx: Tx) {}

  change(tokens: Iterable<string>, sortAt: number, feed: FeedKey, seq: number, add: boolean): void {
    const tail = groupTail(Math.floor(sortAt / WORD_GROUP_MS), feed, Math.floor(seq / WORD_GROUP_SEQS))
    let group = this.groups.get(tail)
    if (!group) this.groups.set(tail, (group = { tail, words: new Map() }))
    const entry = groupEntry(sortAt, seq)
    for (const token of tokens) {
      let changes = group.words.get(token)
      if (!changes) group.words.set(token, (changes = new Map()))
      changes.set(entry, add)
    }
  }

  async write(): Promise<void> {
    if (this.groups.size === 0) return
    const changed: Array<[string, Map<string, boolean>]> = []
    for (const { tail, words } of this.groups.values()) {
      for (const [token, changes] of words) changed.push([wordPrefix(token) + tail, changes])
    }
    this.groups.clear()
    await this.tx.prefetch(changed.map(([key]) => key))
    for (const [key, changes] of changed) {
      const stored = await this.tx.get(key)
      const entries = new Set(entriesOf(stored))
      for (const [entry, add] of changes) {
        if (add) entries.add(entry)
        else entries.delete(entry)
      }
      if (entries.size === 0) {
        if (stored !== null) this.tx.del(key)
      } else this.tx.put(key, [...entries].sort().join(''))
    }
  }
}

const pending = new WeakMap<Tx, WordWrites>()

function writesOf(tx: Tx): WordWrites {
  let w = pending.get(tx)
  if (!w) {
    const writes = (w = new WordWrites(tx))
    pending.set(tx, writes)
    tx.beforeCommit(() => writes.write())
  }
  return w
}

export function addWords(tx: Tx, tokens: Iterable<string>, sortAt: number, feed: FeedKey, seq: number): void {
  writesOf(tx).change(tokens, sortAt, feed, seq, true)
}

export function removeWords(tx: Tx, tokens: Iterable<string>, sortAt: number, feed: FeedKey, seq: number): void {
  writesOf(tx).change(tokens, sortAt, feed, seq, false)
}

/**
 * Every status holding `token`, newest first, as entries keyed like `wordEntryKey`; after `cursor` (such a
 * key, from an earlier page) when given. Reads one hour's groups at a time.
 */
export async function* wordEntries(db: RocksDB, token: string, cursor: string | null): AsyncGenerator<Entry> {
  const prefix = wordPrefix(token)
  let below: string | null = null
  let upper: string | Buffer = prefixEnd(prefix)
  if (cursor !== null) {
    const sortAt = cursorTime(cursor, prefix)
    below = cursor.slice(prefix.length)
    upper = prefix + num(Math.floor(sortAt / WORD_GROUP_MS) + 1)
  }
  let hour: string | null = null
  let tails: string[] = []
  const drain = function* (): Generator<Entry> {
    tails.sort()
    for (let i = tails.length - 1; i >= 0; i--) {
      const tail = tails[i]!
      if (below === null || tail < below) yield { key: prefix + tail, value: '' }
    }
    tails = []
  }
  for await (const { key, value } of db.iterator({ gt: prefix, lt: upper, reverse: true }, { capacity: 64 })) {
    const rest = key.toString().slice(prefix.length)
    const at = rest.slice(0, HEX)
    const feed = rest.slice(HEX + 1, rest.lastIndexOf(SEP))
    if (at !== hour) {
      yield* drain()
      hour = at
    }
    for (const entry of entriesOf(value.toString())) tails.push(entry.slice(0, HEX) + SEP + feed + SEP + entry.slice(HEX))
  }
  yield* drain()
}

/** The sortAt a cursor of this word's index stands for; INVALID_INPUT when it is not one. */
function cursorTime(cursor: string, prefix: string): number {
  const parts = cursor.slice(prefix.length).split(SEP)
  try {
    if (parts.length !== 3) throw new Error('not an entry')
    parseNum(parts[2])
    return parseNum(parts[0])
  } catch {
    throw new RstatusError('INVALID_INPUT', 'That page cursor is not valid')
  }
}
