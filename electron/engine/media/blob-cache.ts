// Other people's images held here: a least-recently-used cache with a byte cap. When a fetch pushes it over
// the cap, the images looked at longest ago are cleared from their blobs cores (hypercore clear() frees
// the blocks on disk; a later look fetches them again). The user's own images never enter it, so they are
// never evicted. The index is a small JSON file, written a moment after it changes.
import fs from 'node:fs'
import type { FeedKey } from '../../../shared/keys.js'
import type { BlobRef } from '../../../shared/protocol/records.js'
import { writeFileAtomic } from '../../platform/atomic-file.js'

export interface CachedBlob {
  /** The feed whose status or profile named the image: whose storage it counts toward. */
  feed: FeedKey
  blobs: FeedKey
  blockOffset: number
  blockLength: number
  bytes: number
  lastAccess: number
}

export interface BlobCacheOptions {
  file: string
  capBytes: number
  /** Frees the blocks of an evicted image. */
  clear: (entry: CachedBlob) => Promise<void>
  /** Where a failure worth knowing is said. */
  log?: (line: string) => void
  now?: () => number
}

const SAVE_DELAY_MS = 1000

export class BlobCache {
  private readonly entries = new Map<string, CachedBlob>()
  private total = 0
  private saveTimer: NodeJS.Timeout | null = null
  private evicting: Promise<void> = Promise.resolve()
  private readonly now: () => number

  constructor(private readonly opts: BlobCacheOptions) {
    this.now = opts.now ?? Date.now
    for (const entry of load(opts.file)) {
      this.entries.set(idOf(entry.blobs, entry), entry)
      this.total += entry.bytes
    }
  }

  get capBytes(): number {
    return this.opts.capBytes
  }

  get usedBytes(): number {
    return this.total
  }

  has(blobs: FeedKey, ref: BlobRef): boolean {
    return this.entries.has(idOf(blobs, ref))
  }

  /** Notes a look at an image we hold (it becomes the most recently used). */
  touch(blobs: FeedKey, ref: BlobRef): void {
    const entry = this.entries.get(idOf(blobs, ref))
    if (!entry) return
    entry.lastAccess = this.now()
    this.scheduleSave()
  }

  /** Records a fetched image, then evicts the least recently used ones while the cache is over its cap. */
  add(feed: FeedKey, blobs: FeedKey, ref: BlobRef, bytes: number): Promise<void> {
    const id = idOf(blobs, ref)
    const existing = this.entries.get(id)
    if (existing) this.total -= existing.bytes
    this.entries.set(id, { feed, blobs, blockOffset: ref.blockOffset, blockLength: ref.blockLength, bytes, lastAccess: this.now() })
    this.total += bytes
    this.scheduleSave()
    return this.evict()
  }

  /** Bytes held per feed. */
  usageByFeed(): Map<FeedKey, number> {
    const usage = new Map<FeedKey, number>()
    for (const e of this.entries.values()) usage.set(e.feed, (usage.get(e.feed) ?? 0) + e.bytes)
    return usage
  }

  /** Writes the index now (at close). */
  flush(): void {
    if (this.saveTimer) clearTimeout(this.saveTimer)
    this.saveTimer = null
    save(this.opts.file, [...this.entries.values()])
  }

  private evict(): Promise<void> {
    const run = this.evicting.then(() => this.evictNow())
    // The chain only orders the evictions; each caller hears of its own failure through `run`.
    this.evicting = run.catch(() => {})
    return run
  }

  private async evictNow(): Promise<void> {
    if (this.total <= this.opts.capBytes) return
    const oldestFirst = [...this.entries.entries()].sort((a, b) => a[1].lastAccess - b[1].lastAccess)
    for (const [id, entry] of oldestFirst) {
      if (this.total <= this.opts.capBytes) break
      this.entries.delete(id)
      this.total -= entry.bytes
      await this.opts.clear(entry).catch((err: unknown) => {
        // Its blocks stay on disk, no longer counted: say so, once per image.
        this.opts.log?.(`rstatus: could not free an evicted image of ${entry.feed.slice(0, 8)}: ${(err as Error).message}`)
      })
    }
    this.scheduleSave()
  }

  private scheduleSave(): void {
    if (this.saveTimer) return
    this.saveTimer = setTimeout(() => {
      this.saveTimer = null
      try {
        save(this.opts.file, [...this.entries.values()])
      } catch {
        // a full disk: the index is written again on the next change or at close
      }
    }, SAVE_DELAY_MS)
    this.saveTimer.unref()
  }
}

function idOf(blobs: FeedKey, ref: Pick<BlobRef, 'blockOffset' | 'blockLength'>): string {
  return `${blobs}/${ref.blockOffset}+${ref.blockLength}`
}

function load(file: string): CachedBlob[] {
  try {
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as { entries?: unknown }
    if (!Array.isArray(parsed.entries)) return []
    return parsed.entries.filter(isEntry)
  } catch {
    // Missing or damaged: start empty. Blocks fetched before stay on disk until their cores are cleared.
    return []
  }
}

function save(file: string, entries: CachedBlob[]): void {
  writeFileAtomic(file, JSON.stringify({ entries }))
}

function isEntry(e: unknown): e is CachedBlob {
  if (typeof e !== 'object' || e === null) return false
  const v = e as Record<string, unknown>
  return (
    typeof v.feed === 'string' &&
    typeof v.blobs === 'string' &&
    [v.blockOffset, v.blockLength, v.bytes, v.lastAccess].every((n) => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0)
  )
}
