// One followed feed: a full local copy that is kept downloading, live, and re-served to others. It tracks
// what the sync state reports (peers, remote length, last seen) and tells the indexer when blocks land.
import type Corestore from 'corestore'
import type Hypercore from 'hypercore'
import ids from 'hypercore-id-encoding'
import { EventEmitter } from 'node:events'
import type { FeedKey } from '../../shared/keys.js'

export type StopReason = 'size-cap' | 'forked'

export interface ReplicaOptions {
  /** Stop downloading once this many bytes of the feed are held (a hostile feed must not fill the disk). */
  maxBytes: number
}

export class Replica extends EventEmitter {
  readonly key: FeedKey
  readonly core: Hypercore
  lastSeen: number | null = null
  /** Why this feed is frozen: no more downloads, no more indexing. What we already hold stays readable. */
  stopped: StopReason | null = null
  /** True once a peer has told us this feed's length, so "caught up" means something. */
  heardFromPeer = false
  private download: Hypercore.Download | null = null
  private closed = false

  private constructor(
    key: FeedKey,
    core: Hypercore,
    private readonly opts: ReplicaOptions
  ) {
    super()
    this.key = key
    this.core = core
  }

  static async open(store: Corestore, key: FeedKey, opts: ReplicaOptions): Promise<Replica> {
    const core = store.get({ key: ids.decode(key) })
    await core.ready()
    const replica = new Replica(key, core, opts)
    replica.listen()
    return replica
  }

  get discoveryKey(): Buffer {
    return this.core.discoveryKey
  }

  get peers(): number {
    return this.core.peers.length
  }

  get remoteLength(): number {
    let max = 0
    for (const p of this.core.peers) max = Math.max(max, p.remoteLength)
    return max
  }

  get localLength(): number {
    return this.core.contiguousLength
  }

  /** Whole-feed, live download: every block now and every block appended later. */
  startDownload(): void {
    if (this.download || this.closed || this.stopped) return
    if (this.overCap()) return this.stop('size-cap')
    this.download = this.core.download({ start: 0, end: -1 })
  }

  /** Freezes the feed; it stays readable up to where it was. */
  stop(reason: StopReason): void {
    if (this.stopped) return
    this.stopped = reason
    this.download?.destroy()
    this.download = null
    this.emit('stopped', reason)
    this.emit('change')
  }

  private overCap(): boolean {
    return this.core.contiguousByteLength > this.opts.maxBytes
  }

  /** Fetches the newest `count` blocks first, so a new follow shows recent statuses before the rest arrives. */
  async fetchTail(count: number): Promise<{ start: number; blocks: Buffer[] } | null> {
    const end = this.core.length
    const start = Math.max(1, end - count)
    if (end <= start) return null
    const tail = this.core.download({ start, end })
    try {
      await tail.done()
      const blocks = await Promise.all(
        Array.from({ length: end - start }, (_, i) => this.core.get(start + i, { wait: false }))
      )
      if (blocks.some((b) => b === null)) return null
      return { start, blocks: blocks as Buffer[] }
    } catch {
      return null
    } finally {
      tail.destroy()
    }
  }

  private listen(): void {
    const changed = () => this.emit('change')
    this.core.on('peer-add', () => {
      this.lastSeen = Date.now()
      void this.core
        .update({ wait: true })
        .then(() => {
          this.heardFromPeer = true
          this.emit('remote-length')
          changed()
        })
        .catch(() => {})
      changed()
    })
    this.core.on('peer-remove', () => {
      this.lastSeen = Date.now()
      changed()
    })
    this.core.on('append', () => {
      if (this.peers > 0) this.lastSeen = Date.now()
      this.emit('blocks')
      changed()
    })
    this.core.on('download', () => {
      if (this.overCap()) this.stop('size-cap')
      this.emit('blocks')
    })
    // A truncated or conflicting (doubly signed) feed means its author's history was rewritten: keep what
    // we have, stop following the change, and say so.
    this.core.on('truncate', () => this.stop('forked'))
    this.core.on('conflict', () => this.stop('forked'))
    this.core.on('close', () => {
      if (!this.closed && !this.stopped) this.stop('forked')
    })
  }

  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    this.download?.destroy()
    this.removeAllListeners()
    await this.core.close().catch(() => {})
  }
}
