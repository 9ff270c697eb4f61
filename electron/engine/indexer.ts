// The one path every block takes into the views, whether this peer wrote it or a peer sent it: read it from
// the core by seq, hand it to the views, which validate and apply it together with the new indexed length in
// one atomic batch. A crash therefore loses nothing; a restart resumes from the stored length.
import type Hypercore from 'hypercore'
import { EventEmitter } from 'node:events'
import type { FeedKey } from '../../shared/keys.js'
import type { IndexResult, Views } from './views/views.js'

const BATCH = 1024

interface Tracked {
  core: Hypercore
  indexed: number
  running: Promise<void> | null
  again: boolean
}

export interface IndexerEvents {
  indexed: [feed: FeedKey, result: IndexResult]
  error: [feed: FeedKey, err: unknown]
}

export class Indexer extends EventEmitter<IndexerEvents> {
  private readonly feeds = new Map<FeedKey, Tracked>()
  private closed = false

  constructor(private readonly views: Views) {
    super()
  }

  async track(feed: FeedKey, core: Hypercore): Promise<void> {
    if (this.feeds.has(feed)) return
    const indexed = await this.views.indexedLength(feed)
    this.feeds.set(feed, { core, indexed, running: null, again: false })
    this.schedule(feed)
  }

  untrack(feed: FeedKey): void {
    this.feeds.delete(feed)
  }

  indexedLength(feed: FeedKey): number {
    return this.feeds.get(feed)?.indexed ?? 0
  }

  /** Asks for a pass over `feed`; cheap to call on every download event. */
  schedule(feed: FeedKey): void {
    const t = this.feeds.get(feed)
    if (!t || this.closed) return
    if (t.running) {
      t.again = true
      return
    }
    t.running = this.run(feed, t).finally(() => {
      t.running = null
      if (t.again && !this.closed) {
        t.again = false
        this.schedule(feed)
      }
    })
  }

  /** Resolves once everything held contiguously for `feed` right now is indexed. */
  async catchUp(feed: FeedKey): Promise<void> {
    const t = this.feeds.get(feed)
    if (!t) return
    while (!this.closed && this.feeds.get(feed) === t) {
      if (t.running) {
        await t.running
        continue
      }
      if (t.indexed >= t.core.contiguousLength) return
      this.schedule(feed)
    }
  }

  /** Indexes blocks out of order (a new follow's newest statuses) without moving the indexed length. */
  async indexOutOfOrder(feed: FeedKey, start: number, blocks: Uint8Array[]): Promise<void> {
    if (this.closed) return
    const result = await this.views.index(feed, start, blocks, { advance: false })
    this.emit('indexed', feed, result)
  }

  private async run(feed: FeedKey, t: Tracked): Promise<void> {
    try {
      while (!this.closed && this.feeds.get(feed) === t && t.indexed < t.core.contiguousLength) {
        const start = t.indexed
        const end = Math.min(t.core.contiguousLength, start + BATCH)
        const blocks = await readRange(t.core, start, end)
        if (this.closed) return
        const result = await this.views.index(feed, start, blocks, { advance: true })
        t.indexed = end
        this.emit('indexed', feed, result)
      }
    } catch (err) {
      if (!this.closed) this.emit('error', feed, err)
    }
  }

  async close(): Promise<void> {
    this.closed = true
    await Promise.all([...this.feeds.values()].map((t) => t.running))
    this.feeds.clear()
  }
}

async function readRange(core: Hypercore, start: number, end: number): Promise<Buffer[]> {
  const gets: Promise<Buffer | null>[] = []
  for (let i = start; i < end; i++) gets.push(core.get(i, { wait: false }))
  const blocks = await Promise.all(gets)
  // Contiguous blocks are local; a null means the store lost one, which the views would count as invalid.
  return blocks.map((b) => b ?? Buffer.alloc(0))
}
