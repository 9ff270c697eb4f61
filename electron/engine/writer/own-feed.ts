// The user's own feed: the only core this peer writes (through the FeedWriter). It knows whether this copy may
// be written to: a restored identity, or a device that holds an older copy than its peers, must wait.
import type Corestore from 'corestore'
import type Hypercore from 'hypercore'
import ids from 'hypercore-id-encoding'
import ReadyResource from 'ready-resource'
import type { FeedKey } from '../../../shared/keys.js'
import { encodeRecord, headerRecord } from '../../../shared/protocol/encode.js'

export const OWN_FEED_NAME = 'rstatus-feed'

export class OwnFeed extends ReadyResource {
  readonly core: Hypercore
  /**
   * A restored identity (from a backup) must fetch its feed from the network before it writes: its copy may
   * be older than the one its followers hold, and appending to an old copy forks the feed.
   */
  private awaitingNetworkCopy: boolean
  private heardFromPeer = false
  /** The account was deleted (leave): its feed ends with a profile that says so, and no longer grows. */
  private hasLeft = false
  /** Called once a restored identity has found its feed on the network. */
  onNetworkCopy: (() => void) | null = null

  constructor(store: Corestore, opts: { restored: boolean }) {
    super()
    this.core = store.get({ name: OWN_FEED_NAME })
    this.awaitingNetworkCopy = opts.restored
    this.core.on('peer-add', () => {
      void this.core
        .update({ wait: true })
        .then(() => {
          this.heardFromPeer = true
        })
        // a peer that leaves before it tells us the length told us nothing; the next one will
        .catch(() => {})
    })
  }

  protected override async _open(): Promise<void> {
    await this.core.ready()
    if (this.core.length === 0 && !this.awaitingNetworkCopy) await this.core.append(Buffer.from(encodeRecord(headerRecord())))
    // Our own blocks we do not hold (a restored backup, a copy written elsewhere) are fetched from peers.
    this.core.download({ start: 0, end: -1 })
  }

  protected override async _close(): Promise<void> {
    await this.core.close()
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

  get discoveryKey(): Buffer {
    return this.core.discoveryKey
  }

  get left(): boolean {
    return this.hasLeft
  }

  /** The account was deleted: no more writes but leave's own, and the feed is not announced when going online. */
  markLeft(): void {
    this.hasLeft = true
  }
}
