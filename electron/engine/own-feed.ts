// The user's own feed: the only core this peer writes. Every record is validated with the same rules
// readers apply before it is appended, so we never publish a block our own indexer would skip.
import type Corestore from 'corestore'
import type Hypercore from 'hypercore'
import ids from 'hypercore-id-encoding'
import { RstatusError } from '../../shared/errors.js'
import type { FeedKey } from '../../shared/keys.js'
import { encodeRecord, headerRecord } from '../../shared/protocol/encode.js'
import type { FeedRecord, NewRecord } from '../../shared/protocol/records.js'
import { assertValidRecord, Invalid } from '../../shared/protocol/validate.js'

export const OWN_FEED_NAME = 'rstatus-feed'

export class OwnFeed {
  readonly core: Hypercore
  private queue: Promise<unknown> = Promise.resolve()
  /**
   * A restored identity (from a backup) must fetch its feed from the network before it writes: its copy may
   * be older than the one its followers hold, and appending to an old copy forks the feed.
   */
  private awaitingNetworkCopy: boolean
  private heardFromPeer = false
  /** Called once a restored identity has found its feed on the network. */
  onNetworkCopy: (() => void) | null = null

  private constructor(core: Hypercore, restored: boolean) {
    this.core = core
    this.awaitingNetworkCopy = restored
    core.on('peer-add', () => {
      void core
        .update({ wait: true })
        .then(() => {
          this.heardFromPeer = true
        })
        .catch(() => {})
    })
  }

  static async open(store: Corestore, opts: { restored: boolean }): Promise<OwnFeed> {
    const core = store.get({ name: OWN_FEED_NAME })
    await core.ready()
    const feed = new OwnFeed(core, opts.restored)
    if (core.length === 0 && !opts.restored) await core.append(Buffer.from(encodeRecord(headerRecord())))
    // Our own blocks we do not hold (a restored backup, a copy written elsewhere) are fetched from peers.
    core.download({ start: 0, end: -1 })
    return feed
  }

  /**
   * How many blocks of our own feed exist elsewhere but not here: a peer announced a longer copy, or we know
   * of blocks we do not hold. Appending now would fork the feed, so appends wait until this is 0.
   */
  get behind(): number {
    let remote = 0
    for (const p of this.core.peers) remote = Math.max(remote, p.remoteLength)
    return Math.max(remote - this.core.length, this.core.length - this.core.contiguousLength, 0)
  }

  /** True once a connected peer holds all of this feed, so going offline leaves a copy of all of it. */
  get heldByAPeer(): boolean {
    const length = this.core.length
    return this.core.peers.some((p) => p.remoteContiguousLength >= length)
  }

  /** True while a restored identity has not yet seen its feed on the network. */
  get waitingForNetworkCopy(): boolean {
    if (this.awaitingNetworkCopy && this.heardFromPeer && this.behind === 0 && this.core.length > 0) {
      this.awaitingNetworkCopy = false
      this.onNetworkCopy?.()
    }
    return this.awaitingNetworkCopy
  }

  get key(): FeedKey {
    return ids.encode(this.core.key)
  }

  get length(): number {
    return this.core.length
  }

  /** Appends one record; resolves with its seq once it is on disk. Appends are serialised. */
  append(record: NewRecord): Promise<{ seq: number; record: FeedRecord }> {
    const run = this.queue.then(() => this.appendNow(record))
    this.queue = run.catch(() => {})
    return run
  }

  private async appendNow(input: NewRecord): Promise<{ seq: number; record: FeedRecord }> {
    if (this.waitingForNetworkCopy) {
      throw new RstatusError(
        'FEED_BEHIND',
        'This identity was restored from a backup: rstatus must fetch your feed from the network before you post ' +
          '(stay online, or run rstatus sync, until it is found)'
      )
    }
    const behind = this.behind
    if (behind > 0) {
      throw new RstatusError(
        'FEED_BEHIND',
        `This device holds an older copy of your feed than the network (${behind} blocks behind); ` +
          'posting now would fork it. Let it sync first (rstatus sync).'
      )
    }
    const seq = this.core.length
    let record: FeedRecord
    try {
      record = assertValidRecord({ ...input, createdAt: input.createdAt ?? Date.now() }, { feed: this.key, seq })
    } catch (err) {
      if (err instanceof Invalid) throw new RstatusError('INVALID_INPUT', capitalise(err.message))
      throw err
    }
    await this.core.append(Buffer.from(encodeRecord(record)))
    return { seq, record }
  }
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}
