// The one way into the own feed: a record is checked with the rules readers apply (so we never publish a block
// our own indexer would skip), appended, and then the indexer sees the append as it sees any block. A write
// returns once its effect is in the views, and, when it changes what this peer replicates (a follow, a
// device link), once the replicas are in line with it.
import { RstatusError } from '../../../shared/errors.js'
import { encodeRecord } from '../../../shared/protocol/encode.js'
import type { FeedRecord, NewRecord } from '../../../shared/protocol/records.js'
import { normalizeRecord } from '../../../shared/protocol/normalize.js'
import { assertValidRecord, Invalid } from '../../../shared/protocol/validate.js'
import type { OwnFeed } from './own-feed.js'

export interface FeedWriterOptions {
  own: OwnFeed
  /** Resolves once the views hold every block of the own feed appended so far. */
  indexed(): Promise<void>
  /** Brings the replicated feeds in line with the follow list and the device links. */
  reconcile(): Promise<void>
}

/** Records that change which feeds this peer replicates. */
const RECONCILING: ReadonlySet<FeedRecord['type']> = new Set(['follow', 'unfollow', 'device', 'device-remove', 'identity'])

export class FeedWriter {
  private queue: Promise<unknown> = Promise.resolve()

  constructor(private readonly opts: FeedWriterOptions) {}

  /** Appends one record and waits until it is in the views (and the replicas follow it): what a request needs. */
  async write(record: NewRecord): Promise<{ seq: number; record: FeedRecord }> {
    const written = await this.append(record)
    await this.opts.indexed()
    // Each writer asks for its own pass: a pass that starts now reads the list with this record in it.
    if (RECONCILING.has(written.record.type)) await this.opts.reconcile()
    return written
  }

  /**
   * Appends one record; resolves with its seq once it is on disk, before the views have it. Appends are
   * serialised. For many records at once (an import, leaving): append each, then wait once with settled().
   */
  append(record: NewRecord): Promise<{ seq: number; record: FeedRecord }> {
    const run = this.queue.then(() => this.appendNow(record))
    // The queue only orders appends; each caller hears of its own failure through `run`.
    this.queue = run.catch(() => {})
    return run
  }

  /**
   * Resolves once everything appended so far is in the views. The replicas follow what those records changed
   * on their own time (the engine reconciles when the indexer reports a changed follow list).
   */
  async settled(): Promise<void> {
    await this.queue
    await this.opts.indexed()
  }

  /**
   * Appends a record that another part defines and checks itself (the published keys of messages/): readers
   * that do not know its type skip it. The same guards against forking apply; resolves once the views saw it.
   */
  async writeOther(record: { type: string; createdAt: number }): Promise<number> {
    const run = this.queue.then(async () => {
      this.refuseToFork()
      const seq = this.opts.own.length
      await this.opts.own.core.append(Buffer.from(JSON.stringify(record)))
      return seq
    })
    this.queue = run.catch(() => {})
    const seq = await run
    await this.opts.indexed()
    return seq
  }

  /**
   * Checks a record as readers will, for the next seq, without writing it: what a status's images wait for
   * before they go into the blobs core for good. Throws INVALID_INPUT with the reason.
   */
  check(input: NewRecord): FeedRecord {
    const own = this.opts.own
    try {
      return assertValidRecord(normalizeRecord({ ...input, createdAt: input.createdAt ?? Date.now() }), { feed: own.key, seq: own.length })
    } catch (err) {
      if (err instanceof Invalid) throw new RstatusError('INVALID_INPUT', capitalise(err.message))
      throw err
    }
  }

  private async appendNow(input: NewRecord): Promise<{ seq: number; record: FeedRecord }> {
    this.refuseToFork()
    const own = this.opts.own
    const seq = own.length
    const record = this.check(input)
    await own.core.append(Buffer.from(encodeRecord(record)))
    return { seq, record }
  }

  private refuseToFork(): void {
    const own = this.opts.own
    if (own.waitingForNetworkCopy) {
      throw new RstatusError(
        'FEED_BEHIND',
        'This identity was restored from a backup: rstatus must fetch your feed from the network before you post ' +
          '(stay online, or run rstatus sync, until it is found)'
      )
    }
    const behind = own.behind
    if (behind > 0) {
      throw new RstatusError(
        'FEED_BEHIND',
        `This device holds an older copy of your feed than the network (${behind} blocks behind); ` +
          'posting now would fork it. Let it sync first (rstatus sync).'
      )
    }
  }
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}
