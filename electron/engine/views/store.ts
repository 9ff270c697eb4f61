// Reading and writing the views database. `Tx` gathers every change of one index() call in memory (reads see
// the writes made before them) and commits them in one atomic RocksDB write batch, together with the new
// indexed length: a crash keeps either all of a call or none of it.
import type RocksDB from 'rocksdb-native'
import { SEP } from './layout.js'
import { readRange, type Entry } from './range.js'
import { readCacheOf } from './read-cache.js'

export type { Entry } from './range.js'

const END = Buffer.from([0xff]) // never a byte of UTF-8, so prefix + 0xff is above every key with that prefix

export function prefixEnd(prefix: string): Buffer {
  return Buffer.concat([Buffer.from(prefix), END])
}

/** Gets many keys in one read batch (those in the read cache from memory); missing keys give null. */
export async function readMany(db: RocksDB, keys: string[]): Promise<Array<string | null>> {
  const cache = readCacheOf(db)
  if (!cache) return readBatch(db, keys)
  const out: Array<string | null> = new Array(keys.length)
  const missing: string[] = []
  const at: number[] = []
  keys.forEach((key, i) => {
    const hit = cache.get(key)
    if (hit === undefined) {
      missing.push(key)
      at.push(i)
    } else out[i] = hit
  })
  if (missing.length === 0) return out
  const readAt = cache.now
  const values = await readBatch(db, missing)
  cache.fill(readAt, missing, values)
  values.forEach((v, j) => (out[at[j]!] = v))
  return out
}

async function readBatch(db: RocksDB, keys: string[]): Promise<Array<string | null>> {
  if (keys.length === 0) return []
  const batch = db.read({ capacity: keys.length, autoDestroy: true })
  const gets = keys.map((k) => batch.get(k))
  await batch.flush()
  const values = await Promise.all(gets)
  return values.map((v) => (v === null ? null : v.toString()))
}

export async function readOne(db: RocksDB, key: string): Promise<string | null> {
  const value = await db.get(key)
  return value === null ? null : value.toString()
}

export async function writeOne(db: RocksDB, key: string, value: string): Promise<void> {
  const cache = readCacheOf(db)
  const batch = db.write({ capacity: 1, autoDestroy: true })
  batch.tryPut(key, value)
  cache?.writing([key])
  await batch.flush()
  cache?.writing([])
}

/** Every entry under `prefix`, in key order. For indexes that are small by nature (one feed's follows). */
export async function scanAll(
  db: RocksDB,
  prefix: string,
  opts: { limit?: number; from?: string | undefined } = {}
): Promise<Entry[]> {
  const start = { gte: opts.from !== undefined && opts.from > prefix ? opts.from : prefix }
  return readRange(db, { ...start, lt: prefixEnd(prefix), ...(opts.limit ? { limit: opts.limit } : {}) })
}

export function parseJson<T>(value: string | null): T | null {
  return value === null ? null : (JSON.parse(value) as T)
}

export class Tx {
  private readonly writes = new Map<string, string | null>()
  private readonly cache = new Map<string, string | null>()
  /** Written keys by their first two parts, so a scan looks only at the writes that can match it. */
  private readonly heads = new Map<string, Set<string>>()
  private headsBuilt = false

  constructor(private readonly db: RocksDB) {}

  /** Loads keys in one read batch, so the gets that follow are answered from memory. */
  async prefetch(keys: string[]): Promise<void> {
    const missing = [...new Set(keys)].filter((k) => !this.writes.has(k) && !this.cache.has(k))
    // Straight from the database, not through the read cache: an index batch reads thousands of keys
    // (markers, tombstones) that no page asks for, and would push out what pages read again.
    const values = await readBatch(this.db, missing)
    missing.forEach((k, i) => this.cache.set(k, values[i] ?? null))
  }

  async get(key: string): Promise<string | null> {
    const written = this.writes.get(key)
    if (written !== undefined) return written
    const cached = this.cache.get(key)
    if (cached !== undefined) return cached
    const value = await readOne(this.db, key)
    this.cache.set(key, value)
    return value
  }

  async getJson<T>(key: string): Promise<T | null> {
    return parseJson<T>(await this.get(key))
  }

  async has(key: string): Promise<boolean> {
    return (await this.get(key)) !== null
  }

  async getNumber(key: string): Promise<number> {
    const value = await this.get(key)
    return value === null ? 0 : Number(value)
  }

  put(key: string, value: string): void {
    this.write(key, value)
  }

  putJson(key: string, value: unknown): void {
    this.put(key, JSON.stringify(value))
  }

  del(key: string): void {
    this.write(key, null)
  }

  private write(key: string, value: string | null): void {
    if (this.headsBuilt && !this.writes.has(key)) this.addHead(key)
    this.writes.set(key, value)
  }

  private addHead(key: string): void {
    const head = headOf(key)
    let keys = this.heads.get(head)
    if (!keys) this.heads.set(head, (keys = new Set()))
    keys.add(key)
  }

  /** Most transactions never scan, so the head index is built on the first scan only. */
  private headIndex(): Map<string, Set<string>> {
    if (!this.headsBuilt) {
      for (const key of this.writes.keys()) this.addHead(key)
      this.headsBuilt = true
    }
    return this.heads
  }

  async add(key: string, delta: number): Promise<void> {
    const next = (await this.getNumber(key)) + delta
    if (next === 0) this.del(key)
    else this.put(key, String(next))
  }

  /** Every entry under `prefix` (from key `from` on, if given) as this transaction sees it, in key order. */
  async scan(prefix: string, from?: string): Promise<Entry[]> {
    const found = new Map<string, string>()
    for (const e of await scanAll(this.db, prefix, { from })) found.set(e.key, e.value)
    const head = headOf(prefix)
    const candidates = head.length < prefix.length ? (this.headIndex().get(head) ?? []) : this.writes.keys()
    for (const k of candidates) {
      if (!k.startsWith(prefix) || k === prefix || (from !== undefined && byteOrder(k, from) < 0)) continue
      const v = this.writes.get(k)
      if (v === undefined) continue
      if (v === null) found.delete(k)
      else found.set(k, v)
    }
    return [...found]
      .map(([key, value]) => ({ key, value }))
      .sort((a, b) => byteOrder(a.key, b.key))
  }

  async commit(): Promise<void> {
    if (this.writes.size === 0) return
    const cache = readCacheOf(this.db)
    const batch = this.db.write({ capacity: this.writes.size, autoDestroy: true })
    for (const [k, v] of this.writes) {
      if (v === null) batch.tryDelete(k)
      else batch.tryPut(k, v)
    }
    cache?.writing(this.writes.keys())
    try {
      await batch.flush()
    } finally {
      cache?.writing([])
    }
    this.writes.clear()
    this.heads.clear()
    this.headsBuilt = false
    this.cache.clear()
  }
}

/** RocksDB orders keys by their UTF-8 bytes, which differs from JavaScript's UTF-16 order above U+D7FF. */
function byteOrder(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b))
}

/** The first two parts of a key (`name\0first`); the whole text when it has fewer. */
function headOf(key: string): string {
  const first = key.indexOf(SEP)
  const second = first < 0 ? -1 : key.indexOf(SEP, first + 1)
  return second < 0 ? key : key.slice(0, second)
}
