// The engine's MessagingDirectory: public facts read from the feeds this peer holds or fetches. Published keys
// come from the feeds' own blocks (each feed scanned once, then only its new blocks); linked devices and
// follows from the views; blocks from moderation. A feed nobody here follows (a stranger who wrote first,
// someone written to first) is fetched sparsely while it is needed.
import type Hypercore from 'hypercore'
import type { FeedKey } from '../../../shared/keys.js'
import type { MessagingDirectory } from './messages.js'
import {
  DEVICE_BOX_KEY_TYPE,
  MESSAGING_KEY_TYPE,
  deviceBoxKeyOf,
  messagingKeysOf,
  type PublishedMessagingKey
} from './published-keys.js'

/** A feed reached for its records, and how to let it go. */
export interface ReachedFeed {
  core: Hypercore
  waitForPeer(ms: number): Promise<boolean>
  close(): Promise<void>
}

export interface FeedDirectoryOptions {
  /** This device's own core, read directly. */
  own: { key: FeedKey; core: Hypercore }
  /** Opens another feed (held, or fetched sparsely from whoever has it). */
  reach(feed: FeedKey): Promise<ReachedFeed>
  /** The feeds an identity lists as devices: whether each link holds, and where a removal cut it. */
  listedDevices(identity: FeedKey): Promise<Array<{ key: FeedKey; linked: boolean; removedAfter: number | null }>>
  /** The feeds the person follows, from every device of theirs. */
  following(): Promise<FeedKey[]>
  isBlocked(feed: FeedKey): boolean
}

/** How long a first look at a feed waits for someone who holds it. */
const FIRST_LOOK_MS = 10_000
const BLOCK_WAIT_MS = 10_000

interface Scanned {
  feed: ReachedFeed | null
  length: number
  /** The feed's messaging-key and device-box-key records, in block order. */
  records: unknown[]
}

export class FeedDirectory implements MessagingDirectory {
  private readonly scanned = new Map<FeedKey, Scanned>()
  private readonly scanning = new Map<FeedKey, Promise<unknown[]>>()
  private followed = new Set<FeedKey>()
  private closed = false

  constructor(private readonly opts: FeedDirectoryOptions) {}

  async messagingKeys(identity: FeedKey): Promise<PublishedMessagingKey[]> {
    return messagingKeysOf(await this.records(identity))
  }

  async deviceBoxKey(device: FeedKey): Promise<Buffer | null> {
    return deviceBoxKeyOf(await this.records(device))
  }

  /**
   * A removed device still counts for what it wrote before its cut, but it is no longer one of the devices:
   * it must not be handed the key that replaced the one it held.
   */
  async devices(identity: FeedKey): Promise<FeedKey[]> {
    return (await this.opts.listedDevices(identity)).filter((d) => d.linked && d.removedAfter === null).map((d) => d.key)
  }

  follows(identity: FeedKey): boolean {
    return this.followed.has(identity)
  }

  isBlocked(identity: FeedKey): boolean {
    return this.opts.isBlocked(identity)
  }

  /** Reads the follow list again (it changed). */
  async refreshFollows(): Promise<void> {
    this.followed = new Set(await this.opts.following())
  }

  async close(): Promise<void> {
    this.closed = true
    await Promise.allSettled([...this.scanning.values()])
    await Promise.all([...this.scanned.values()].map((s) => s.feed?.close().catch(() => {})))
    this.scanned.clear()
  }

  /** The published-key records of a feed, reading only the blocks not read before; one scan per feed at a time. */
  private records(feed: FeedKey): Promise<unknown[]> {
    const running = this.scanning.get(feed)
    if (running) return running
    const run = this.scan(feed).finally(() => this.scanning.delete(feed))
    this.scanning.set(feed, run)
    return run
  }

  private async scan(key: FeedKey): Promise<unknown[]> {
    if (this.closed) return []
    let entry = this.scanned.get(key)
    if (!entry) {
      entry = { feed: null, length: 0, records: [] }
      this.scanned.set(key, entry)
    }
    let core: Hypercore
    if (key === this.opts.own.key) {
      core = this.opts.own.core
    } else {
      if (!entry.feed) {
        entry.feed = await this.opts.reach(key)
        if (entry.feed.core.length === 0 && (await entry.feed.waitForPeer(FIRST_LOOK_MS))) await entry.feed.core.update({ wait: true }).catch(() => {})
      }
      core = entry.feed.core
    }
    for (let seq = entry.length; seq < core.length && !this.closed; seq++) {
      // Not there yet (no peer has it now): the next look goes on from here.
      const block = await core.get(seq, { timeout: BLOCK_WAIT_MS }).catch(() => null)
      if (!block) break
      const record = publishedKeyRecord(block)
      if (record !== null) entry.records.push(record)
      entry.length = seq + 1
    }
    return entry.records
  }
}

/** The block as JSON if it is one of the two published-key records; anything else (or not JSON) is null. */
function publishedKeyRecord(block: Buffer): unknown {
  // Most blocks are statuses: skip the parse unless the type could be ours.
  const text = block.toString('utf8')
  if (!text.includes(MESSAGING_KEY_TYPE) && !text.includes(DEVICE_BOX_KEY_TYPE)) return null
  try {
    const value = JSON.parse(text) as { type?: unknown }
    return value?.type === MESSAGING_KEY_TYPE || value?.type === DEVICE_BOX_KEY_TYPE ? value : null
  } catch {
    return null
  }
}
