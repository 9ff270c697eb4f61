// When this reader first saw a block, for the blocks whose createdAt the views clamp (PROTOCOL.md "Time").
// firstSeen is not derived from any log, so it lives in its own small RocksDB beside the views, which a
// rebuild deletes: a status dated in the year 3000 keeps its place after `rstatus reindex`.
//
// Only clamped blocks are kept. For any other block createdAt <= firstSeen + skew, and since a clock read
// later is never earlier, sortAt stays its createdAt on any rebuild without knowing firstSeen. So an honest
// block costs no write here, and an index batch costs one range read of this store.
import fs from 'node:fs'
import RocksDB from 'rocksdb-native'
import type { FeedKey } from '../../../shared/keys.js'
import { sortTime } from '../../../shared/protocol/time.js'
import { MAX_CLOCK_SKEW_MS } from '../../../shared/protocol/limits.js'
import { openRocksDb } from '../../platform/rocksdb.js'
import { blockId, num, parseNum, SEP, type BlockId } from './layout.js'

/** The store sits beside the views folder, so deleting the views leaves it. */
export function firstSeenDir(viewsDir: string): string {
  return `${viewsDir}-first-seen`
}

export class FirstSeenStore {
  private constructor(private readonly db: RocksDB) {}

  /** Opens the store; one that cannot be opened (damaged) is started afresh, as it only orders clamped claims. */
  static async open(dir: string): Promise<FirstSeenStore> {
    try {
      return new FirstSeenStore(await openRocksDb(dir))
    } catch (err) {
      if (err instanceof Error && /lock/i.test(err.message)) throw err
      fs.rmSync(dir, { recursive: true, force: true })
      return new FirstSeenStore(await openRocksDb(dir))
    }
  }

  /** The stored firstSeen of blocks from..to (inclusive) of a feed. */
  async range(feed: FeedKey, from: number, to: number): Promise<Map<number, number>> {
    const out = new Map<number, number>()
    for await (const { key, value } of this.db.iterator({ gte: keyOf(feed, from), lte: keyOf(feed, to) })) {
      out.set(parseNum(key.toString().slice(feed.length + 1)), Number(value.toString()))
    }
    return out
  }

  async get(feed: FeedKey, seq: number): Promise<number | null> {
    const value = await this.db.get(keyOf(feed, seq))
    return value === null ? null : Number(value.toString())
  }

  /** Written before the views batch that uses them: a crash between the two keeps the first sighting. */
  async put(entries: ReadonlyArray<{ feed: FeedKey; seq: number; at: number }>): Promise<void> {
    if (entries.length === 0) return
    const batch = this.db.write({ capacity: entries.length, autoDestroy: true })
    for (const e of entries) batch.tryPut(keyOf(e.feed, e.seq), String(e.at))
    await batch.flush()
  }

  async close(): Promise<void> {
    await this.db.close()
  }
}

/**
 * The sort time of the blocks one index call applies: min(createdAt, firstSeen + skew), where firstSeen is
 * the stored first sighting, or `now` for a block seen for the first time. New sightings of clamped blocks
 * wait in `fresh` until flush().
 */
export class SortClock {
  private readonly known = new Map<BlockId, number>()
  /** Feeds and the seq ranges whose stored entries are all in `known`. */
  private readonly loaded = new Map<FeedKey, { from: number; to: number }>()
  private readonly fresh: Array<{ feed: FeedKey; seq: number; at: number }> = []

  constructor(
    private readonly store: FirstSeenStore | null,
    readonly now: number
  ) {}

  /** Reads the stored sightings of these blocks of a feed at once (one range read). */
  async load(feed: FeedKey, seqs: readonly number[]): Promise<void> {
    if (!this.store || seqs.length === 0 || this.loaded.has(feed)) return
    let from = seqs[0]!
    let to = from
    for (const s of seqs) {
      if (s < from) from = s
      if (s > to) to = s
    }
    for (const [seq, at] of await this.store.range(feed, from, to)) this.known.set(blockId(feed, seq), at)
    this.loaded.set(feed, { from, to })
  }

  async sortAt(feed: FeedKey, seq: number, createdAt: number): Promise<number> {
    const id = blockId(feed, seq)
    let first = this.known.get(id)
    if (first === undefined && this.store && !this.isLoaded(feed, seq)) {
      first = (await this.store.get(feed, seq)) ?? undefined
      if (first !== undefined) this.known.set(id, first)
    }
    if (first !== undefined) return sortTime(createdAt, first)
    if (createdAt <= this.now + MAX_CLOCK_SKEW_MS) return createdAt
    this.known.set(id, this.now)
    this.fresh.push({ feed, seq, at: this.now })
    return sortTime(createdAt, this.now)
  }

  /** Stores the first sightings made in this call; run before the views batch commits. */
  async flush(): Promise<void> {
    if (!this.store || this.fresh.length === 0) return
    await this.store.put(this.fresh.splice(0))
  }

  private isLoaded(feed: FeedKey, seq: number): boolean {
    const r = this.loaded.get(feed)
    return r !== undefined && seq >= r.from && seq <= r.to
  }
}

function keyOf(feed: FeedKey, seq: number): string {
  return feed + SEP + num(seq)
}

