// Replication: the followed feeds this peer keeps whole (replicas), the swarm it meets peers in, and the
// single statuses it fetches from feeds it does not follow (references, previews). Which feeds to keep comes
// from the views (my follow list and my and my followees' device lists) minus the blocked ones; every block
// that arrives goes through the indexer, which listens to each replica's core.
import type Corestore from 'corestore'
import type Hypercore from 'hypercore'
import ids from 'hypercore-id-encoding'
import ReadyResource from 'ready-resource'
import type { EventName, Events } from '../../../shared/api/contract.js'
import type { FeedSync, SyncState } from '../../../shared/api/follows.js'
import { oneLine } from '../../../shared/errors.js'
import { parseStatusUri, type FeedKey } from '../../../shared/keys.js'
import { PROTOCOL_VERSION } from '../../../shared/protocol/limits.js'
import { decodeBlock } from '../../../shared/protocol/validate.js'
import type { Indexer } from '../views/indexer.js'
import type { ViewStore } from '../views/worker.js'
import type { OwnFeed } from '../writer/own-feed.js'
import { LocalState } from './local-state.js'
import { Network, type NetworkOptions } from './network.js'
import { ReferenceFetcher } from './reference-fetcher.js'
import { Replica, type StopReason } from './replica.js'

export const DEFAULT_MAX_FEED_BYTES = 512 * 1024 * 1024
/** Devices of one followed identity that are replicated; a reader may ignore more (PROTOCOL.md "Devices"). */
export const MAX_DEVICES = 16
/** Newest blocks fetched and shown first when a feed is followed, before the full download completes. */
const TAIL_FIRST = 64
const SYNC_EVENT_INTERVAL = 250
/** How long a single block (a header, a referenced status, an inbox item) is waited for. */
const FETCH_TIMEOUT = 15_000

export type Publish = <E extends EventName>(event: E, data: Events[E]) => void

export interface ReplicationOptions extends NetworkOptions {
  store: Corestore
  own: OwnFeed
  indexer: Indexer
  views: Pick<ViewStore, 'identity' | 'following' | 'listedDevicesOf' | 'names' | 'invalidCounts' | 'newerVersions' | 'indexedLength'>
  /** A blocked feed is never replicated, nor fetched from. */
  isBlocked(feed: FeedKey): boolean
  /** Where the feeds found forked are remembered (they stay frozen across restarts). */
  stateFile: string
  /** Per-feed download cap in bytes; DEFAULT_MAX_FEED_BYTES when unset. */
  maxFeedBytes?: number
  /** The topics the own feed is announced on: its discovery key and its blobs core's. */
  ownTopics(): Buffer[]
  /** Called once the swarm is up, before any topic is joined. */
  onOnline?(network: Network): Promise<void>
  publish: Publish
  log(line: string): void
}

/** A feed's core opened without following it (preview, a referenced status); close it when done. */
export interface SparseFeed {
  core: Hypercore
  waitForPeer(ms: number): Promise<boolean>
  close(): Promise<void>
}

export class Replication extends ReadyResource {
  private readonly replicas = new Map<FeedKey, Replica>()
  private network: Network | null = null
  private reconciling: Promise<void> = Promise.resolve()
  private queuedReconcile: Promise<void> | null = null
  private syncTimer: NodeJS.Timeout | null = null
  /** Removed devices we replicate, and where each is cut (its later blocks are ignored). */
  private cuts = new Map<FeedKey, number>()
  private readonly references = new ReferenceFetcher((uri) => this.fetchReference(uri))
  private readonly localState: LocalState
  /** Set when the engine begins to close: no reconcile pass may open a replica on a store about to close. */
  private stopping = false
  /** Replicas opened after the first pass are feeds just followed (or devices just listed). */
  private firstPassDone = false

  constructor(private readonly opts: ReplicationOptions) {
    super()
    this.localState = new LocalState(opts.stateFile)
  }

  /**
   * Opens the followed feeds in the background: with a thousand follows that takes most of a second, and
   * everything the views answer (the timeline first) is ready before it. Whatever lists the replicas waits
   * for the pass in flight (syncState, heldCores, feedBytes).
   */
  protected override async _open(): Promise<void> {
    this.reconcile().catch((err: unknown) => this.opts.log(`rstatus: opening followed feeds failed: ${oneLine(err)}`))
  }

  /**
   * Stops opening replicas and waits for a reconcile pass in flight to end. The engine calls this before it
   * closes the indexer, which a pass writes into; close() does it too.
   */
  async stopReconciling(): Promise<void> {
    this.stopping = true
    await this.reconciling
  }

  protected override async _close(): Promise<void> {
    this.stopping = true
    this.references.close()
    if (this.syncTimer) clearTimeout(this.syncTimer)
    this.syncTimer = null
    // Stop talking to peers first, then close what they were writing into.
    await this.network?.destroy()
    this.network = null
    await this.reconciling
    await Promise.all([...this.replicas.values()].map((r) => r.close()))
    this.replicas.clear()
  }

  get online(): boolean {
    return this.network !== null
  }

  /** The swarm while online (pairing and the inbox run over it). */
  get swarm(): import('hyperswarm') | null {
    return this.network?.swarm ?? null
  }

  /** DHT lookups made so far (benchmarks watch this). */
  get lookupCount(): number {
    return this.network?.lookupCount ?? 0
  }

  /** Joins the swarm: announces the own feed, and looks for every followed feed within the lookup budget. */
  async goOnline(): Promise<void> {
    if (this.network || this.closing) return
    const network = new Network(this.opts.store, this.opts)
    this.network = network
    await this.opts.onOnline?.(network)
    network.on('peers', () => {
      this.opts.publish('network', { online: true, peers: network.peerCount })
      this.syncChanged()
    })
    if (!this.opts.own.left) await this.announceOwnNow(network, true)
    this.connect([...this.replicas.values()])
    this.references.resume()
    this.opts.publish('network', { online: true, peers: 0 })
  }

  /** Announces the own feed and blobs, or stops; leave announces only until a peer has its final blocks. */
  async announceOwn(on: boolean): Promise<void> {
    if (this.network) await this.announceOwnNow(this.network, on)
  }

  private async announceOwnNow(network: Network, on: boolean): Promise<void> {
    for (const discoveryKey of this.opts.ownTopics()) {
      if (on) network.join(discoveryKey)
      else await network.leave(discoveryKey)
    }
  }

  // ---- follows -------------------------------------------------------------------------------------

  /**
   * Brings open replicas in line with the follow list published in the own feed. Calls made while a pass is
   * still waiting to start share it: it reads the list when it starts, so it serves them all.
   */
  reconcile(): Promise<void> {
    if (this.queuedReconcile) return this.queuedReconcile
    const run = this.reconciling.then(() => {
      this.queuedReconcile = null
      return this.reconcileNow()
    })
    this.queuedReconcile = run
    // The next pass waits for this one, whatever became of it; this one's caller hears how it ended.
    this.reconciling = run.catch(() => {})
    return run
  }

  private async reconcileNow(): Promise<void> {
    if (this.stopping) return
    const wanted = await this.wantedFeeds()
    if (this.stopping) return
    const { indexer, own } = this.opts
    for (const [key, replica] of this.replicas) {
      if (wanted.has(key)) continue
      this.replicas.delete(key)
      indexer.untrack(key)
      await this.network?.unseek(replica.discoveryKey)
      await replica.close()
    }
    for (const key of wanted) {
      if (this.replicas.has(key) || key === own.key) continue
      const replica = await this.openReplica(key)
      if (this.stopping) {
        await replica.close()
        return
      }
      let frozen = this.localState.frozen(key)
      // A freeze written before its evidence was recorded may come from a store closing under a replica
      // (no fork at all): unless the core shows a truncation, follow the feed again. A real conflict is
      // found again, and frozen with its evidence, when a peer of the other history is met.
      if (frozen && this.localState.evidence(key) === null && !replica.truncatedByAuthor) {
        this.localState.thaw(key)
        frozen = null
      }
      if (frozen) replica.stop(frozen)
      this.replicas.set(key, replica)
      replica.on('stopped', (reason: StopReason) => {
        if (reason === 'forked') {
          this.localState.freeze(key, 'forked', replica.forkedBy ?? 'conflict')
          indexer.untrack(key)
        }
      })
      replica.on('change', () => {
        this.network?.setHasPeers(replica.discoveryKey, replica.peers > 0)
        this.syncChanged()
      })
      replica.on('remote-length', () => void this.showTailFirst(replica))
      if (!frozen) await indexer.track(key, replica.core)
      if (this.network) this.connect([replica], { justFollowed: this.firstPassDone })
    }
    this.firstPassDone = true
    this.syncChanged()
  }

  /** My identity's feeds, the identities my (merged) follow list names and their devices; never a blocked one. */
  private async wantedFeeds(): Promise<Set<FeedKey>> {
    const { views } = this.opts
    const identity = views.identity
    const cuts = new Map<FeedKey, number>()
    const wanted = new Set<FeedKey>([identity])
    // Every device list in one read (one read per followed identity made each of 1,000 follows cost 400 ms:
    // docs/BENCHMARKS.md), applied in follow-list order, so the cuts do not depend on timing.
    const identities = [identity, ...(await views.following(identity))]
    const lists = await views.listedDevicesOf(identities)
    identities.forEach((key) => {
      wanted.add(key)
      for (const d of (lists.get(key) ?? []).slice(0, MAX_DEVICES)) {
        wanted.add(d.key)
        if (d.removedAfter !== null) cuts.set(d.key, Math.max(d.removedAfter, 2))
      }
    })
    this.cuts = cuts
    wanted.delete(this.opts.own.key)
    for (const key of wanted) if (this.opts.isBlocked(key)) wanted.delete(key)
    return wanted
  }

  private async openReplica(key: FeedKey): Promise<Replica> {
    const replica = new Replica(this.opts.store, key, { maxBytes: this.opts.maxFeedBytes ?? DEFAULT_MAX_FEED_BYTES })
    await replica.ready()
    return replica
  }

  /**
   * Downloads each feed and looks for its peers. The lookups are the scheduler's (docs/NETWORK.md "How lookups
   * are scheduled"): a feed that a connection already carries may wait for its first lookup.
   */
  private connect(replicas: Replica[], opts: { justFollowed: boolean } = { justFollowed: false }): void {
    const network = this.network
    if (!network) return
    for (const replica of replicas) {
      replica.startDownload()
      replica.findPeersDuring(network.seek(replica.discoveryKey, { hasPeers: replica.peers > 0, ...opts }))
    }
  }

  /** A feed far behind its peers shows its newest statuses first, then fills in from the start. */
  private async showTailFirst(replica: Replica): Promise<void> {
    const { indexer } = this.opts
    if (replica.core.length - indexer.indexedLength(replica.key) <= TAIL_FIRST * 2) return
    // Out-of-order blocks are only read with our rules once the header says the feed uses them; without a
    // header in time, the feed simply fills in from the start.
    const header = await replica.core.get(0, { timeout: FETCH_TIMEOUT }).catch(() => null)
    const decoded = header ? decodeBlock(header, { feed: replica.key, seq: 0 }) : null
    if (decoded?.ok !== true || decoded.record?.type !== 'header' || decoded.record.version > PROTOCOL_VERSION) return
    const tail = await replica.fetchTail(TAIL_FIRST)
    if (tail && this.replicas.get(replica.key) === replica) {
      await indexer.indexOutOfOrder(replica.key, tail.start, tail.blocks).catch((err: unknown) => {
        this.opts.log(`rstatus: could not show the newest statuses of ${replica.key.slice(0, 8)} first: ${(err as Error).message}`)
      })
    }
  }

  // ---- feeds we do not follow ----------------------------------------------------------------------

  /** Opens a feed's core without following it (preview, referenced statuses). Close it when done. */
  async openSparse(key: FeedKey): Promise<SparseFeed> {
    const existing = this.replicas.get(key)
    const replica = existing ?? (await this.openReplica(key))
    const network = existing ? null : this.network
    network?.join(replica.discoveryKey, { server: false })
    return {
      core: replica.core,
      waitForPeer: async (ms) => {
        if (!this.network) return replica.peers > 0
        const deadline = Date.now() + ms
        while (replica.peers === 0 && Date.now() < deadline) await sleep(50)
        return replica.peers > 0
      },
      close: async () => {
        if (existing) return
        await network?.leave(replica.discoveryKey)
        await replica.close()
      }
    }
  }

  /** Statuses the views found referenced but do not hold: fetched one by one while online. */
  fetchReferences(uris: string[]): void {
    this.references.add(uris)
  }

  /** Fetches one status of a feed we do not replicate whole and indexes it out of order. */
  private async fetchReference(uri: string): Promise<boolean> {
    const { key, seq } = parseStatusUri(uri)
    if (key === this.opts.own.key || this.replicas.has(key) || !this.network || this.closing || this.opts.isBlocked(key)) return true
    const block = await this.fetchBlock(key, seq)
    if (!block) return false
    await this.opts.indexer.indexOutOfOrder(key, seq, [block])
    return true
  }

  /** One block of a feed we may not replicate, fetched sparsely; null offline, or when no peer gave it in time. */
  async fetchBlock(key: FeedKey, seq: number): Promise<Buffer | null> {
    if (!this.network) return null
    const sparse = await this.openSparse(key)
    try {
      if (!(await sparse.waitForPeer(FETCH_TIMEOUT))) return null
      // Not in time: whoever asked tries again later.
      return await sparse.core.get(seq, { timeout: FETCH_TIMEOUT }).catch(() => null)
    } finally {
      await sparse.close()
    }
  }

  /** Deletes the blocks the store holds of a feed we no longer replicate (block with delete). */
  async purgeFeed(key: FeedKey): Promise<void> {
    if (key === this.opts.own.key || this.replicas.has(key)) return
    this.opts.indexer.untrack(key)
    // hypercore 11.37's purge() is broken (it calls a method that does not exist); clear frees every block.
    const core = this.opts.store.get({ key: ids.decode(key), createIfMissing: false })
    try {
      await core.ready()
      if (core.length > 0) await core.clear(0, core.length)
    } catch {
      // never held: nothing to delete
    } finally {
      await core.close()
    }
  }

  // ---- what is held ----------------------------------------------------------------------------------

  /** How long a feed held here is (the own feed, or a replicated one); 0 when not held. */
  heldLength(key: FeedKey): number {
    if (key === this.opts.own.key) return this.opts.own.length
    const r = this.replicas.get(key)
    return r ? Math.max(r.core.length, r.remoteLength) : 0
  }

  /**
   * Bytes of each feed's log held here: the own feed, then every followed one. A feed held whole is its
   * byteLength; one held in part (syncing, or stopped at the size cap) counts its share of blocks held, since
   * Hypercore does not say the bytes of a part (its contiguousByteLength is always 0).
   */
  async feedBytes(): Promise<Array<{ key: FeedKey; bytes: number }>> {
    await this.reconciling
    const held = [{ key: this.opts.own.key, bytes: this.opts.own.core.byteLength }]
    for (const [key, r] of this.replicas) {
      const { length, byteLength } = r.core
      const blocks = Math.min(r.held, length)
      held.push({ key, bytes: length === 0 ? 0 : blocks >= length ? byteLength : Math.round((byteLength * blocks) / length) })
    }
    return held
  }

  /** The own feed's core and every replica's (with `frozen: false`, not those frozen at a fork or a cap). */
  async heldCores(opts: { frozen: boolean } = { frozen: true }): Promise<Array<[FeedKey, Hypercore]>> {
    await this.reconciling
    const cores: Array<[FeedKey, Hypercore]> = [[this.opts.own.key, this.opts.own.core]]
    for (const [key, r] of this.replicas) if (opts.frozen || !r.stopped) cores.push([key, r.core])
    return cores
  }

  // ---- sync state ----------------------------------------------------------------------------------

  async syncState(): Promise<SyncState> {
    const { views, indexer } = this.opts
    // A pass in flight may be opening feeds the follow list now names: list them too, or a poller sees
    // every listed feed caught up while a wanted one is missing.
    await this.reconciling
    // Each replica is read once, before the awaits below: a feed found forked meanwhile shows in the next
    // state, never half in this one (a stop seen after the views were read would report nothing indexed).
    const network = this.network
    const now = [...this.replicas.values()].map((r) => ({
      key: r.key,
      peers: r.peers,
      remoteLength: Math.max(r.remoteLength, r.core.length),
      localLength: r.localLength,
      held: r.held,
      indexed: indexer.indexedLength(r.key),
      lastSeen: r.peers > 0 ? Date.now() : r.lastSeen,
      stopped: r.stopped,
      lookedUp: r.lookedUp,
      connection: network ? r.connection((conn) => network.connectionKind(conn)) : ('none' as const),
      capLength: r.capLength
    }))
    const keys = now.map((r) => r.key)
    // Every feed's name and invalid count in a few reads: one read per feed cost 1,000 follows a second.
    const [names, invalidCounts, newerVersions, frozenIndexed] = await Promise.all([
      views.names(keys),
      views.invalidCounts(keys),
      views.newerVersions(keys),
      // A forked feed is no longer indexed; what was indexed before it froze is in the views.
      Promise.all(now.map((r) => (r.stopped === 'forked' ? views.indexedLength(r.key) : null)))
    ])
    const feeds = now.map(
      ({ indexed, capLength, ...r }, i): FeedSync => ({
        ...r,
        name: names[i] ?? null,
        indexedLength: frozenIndexed[i] ?? indexed,
        invalid: invalidCounts[i] ?? 0,
        ...(capLength !== null ? { capLength } : {}),
        ...(newerVersions[i] != null ? { newerVersion: newerVersions[i]! } : {})
      })
    )
    return { online: this.online, peers: network?.peerCount ?? 0, feeds, reach: network?.reach ?? 'unknown' }
  }

  /** Something the sync state shows changed: a `sync` event follows, at most every SYNC_EVENT_INTERVAL. */
  syncChanged(): void {
    if (this.syncTimer || this.closing) return
    this.syncTimer = setTimeout(() => {
      this.syncTimer = null
      if (this.closing) return
      void this.syncState()
        .then((state) => this.opts.publish('sync', state))
        // the views closing under a late timer: the engine is going away, and nobody is left to tell
        .catch(() => {})
    }, SYNC_EVENT_INTERVAL)
  }

  /**
   * Resolves when every feed the follow list wants (each followed identity and every device feed it lists)
   * is downloaded and indexed as far as the peers a whole lookup found know it, or at the timeout.
   */
  async waitForSync(opts: { timeout: number }): Promise<{ ok: boolean; behind: FeedKey[] }> {
    const deadline = Date.now() + opts.timeout
    for (;;) {
      await this.reconciling
      let behind = this.behindFeeds()
      // Indexing a followed feed can name new device feeds; the pass that opens them runs after the index
      // step. A fresh pass reads the views as they are now, so no wanted feed is missed by being unopened.
      if (behind.length === 0) {
        // A pass that fails (the engine closing) leaves the replicas as they are; the check below still holds.
        await this.reconcile().catch(() => {})
        behind = this.behindFeeds()
      }
      if (behind.length === 0) return { ok: true, behind }
      if (Date.now() >= deadline || this.closing) return { ok: false, behind }
      await sleep(Math.min(100, Math.max(1, deadline - Date.now())))
    }
  }

  private behindFeeds(): FeedKey[] {
    const { own } = this.opts
    const behind = [...this.replicas.values()].filter((r) => !this.isCaughtUp(r)).map((r) => r.key)
    if (own.waitingForNetworkCopy || own.behind > 0) behind.unshift(own.key)
    return behind
  }

  private isCaughtUp(r: Replica): boolean {
    const indexed = this.opts.indexer.indexedLength(r.key)
    // A forked feed will not move: it is as caught up as it will get, and sync state says why.
    if (r.stopped === 'forked') return true
    // A feed past the size cap is caught up once the blocks that fit are held and indexed.
    if (r.stopped === 'size-cap') return r.capLength !== null && r.localLength >= r.capLength && indexed >= r.capLength
    // A removed device (PROTOCOL.md "Devices") is caught up once we hold it to its cut: the rest is ignored.
    const cut = this.cuts.get(r.key)
    if (cut !== undefined && r.localLength >= cut && indexed >= cut) return true
    if (!r.heardFromPeer || !r.lookedUp) return false
    const length = Math.max(r.core.length, r.remoteLength)
    return r.localLength >= length && indexed >= length
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
