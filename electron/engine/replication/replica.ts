// One followed feed: a full local copy that is kept downloading, live, and re-served to others. It tracks
// what the sync state reports (peers, remote length, last seen). The indexer listens to the core itself.
import type { FeedConnection } from '../../../shared/api/follows.js'
import type { ConnectionLike } from './network.js'
import type Corestore from 'corestore'
import type Hypercore from 'hypercore'
import ids from 'hypercore-id-encoding'
import ReadyResource from 'ready-resource'
import type { FeedKey } from '../../../shared/keys.js'
import type { ForkEvidence } from './local-state.js'

export type StopReason = 'size-cap' | 'forked'

/** What the feed held when it was found forked: Hypercore closes a conflicting core, and a closed core reads as empty. */
interface HeldWhenForked {
  length: number
  localLength: number
  held: number
}

/** How long to wait for the tree nodes that tell where the cap falls; the next append tries again. */
const SEEK_TIMEOUT = 30_000

export interface ReplicaOptions {
  /** Stop downloading once this many bytes of the feed are held (a hostile feed must not fill the disk). */
  maxBytes: number
}

export class Replica extends ReadyResource {
  readonly key: FeedKey
  readonly core: Hypercore
  lastSeen: number | null = null
  /** Why this feed is frozen: no more downloads, no more indexing. What we already hold stays readable. */
  stopped: StopReason | null = null
  /** For a feed found forked in this run: what showed it. */
  forkedBy: ForkEvidence | null = null
  /** True once a peer has told us this feed's length, so "caught up" means something. */
  heardFromPeer = false
  /**
   * True once a whole lookup of the feed's topic has finished and every peer it found has told its length.
   * Before that, the first peer to answer may hold an old copy (another device of the same identity does,
   * until it syncs with the writer), and its length is not the feed's.
   */
  lookedUp = false
  /** Blocks from the start that fit within the size cap, once the cap is found; null when not capped. */
  capLength: number | null = null
  private heldWhenForked: HeldWhenForked | null = null
  private downloading = false
  /** Blocks [0, requested) have been asked for. Nothing past the size cap ever is. */
  private requested = 0
  /** The range up to the cap is requested: a capped feed asks for nothing more. */
  private capReached = false
  private readonly downloads = new Set<Hypercore.Download>()
  private extending: Promise<void> = Promise.resolve()
  private heldAtOpen = 0
  private downloaded = 0

  constructor(
    store: Corestore,
    key: FeedKey,
    private readonly opts: ReplicaOptions
  ) {
    super()
    this.key = key
    this.core = store.get({ key: ids.decode(key) })
  }

  protected override async _open(): Promise<void> {
    quietConflictLog()
    await this.core.ready()
    this.heldAtOpen = this.core.contiguousLength
    this.listen()
  }

  protected override async _close(): Promise<void> {
    this.cancelDownloads()
    this.removeAllListeners()
    await this.core.close()
  }

  get discoveryKey(): Buffer {
    return this.core.discoveryKey
  }

  get peers(): number {
    return this.core.peers.length
  }

  /** Direct if any peer's connection is, relayed if every one is, none without a peer. */
  connection(kindOf: (conn: ConnectionLike) => 'direct' | 'relayed'): FeedConnection {
    let relayed = false
    for (const p of this.core.peers) {
      if (!p.stream) continue
      if (kindOf(p.stream) === 'direct') return 'direct'
      relayed = true
    }
    return relayed ? 'relayed' : 'none'
  }

  get remoteLength(): number {
    if (this.heldWhenForked) return this.heldWhenForked.length
    let max = 0
    for (const p of this.core.peers) max = Math.max(max, p.remoteLength)
    return max
  }

  get localLength(): number {
    return this.heldWhenForked?.localLength ?? this.core.contiguousLength
  }

  /** Blocks held, counted from the download events on top of what was held contiguously at open. */
  get held(): number {
    if (this.heldWhenForked) return this.heldWhenForked.held
    return Math.min(Math.max(this.heldAtOpen + this.downloaded, this.core.contiguousLength), this.core.length)
  }

  /**
   * Whole-feed, live download, as far as the size cap allows. Ranges are asked for only up to a length we
   * have checked against the cap (never an open-ended range): blocks already requested cannot be called
   * back, and a hostile feed's blocks can be up to 16 MB each.
   */
  startDownload(): void {
    if (this.downloading || this.closing || this.stopped === 'forked') return
    this.downloading = true
    this.extend()
  }

  /**
   * Holds Hypercore's "finding peers" until `lookup` (the topic's lookup and the connections it made) is
   * done, so the update after it waits for every peer the lookup found; then the feed counts as looked up.
   */
  findPeersDuring(lookup: Promise<unknown>): void {
    const done = this.core.findingPeers()
    void lookup
      .catch(() => {})
      .finally(done)
      .then(() => this.core.update({ wait: true }))
      .then(() => {
        if (this.closed) return
        this.lookedUp = true
        this.emit('change')
      })
      .catch(() => {})
  }

  /** A truncation by the author moves the core's fork id, and that is stored; a conflict leaves no such mark. */
  get truncatedByAuthor(): boolean {
    return this.core.fork > 0
  }

  /** Freezes the feed; it stays readable up to where it was. A size-capped feed still fetches what fits. */
  stop(reason: StopReason): void {
    if (this.stopped === reason || this.stopped === 'forked') return
    this.stopped = reason
    if (reason === 'forked') this.cancelDownloads()
    this.emit('stopped', reason)
    this.emit('change')
  }

  private get forked(): boolean {
    return this.stopped === 'forked'
  }

  /** Asks for the blocks the feed grew by; one pass at a time, so ranges never overlap or race the cap. */
  private extend(): void {
    // A pass that fails (the core closing, the cap's seek timing out) is made again on the next append.
    this.extending = this.extending.then(() => this.extendNow()).catch(() => {})
  }

  private async extendNow(): Promise<void> {
    if (!this.downloading || this.closing || this.forked || this.capReached) return
    const length = this.core.length
    if (length <= this.requested) return
    let end = length
    // The signed tree head tells the feed's size before any of its blocks is fetched.
    if (this.core.byteLength > this.opts.maxBytes) {
      this.stop('size-cap')
      const within = await this.blocksWithinCap()
      if (within === null) return
      this.capReached = true
      this.capLength = within
      end = within
    }
    // The feed may have been found forked while we looked for the cap.
    if (end <= this.requested || this.closing || this.forked) return
    // Not linear: Hypercore asks for the range's blocks in any order, which measured twice as fast as in
    // order. The indexer indexes blocks as they arrive, gaps or not (indexer.ts).
    this.track(this.core.download({ start: this.requested, end }))
    this.requested = end
  }

  /** How many blocks from the start fit in the cap: the block that holds byte maxBytes does not. */
  private async blocksWithinCap(): Promise<number | null> {
    // Not found in time: null, and the next append seeks again.
    const found = await this.core.seek(this.opts.maxBytes, { wait: true, timeout: SEEK_TIMEOUT }).catch(() => null)
    return found ? found[0] : null
  }

  private track(download: Hypercore.Download): void {
    this.downloads.add(download)
    void download
      .done()
      // a download cancelled (a fork, close) ends this way; what it fetched stays
      .catch(() => {})
      .finally(() => this.downloads.delete(download))
  }

  private cancelDownloads(): void {
    for (const d of this.downloads) d.destroy()
    this.downloads.clear()
  }

  /** Fetches the newest `count` blocks first, so a new follow shows recent statuses before the rest arrives. */
  async fetchTail(count: number): Promise<{ start: number; blocks: Buffer[] } | null> {
    // A feed past the cap keeps its first maxBytes only: its tail is beyond what we agreed to hold.
    if (this.stopped || this.core.byteLength > this.opts.maxBytes) return null
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
      // no peer gave the tail: the feed fills in from the start instead
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
        // a peer that leaves before it tells us the length told us nothing; the next one will
        .catch(() => {})
      changed()
    })
    this.core.on('peer-remove', () => {
      this.lastSeen = Date.now()
      changed()
    })
    this.core.on('append', () => {
      if (this.peers > 0) this.lastSeen = Date.now()
      this.extend()
      changed()
    })
    this.core.on('download', () => {
      this.downloaded++
    })
    // A truncated or conflicting (doubly signed) feed means its author's history was rewritten: keep what
    // we have, stop following the change, and say so. Hypercore closes a conflicting core right after this
    // event, so what it held is noted first. A close alone is no fork: the store closes every core on quit.
    this.core.on('truncate', () => {
      this.forkedBy ??= 'truncate'
      this.stop('forked')
    })
    this.core.on('conflict', () => {
      this.heldWhenForked = { length: Math.max(this.core.length, this.remoteLength), localLength: this.core.contiguousLength, held: this.held }
      this.forkedBy ??= 'conflict'
      this.stop('forked')
    })
  }
}

/**
 * Hypercore 11.37 prints "[hypercore] conflict detected in <discovery key> …" with console.log (a temporary
 * log, says its source) when a feed turns out forked. The replica reports a fork in one line of its own, so
 * that line is dropped; everything else logged goes through unchanged.
 */
function quietConflictLog(): void {
  if (conflictLogQuieted) return
  conflictLogQuieted = true
  const log = console.log
  console.log = (...args: unknown[]) => {
    if (typeof args[0] === 'string' && args[0].startsWith('[hypercore] conflict detected')) return
    log(...args)
  }
}

let conflictLogQuieted = false
