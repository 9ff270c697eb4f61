// The statuses this peer announces on other people's inbox topics: replies and mentions it wrote, each
// announced for OUTBOX_DAYS while this peer is online. Kept in a file, so an announcement outlives a restart.
import path from 'node:path'
import type { FeedKey } from '../../../shared/keys.js'
import { readJsonFile, writeJsonFile } from '../../platform/json-file.js'

export const OUTBOX_DAYS = 7
export const OUTBOX_MAX_ITEMS = 500
export const OUTBOX_MAX_TOPICS = 100

export interface OutboxItem {
  /** The key it is for: a feed replied to, its identity, a key mentioned. */
  target: FeedKey
  uri: string
  at: number
}

export class Outbox {
  private readonly file: string
  private items: OutboxItem[]

  constructor(dataDir: string) {
    this.file = path.join(dataDir, 'outbox.json')
    this.items = parse(readJsonFile(this.file))
  }

  add(uri: string, targets: FeedKey[], now = Date.now()): void {
    for (const target of targets) this.items.push({ target, uri, at: now })
    this.items = this.items.slice(-OUTBOX_MAX_ITEMS)
    writeJsonFile(this.file, { items: this.items })
  }

  /** Drops what is older than OUTBOX_DAYS; returns whether anything was dropped. */
  expire(now = Date.now()): boolean {
    const keep = this.items.filter((i) => now - i.at < OUTBOX_DAYS * 86_400_000)
    if (keep.length === this.items.length) return false
    this.items = keep
    writeJsonFile(this.file, { items: this.items })
    return true
  }

  /** The keys announced for, the most recent first, at most OUTBOX_MAX_TOPICS (each is a topic kept on the DHT). */
  targets(): FeedKey[] {
    const recent = new Set<FeedKey>()
    for (let i = this.items.length - 1; i >= 0 && recent.size < OUTBOX_MAX_TOPICS; i--) recent.add(this.items[i]!.target)
    return [...recent]
  }

  /** The links announced for any of `keys`, newest first. */
  for(keys: Iterable<FeedKey>): string[] {
    const wanted = new Set(keys)
    const uris = new Set<string>()
    for (let i = this.items.length - 1; i >= 0; i--) if (wanted.has(this.items[i]!.target)) uris.add(this.items[i]!.uri)
    return [...uris]
  }
}

function parse(value: unknown): OutboxItem[] {
  const list = typeof value === 'object' && value !== null ? (value as { items?: unknown }).items : null
  if (!Array.isArray(list)) return []
  return list.filter(
    (i): i is OutboxItem =>
      typeof i === 'object' && i !== null && typeof i.target === 'string' && typeof i.uri === 'string' && typeof i.at === 'number'
  )
}
