// Reading a range of keys in as few trips to RocksDB's threads as it takes. Each trip waits for a thread of
// the pool, which on a busy machine is where a page's time goes. Iterated with `for await`, a range of up to
// `limit` keys costs four: open, read, one more read that finds nothing (a full read might not be the last),
// and close, which the loop waits for. Here the read asks for one key more than the limit allows, so a
// range that fits is known to be whole after one read, and the entries are returned at the stream's end,
// while the iterator closes behind them.
import type RocksDB from 'rocksdb-native'

export interface Entry {
  key: string
  value: string
}

export interface KeyRange {
  gt?: string | Buffer
  gte?: string | Buffer
  lt?: string | Buffer
  lte?: string | Buffer
  reverse?: boolean
  /** At most this many entries; the whole range without it. */
  limit?: number
}

/** What rocksdb-native's iterator is besides an async iterable: a streamx Readable. */
interface Readable {
  on(event: 'data', listener: (entry: { key: Buffer; value: Buffer }) => void): void
  on(event: 'error', listener: (err: Error) => void): void
  on(event: 'end', listener: () => void): void
}

/** Entries read per trip when the range has no limit (or a large one). */
const CHUNK = 1024

/** The entries of `range`, in its order. */
export function readRange(db: RocksDB, range: KeyRange): Promise<Entry[]> {
  const capacity = range.limit === undefined ? CHUNK : Math.min(range.limit + 1, CHUNK)
  const out: Entry[] = []
  const iterator = db.iterator(range, { capacity }) as unknown as Readable
  return new Promise((resolve, reject) => {
    iterator.on('data', ({ key, value }) => out.push({ key: key.toString(), value: value.toString() }))
    iterator.on('error', reject)
    iterator.on('end', () => resolve(out))
  })
}
