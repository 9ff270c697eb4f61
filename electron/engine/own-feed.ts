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
  /** Set when a copy of this feed longer than ours was seen: appending now would fork it. */
  behindBy = 0

  private constructor(core: Hypercore) {
    this.core = core
  }

  static async open(store: Corestore): Promise<OwnFeed> {
    const core = store.get({ name: OWN_FEED_NAME })
    await core.ready()
    const feed = new OwnFeed(core)
    if (core.length === 0) await core.append(Buffer.from(encodeRecord(headerRecord())))
    return feed
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
    if (this.behindBy > 0) {
      throw new RstatusError(
        'FEED_BEHIND',
        `This device holds an older copy of your feed than the network (${this.behindBy} blocks behind); ` +
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
