// Twitter ids for rstatus URIs (docs/API.md, "Ids"). Twitter clients need decimal ids that grow with time:
// they page with since_id and max_id, and often ask for "max_id = oldest id - 1". So a status's id is
// the first id not yet taken at or after `time × 2048` (time: when the timeline places it, ms since epoch),
// assigned the first time this server shows the status and kept in a small RocksDB beside the views.
// Kept, not derived: stable across restarts and `rstatus reindex`, and one to one in both directions.
// Users get ids 1, 2, 3, … in the order this server first shows them.
import type RocksDB from 'rocksdb-native'
import { RstatusError } from '../../../shared/errors.js'
import type { FeedKey } from '../../../shared/keys.js'
import { openRocksDb } from '../../platform/rocksdb.js'

/** Ids per millisecond: room for 2048 statuses placed in the same millisecond before one spills into the next. */
export const IDS_PER_MS = 2048
/** Ids stay exact JavaScript numbers (≤ 2^53 - 1), so `id` and `id_str` agree even in JavaScript clients. */
export const MAX_ID = Number.MAX_SAFE_INTEGER
const MAX_TIME = Math.floor(MAX_ID / IDS_PER_MS) - 1
const ID_DIGITS = 16
const HINTS = 10_000

const K = {
  status: (uri: string) => `s\0${uri}`,
  byId: (id: number) => `i\0${String(id).padStart(ID_DIGITS, '0')}`,
  byIdEnd: 'i\x01',
  user: (key: FeedKey) => `u\0${key}`,
  userById: (id: number) => `v\0${String(id).padStart(ID_DIGITS, '0')}`,
  lastUser: 'n\0user'
}

/** Where a status's id starts looking: its time in ms, times IDS_PER_MS (at least 1: no Twitter id is 0). */
export function baseId(timeMs: number): number {
  const t = Number.isFinite(timeMs) ? Math.max(0, Math.min(Math.floor(timeMs), MAX_TIME)) : 0
  return Math.max(1, t * IDS_PER_MS)
}

/** The time an id was made from, in ms: what since_id and max_id compare, give or take a spill. */
export function timeOfId(id: number): number {
  return Math.floor(id / IDS_PER_MS)
}

export class TwitterIds {
  private queue: Promise<unknown> = Promise.resolve()
  /** Per base, the last id handed out in this process: a hostile feed with many equal times costs one scan. */
  private readonly lastFromBase = new Map<number, number>()

  private constructor(private readonly db: RocksDB) {}

  static async open(dir: string): Promise<TwitterIds> {
    return new TwitterIds(await openRocksDb(dir))
  }

  async close(): Promise<void> {
    await this.queue.catch(() => {})
    await this.db.close()
  }

  /** The id of each status, assigning ids to those never shown before from their `time`. */
  statusIds(items: ReadonlyArray<{ uri: string; time: number }>): Promise<number[]> {
    return this.exclusive(async () => {
      const known = await this.readMany(items.map((i) => K.status(i.uri)))
      const ids = known.map((v) => (v === null ? null : Number(v)))
      // Oldest first, so statuses placed in the same millisecond get ids in timeline order.
      const missing = items
        .map((item, index) => ({ ...item, index }))
        .filter((m) => ids[m.index] === null)
        .sort((a, b) => a.time - b.time || b.index - a.index)
      const assigned = new Map<string, number>()
      for (const m of missing) {
        const already = assigned.get(m.uri)
        if (already !== undefined) {
          ids[m.index] = already
          continue
        }
        const id = await this.firstFree(baseId(m.time))
        const batch = this.db.write({ capacity: 2, autoDestroy: true })
        batch.tryPut(K.status(m.uri), String(id))
        batch.tryPut(K.byId(id), m.uri)
        await batch.flush()
        assigned.set(m.uri, id)
        ids[m.index] = id
      }
      return ids as number[]
    })
  }

  /** The id already given to a status, without assigning one. */
  async knownStatusId(uri: string): Promise<number | null> {
    const v = await this.db.get(K.status(uri))
    return v === null ? null : Number(v.toString())
  }

  async statusUri(id: number): Promise<string | null> {
    if (!Number.isSafeInteger(id) || id < 1) return null
    const v = await this.db.get(K.byId(id))
    return v === null ? null : v.toString()
  }

  userIds(keys: readonly FeedKey[]): Promise<number[]> {
    return this.exclusive(async () => {
      const known = await this.readMany(keys.map((k) => K.user(k)))
      const out: number[] = []
      let last = Number((await this.db.get(K.lastUser))?.toString() ?? 0)
      const fresh = new Map<FeedKey, number>()
      for (const [i, key] of keys.entries()) {
        const v = known[i]
        if (v !== null && v !== undefined) {
          out.push(Number(v))
          continue
        }
        let id = fresh.get(key)
        if (id === undefined) {
          id = ++last
          fresh.set(key, id)
          const batch = this.db.write({ capacity: 3, autoDestroy: true })
          batch.tryPut(K.user(key), String(id))
          batch.tryPut(K.userById(id), key)
          batch.tryPut(K.lastUser, String(id))
          await batch.flush()
        }
        out.push(id)
      }
      return out
    })
  }

  async userKey(id: number): Promise<FeedKey | null> {
    if (!Number.isSafeInteger(id) || id < 1) return null
    const v = await this.db.get(K.userById(id))
    return v === null ? null : v.toString()
  }

  private async firstFree(base: number): Promise<number> {
    let want = Math.max(base, (this.lastFromBase.get(base) ?? base - 1) + 1)
    for await (const { key } of this.db.iterator({ gte: K.byId(want), lt: K.byIdEnd }, { capacity: 64 })) {
      if (Number(key.toString().slice(2)) !== want) break
      want++
    }
    if (want > MAX_ID) throw new RstatusError('INTERNAL', 'No Twitter id is left for this time')
    if (this.lastFromBase.size >= HINTS) this.lastFromBase.clear()
    this.lastFromBase.set(base, want)
    return want
  }

  private async readMany(keys: string[]): Promise<Array<string | null>> {
    if (keys.length === 0) return []
    const batch = this.db.read({ capacity: keys.length, autoDestroy: true })
    const gets = keys.map((k) => batch.get(k))
    await batch.flush()
    return (await Promise.all(gets)).map((v) => (v === null ? null : v.toString()))
  }

  /** Assignments run one at a time, so two requests never hand out the same id. */
  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn)
    this.queue = run.catch(() => {})
    return run
  }
}
