// Values recently read from the views database, kept in memory. A page of the home timeline reads about 300
// keys (statuses, counts, profiles, author links), and the newest pages are read again on every refresh.
// Every write to the views goes through store.ts (Tx.commit, writeOne), which tells the cache the keys it
// writes, so a cached value is never older than the database. A read that overlaps a write is not cached:
// it may have read the value from before the write (the epoch check).
import type RocksDB from 'rocksdb-native'

/** Entries kept at most; values are short JSON, so about 5 MB when full. Oldest filled goes first. */
const CAPACITY = 16_384

export class ReadCache {
  private readonly values = new Map<string, string | null>()
  /** Moves on before and after every write. */
  private epoch = 0

  get(key: string): string | null | undefined {
    return this.values.get(key)
  }

  /** Taken before a read; fill() with it. */
  get now(): number {
    return this.epoch
  }

  fill(readAt: number, keys: readonly string[], values: ReadonlyArray<string | null>): void {
    if (readAt !== this.epoch) return
    keys.forEach((key, i) => {
      this.values.delete(key)
      this.values.set(key, values[i] ?? null)
    })
    for (const key of this.values.keys()) {
      if (this.values.size <= CAPACITY) break
      this.values.delete(key)
    }
  }

  /** Around a write of `keys`: drop them, and make reads in flight not fill. Call again when it is done. */
  writing(keys: Iterable<string>): void {
    this.epoch++
    for (const key of keys) this.values.delete(key)
  }
}

const caches = new WeakMap<RocksDB, ReadCache>()

/** Turns the read cache on for `db` (the views); other databases read straight through. */
export function cacheReads(db: RocksDB): void {
  caches.set(db, new ReadCache())
}

export function readCacheOf(db: RocksDB): ReadCache | undefined {
  return caches.get(db)
}
