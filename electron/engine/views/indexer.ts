// The one path every block takes into the views, whether this peer wrote it or a peer sent it: read it from
// the core by seq, hand it to the views, which validate and apply it in one atomic batch. A crash therefore
// loses nothing; a restart resumes from the stored indexed length.
//
// A first sync downloads a feed out of order (twice as fast as in order: docs/BENCHMARKS.md), so the
// contiguous prefix grows slowly and then jumps at the end. Indexing only that prefix left most of the work
// for after the download. So blocks held beyond the indexed length are indexed as they arrive ("ahead",
// without moving the length), and the length then moves over them (Views.advance checks their markers).
import type Hypercore from 'hypercore'
import { EventEmitter } from 'node:events'
import type { FeedKey } from '../../../shared/keys.js'
import { readHeldBlocks } from './held-blocks.js'
import type { ViewStore } from './worker.js'
import type { IndexResult } from './values.js'

const BATCH = 1024
/**
 * Blocks held ahead are indexed in batches of at least this many, or after AHEAD_WAIT_MS without a batch:
 * they arrive one download event at a time, and batches of ten cost the views thread several times more.
 */
const AHEAD_MIN = 512
const AHEAD_WAIT_MS = 100
/** Blocks further ahead of the indexed length than this wait for the in-order pass (bounds the sets below). */
const AHEAD_LIMIT = 262_144

interface Tracked {
  core: Hypercore
  indexed: number
  running: Promise<void> | null
  again: boolean
  /** Held beyond the indexed length, not yet indexed (from the core's download events). */
  waiting: Set<number>
  /** Indexed out of order, beyond the indexed length. */
  ahead: Set<number>
  /** Set when fewer than AHEAD_MIN blocks have waited AHEAD_WAIT_MS: index them anyway. */
  aheadDue: boolean
  aheadTimer: NodeJS.Timeout | null
  onDownload: (seq: number) => void
  onAppend: () => void
}

export interface IndexerEvents {
  indexed: [feed: FeedKey, result: IndexResult]
  error: [feed: FeedKey, err: unknown]
}

export class Indexer extends EventEmitter<IndexerEvents> {
  private readonly feeds = new Map<FeedKey, Tracked>()
  private closed = false

  constructor(private readonly views: ViewStore) {
    super()
  }

  async track(feed: FeedKey, core: Hypercore): Promise<void> {
    if (this.feeds.has(feed)) return
    const indexed = await this.views.indexedLength(feed)
    if (this.feeds.has(feed)) return
    const t: Tracked = { core, indexed, running: null, again: false, waiting: new Set(), ahead: new Set(), aheadDue: false, aheadTimer: null, onDownload: () => {}, onAppend: () => this.schedule(feed) }
    t.onDownload = (seq) => {
      if (seq >= t.indexed && seq < t.indexed + AHEAD_LIMIT && !t.ahead.has(seq)) t.waiting.add(seq)
      this.schedule(feed)
    }
    // Appends (my posts, a followed feed growing) and downloads (a first sync, in any order) both mean work.
    core.on('download', t.onDownload)
    core.on('append', t.onAppend)
    this.feeds.set(feed, t)
    this.schedule(feed)
  }

  untrack(feed: FeedKey): void {
    const t = this.feeds.get(feed)
    if (!t) return
    t.core.off('download', t.onDownload)
    t.core.off('append', t.onAppend)
    if (t.aheadTimer) clearTimeout(t.aheadTimer)
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

  /** Indexes blocks out of order (a new follow's newest statuses, a referenced status) without moving the indexed length. */
  async indexOutOfOrder(feed: FeedKey, start: number, blocks: Uint8Array[]): Promise<void> {
    if (this.closed) return
    const result = await this.views.index(feed, start, blocks, { advance: false })
    const t = this.feeds.get(feed)
    if (t) for (let seq = start; seq < start + blocks.length; seq++) noteAhead(t, seq)
    this.emit('indexed', feed, result)
  }

  private async run(feed: FeedKey, t: Tracked): Promise<void> {
    const current = () => !this.closed && this.feeds.get(feed) === t
    try {
      while (current()) {
        if (t.indexed < t.core.contiguousLength) await this.inOrder(feed, t)
        else if (t.waiting.size >= AHEAD_MIN || (t.aheadDue && t.waiting.size > 0)) await this.outOfOrder(feed, t)
        else return this.waitForMore(feed, t)
      }
    } catch (err) {
      if (!this.closed) this.emit('error', feed, err)
    }
  }

  /**
   * The next contiguous blocks. With nothing indexed ahead (a live feed), one batch indexed together with the
   * length. Otherwise the blocks not yet indexed among the next ones (up to a batch), then the length moved
   * over all of them: when a download's gaps fill, the blocks indexed ahead and the rest interleave, and
   * alternating small batches of each cost a round trip apiece.
   */
  private async inOrder(feed: FeedKey, t: Tracked): Promise<void> {
    const start = t.indexed
    const limit = t.core.contiguousLength
    if (t.ahead.size === 0) return this.indexRange(feed, t, start, Math.min(limit, start + BATCH))
    const missing: number[] = []
    let end = start
    for (; end < limit && missing.length < BATCH; end++) if (!t.ahead.has(end)) missing.push(end)
    if (missing.length > 0) {
      // Contiguous blocks are local; a null means the store lost one, which the views count as invalid.
      const blocks = (await readHeldBlocks(t.core, missing)).map((b) => b ?? Buffer.alloc(0))
      if (this.closed) return
      const result = await this.views.indexHeld(feed, missing, blocks)
      for (const seq of missing) noteAhead(t, seq)
      this.emit('indexed', feed, result)
    }
    const next = await this.views.advance(feed, end)
    // advance() stops at a block without a marker (none, unless the views were changed underneath): index it.
    if (next <= start) return this.indexRange(feed, t, start, start + 1)
    this.moveTo(t, next)
  }

  private async indexRange(feed: FeedKey, t: Tracked, start: number, end: number): Promise<void> {
    const blocks = await readContiguous(t.core, start, end)
    if (this.closed) return
    const result = await this.views.index(feed, start, blocks, { advance: true })
    this.moveTo(t, end)
    this.emit('indexed', feed, result)
  }

  private waitForMore(feed: FeedKey, t: Tracked): void {
    if (t.waiting.size === 0 || t.aheadTimer) return
    t.aheadTimer = setTimeout(() => {
      t.aheadTimer = null
      t.aheadDue = true
      this.schedule(feed)
    }, AHEAD_WAIT_MS)
  }

  /** Up to a batch of the blocks held ahead of the length, in seq order. */
  private async outOfOrder(feed: FeedKey, t: Tracked): Promise<void> {
    t.aheadDue = false
    const seqs: number[] = []
    for (const seq of t.waiting) {
      t.waiting.delete(seq)
      if (seq >= t.indexed && !t.ahead.has(seq)) seqs.push(seq)
      if (seqs.length === BATCH) break
    }
    seqs.sort((a, b) => a - b)
    // Unlike the contiguous part, a block here that reads as missing is left for the in-order pass.
    const read = await readHeldBlocks(t.core, seqs)
    const held = seqs.filter((_, i) => read[i])
    if (held.length === 0 || this.closed) return
    const result = await this.views.indexHeld(feed, held, read.filter((b) => b !== null))
    for (const seq of held) noteAhead(t, seq)
    this.emit('indexed', feed, result)
  }

  private moveTo(t: Tracked, end: number): void {
    for (let seq = t.indexed; seq < end; seq++) {
      t.ahead.delete(seq)
      t.waiting.delete(seq)
    }
    t.indexed = end
  }

  /** Forgets every feed, once the passes in flight are done: the views are about to start over (reindex). */
  async reset(): Promise<void> {
    const running = [...this.feeds.values()].map((t) => t.running)
    for (const feed of [...this.feeds.keys()]) this.untrack(feed)
    await Promise.all(running)
  }

  async close(): Promise<void> {
    this.closed = true
    await Promise.all([...this.feeds.values()].map((t) => t.running))
    for (const feed of [...this.feeds.keys()]) this.untrack(feed)
  }
}

function noteAhead(t: Tracked, seq: number): void {
  if (seq < t.indexed || seq >= t.indexed + AHEAD_LIMIT) return
  t.ahead.add(seq)
  t.waiting.delete(seq)
}

async function readContiguous(core: Hypercore, start: number, end: number): Promise<Buffer[]> {
  const blocks = await readHeldBlocks(core, Array.from({ length: end - start }, (_, i) => start + i))
  // Contiguous blocks are local; a null means the store lost one, which the views would count as invalid.
  return blocks.map((b) => b ?? Buffer.alloc(0))
}
