// The peer: the user's own feed, the feeds they follow, the swarm and the local views. It imports nothing
// from electron, so the desktop app's utility process, `rstatus serve`, the CLI and the tests all run it.
import Corestore from 'corestore'
import ids from 'hypercore-id-encoding'
import fs from 'node:fs'
import { EventEmitter } from 'node:events'
import ReadyResource from 'ready-resource'
import type { Api, EventName, Events, FeedSync, SyncState } from '../../shared/api.js'
import { RstatusError } from '../../shared/errors.js'
import { PROTOCOL_VERSION } from '../../shared/protocol/limits.js'
import { decodeBlock } from '../../shared/protocol/validate.js'
import { parseStatusUri, type FeedKey } from '../../shared/keys.js'
import { createApi } from './api-handlers.js'
import { AppTokens } from './app-tokens.js'
import { checkFeed, type CheckReport } from './check.js'
import { dataPaths, preparePrivateDir, restrictDataFiles, type DataPaths } from './data-dir.js'
import { makeBackup, type IdentityBackup } from './identity.js'
import { Indexer } from './indexer.js'
import { ReferenceFetcher } from './reference-fetcher.js'
import { acquireLock, lockedError, type Lock } from './lock.js'
import { Network, type NetworkOptions } from './network.js'
import { OwnFeed } from './own-feed.js'
import { LocalState } from './local-state.js'
import { Media } from './media/media.js'
import { Replica, type StopReason } from './replica.js'
import { guardServing } from './social/serve-guard.js'
import { Social } from './social/social.js'
import type { IndexResult } from './views/views.js'
import { ViewsThread, type ViewStore } from './views/thread.js'

export interface EngineOptions extends NetworkOptions {
  dataDir: string
  /** Per-feed download cap in bytes; a followed feed past it stops downloading and says so. */
  maxFeedBytes?: number
  /** Called with a line a person should see (progress of a rebuild); never gets secrets. */
  log?: (line: string) => void
  /** Cap in bytes for other people's images kept here (media/blob-cache.ts); 1 GiB by default. */
  mediaCacheBytes?: number
}

/** Newest blocks fetched and shown first when a feed is followed, before the full download completes. */
const TAIL_FIRST = 64
const SYNC_EVENT_INTERVAL = 250
export const DEFAULT_MAX_FEED_BYTES = 512 * 1024 * 1024
const REFERENCE_TIMEOUT = 15_000

export class Engine extends ReadyResource {
  readonly paths: DataPaths
  readonly api: Api
  /** Per-app access tokens; `rstatus serve` checks requests against them. */
  readonly appTokens: AppTokens
  readonly events = new EventEmitter()
  private readonly opts: EngineOptions
  private lock: Lock | null = null
  private store: Corestore | null = null
  private own: OwnFeed | null = null
  private _views: ViewStore | null = null
  private indexer: Indexer | null = null
  private network: Network | null = null
  private readonly replicas = new Map<FeedKey, Replica>()
  private reconciling: Promise<void> = Promise.resolve()
  private queuedReconcile: Promise<void> | null = null
  /** Set when teardown begins: no reconcile pass may open a replica on a store that is about to close. */
  private tearingDown = false
  private syncTimer: NodeJS.Timeout | null = null
  private localState: LocalState | null = null
  private _media: Media | null = null
  /** The user deleted this account (leave): the own feed and blobs are no longer announced. */
  private hasLeft = false
  private readonly references = new ReferenceFetcher((uri) => this.fetchReference(uri))
  /** Devices, the inbox, block and mute (issue 6; social/social.ts). */
  private _social: Social | null = null

  constructor(opts: EngineOptions) {
    super()
    this.opts = opts
    this.paths = dataPaths(opts.dataDir)
    this.appTokens = new AppTokens(this.paths.appTokens, opts.log)
    this.api = createApi(this)
  }

  get key(): FeedKey {
    return this.ownFeed.key
  }

  get ownFeed(): OwnFeed {
    if (!this.own) throw new RstatusError('CLOSED', 'The engine is not open')
    return this.own
  }

  get views(): ViewStore {
    if (!this._views) throw new RstatusError('CLOSED', 'The engine is not open')
    return this._views
  }

  get online(): boolean {
    return this.network !== null
  }

  /** The own blobs core, images of others, uploads (issue 7). */
  get media(): Media {
    if (!this._media) throw new RstatusError('CLOSED', 'The engine is not open')
    return this._media
  }

  get left(): boolean {
    return this.hasLeft
  }

  get corestore(): Corestore {
    if (!this.store) throw new RstatusError('CLOSED', 'The engine is not open')
    return this.store
  }

  /** Devices, inbox, block and mute (issue 6). */
  get social(): Social {
    if (!this._social) throw new RstatusError('CLOSED', 'The engine is not open')
    return this._social
  }

  /** The identity this device writes for (PROTOCOL.md "Devices"): the own feed's key, or the first device's. */
  get identity(): FeedKey {
    return this.views.identity
  }

  /** The swarm while online (pairing runs over it). */
  get swarm(): import('hyperswarm') | null {
    return this.network?.swarm ?? null
  }

  /** How long a feed held here is (the own feed, or a replicated one); 0 when not held. */
  heldLength(key: FeedKey): number {
    if (key === this.own?.key) return this.own.length
    const r = this.replicas.get(key)
    return r ? Math.max(r.core.length, r.remoteLength) : 0
  }

  /** Indexes one block fetched from a feed we do not replicate (the inbox), out of order. */
  async indexFetched(feed: FeedKey, seq: number, block: Buffer): Promise<void> {
    await this.indexer?.indexOutOfOrder(feed, seq, [block])
  }

  /** Deletes the blocks the store holds of a feed we no longer replicate (block with delete). */
  async purgeFeed(key: FeedKey): Promise<void> {
    if (key === this.key || this.replicas.has(key)) return
    this.indexer?.untrack(key)
    // hypercore 11.37's purge() is broken (it calls a method that does not exist); clear frees every block.
    const core = this.corestore.get({ key: ids.decode(key), createIfMissing: false })
    try {
      await core.ready()
      if (core.length > 0) await core.clear(0, core.length)
    } catch {
      // never held: nothing to delete
    } finally {
      await core.close().catch(() => {})
    }
  }

  override async _open(): Promise<void> {
    preparePrivateDir(this.paths.root)
    this.lock = acquireLock(this.paths.lock, this.paths.root)
    try {
      restrictDataFiles(this.paths)
      this.localState = new LocalState(this.paths.state)
      this.store = new Corestore(this.paths.store)
      await this.store.ready().catch((err: unknown) => {
        throw explainStoreError(err, this.paths.root)
      })
      this.own = await OwnFeed.open(this.store, { restored: fs.existsSync(this.paths.restored) })
      this.own.onNetworkCopy = () => fs.rmSync(this.paths.restored, { force: true })
      this._media = await Media.open(this.store, {
        dataDir: this.paths.root,
        ...(this.opts.mediaCacheBytes !== undefined ? { capBytes: this.opts.mediaCacheBytes } : {}),
        reachFeed: (feed) => this.openSparse(feed)
      })
      this._views = await this.openViews(this.own.key).catch((err: unknown) => {
        throw explainStoreError(err, this.paths.root)
      })
      this._social = new Social(this)
      await this._social.open()
      guardServing(this.store, (discoveryKey) => this._social?.refusesTopic(discoveryKey) ?? false)
      const rebuilding =
        this._views.rebuilt || ((await this._views.indexedLength(this.own.key)) === 0 && this.own.core.length > 1)
      this.startIndexer()
      // The indexer follows the core's appends and downloads (own blocks can arrive from peers too: a
      // restored identity fetching its feed back).
      await this.indexer!.track(this.own.key, this.own.core)
      await this.indexer!.catchUp(this.own.key)
      await this.reconcileFollows()
      if (rebuilding) await this.rebuildFromLogs()
      this.hasLeft = (await this._views.profile(this.own.key)).left === true
    } catch (err) {
      await this.teardown()
      throw err
    }
  }

  override async _close(): Promise<void> {
    await this.teardown()
  }

  private async teardown(): Promise<void> {
    this.tearingDown = true
    this.references.close()
    await this._social?.close().catch(() => {})
    if (this.syncTimer) clearTimeout(this.syncTimer)
    this.syncTimer = null
    // Order matters: stop talking to peers, let a reconcile pass in flight end (it opens no more replicas),
    // stop writing views, then close what they write into.
    await this.network?.destroy().catch(() => {})
    this.network = null
    await this.reconciling
    await this.indexer?.close()
    this.indexer = null
    await Promise.all([...this.replicas.values()].map((r) => r.close()))
    this.replicas.clear()
    await this._views?.close().catch(() => {})
    this._views = null
    await this._media?.close().catch(() => {})
    this._media = null
    await this.store?.close().catch(() => {})
    this.store = null
    this.own = null
    this.lock?.release()
    this.lock = null
  }

  // ---- Network -----------------------------------------------------------------------------------

  /** Joins the swarm: announces the own feed and looks for every followed feed, as server and client. */
  async goOnline(): Promise<void> {
    if (this.network) return
    const network = new Network(this.corestore, this.opts)
    this.network = network
    await this._social?.online(network)
    network.on('peers', () => {
      this.publish('network', { online: true, peers: network.peerCount })
      this.queueSyncEvent()
    })
    if (!this.hasLeft) {
      network.join(this.ownFeed.core.discoveryKey)
      network.join(this.media.ownDiscoveryKey)
    }
    this.connectReplicas([...this.replicas.values()])
    this.references.resume()
    this.publish('network', { online: true, peers: 0 })
  }

  /** The account was deleted (leave): no more writes, and the own feed is not announced when going online. */
  markLeft(): void {
    this.hasLeft = true
  }

  /** Announces the own feed and blobs, or stops; leave announces only until a peer has its final blocks. */
  async announceOwn(on: boolean): Promise<void> {
    if (!this.network) return
    for (const discoveryKey of [this.ownFeed.core.discoveryKey, this.media.ownDiscoveryKey]) {
      if (on) this.network.join(discoveryKey)
      else await this.network.leave(discoveryKey)
    }
  }

  /** Bytes of each feed's log held here: the own feed, then every followed one. */
  feedBytes(): Array<{ key: FeedKey; bytes: number }> {
    const held = [{ key: this.key, bytes: this.ownFeed.core.byteLength }]
    for (const [key, r] of this.replicas) held.push({ key, bytes: r.core.contiguousByteLength })
    return held
  }

  /** The identity backup (see identity.ts); as secret as the data directory. */
  exportIdentity(): IdentityBackup {
    return makeBackup(this.corestore as Corestore & { primaryKey?: Buffer }, this.key)
  }

  /** DHT lookups made so far (benchmarks watch this). */
  get lookupCount(): number {
    return this.network?.lookupCount ?? 0
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
        await this.reconcileFollows().catch(() => {})
        behind = this.behindFeeds()
      }
      if (behind.length === 0) return { ok: true, behind }
      if (Date.now() >= deadline || this.closing) return { ok: false, behind }
      await sleep(Math.min(100, Math.max(1, deadline - Date.now())))
    }
  }

  private behindFeeds(): FeedKey[] {
    const behind = [...this.replicas.values()].filter((r) => !this.isCaughtUp(r)).map((r) => r.key)
    const own = this.own
    if (own && (own.waitingForNetworkCopy || own.behind > 0)) behind.unshift(own.key)
    return behind
  }

  private isCaughtUp(r: Replica): boolean {
    const indexed = this.indexer?.indexedLength(r.key) ?? 0
    // A forked feed will not move: it is as caught up as it will get, and sync state says why.
    if (r.stopped === 'forked') return true
    // A feed past the size cap is caught up once the blocks that fit are held and indexed.
    if (r.stopped === 'size-cap') return r.capLength !== null && r.localLength >= r.capLength && indexed >= r.capLength
    // A removed device (PROTOCOL.md "Devices") is caught up once we hold it to its cut: the rest is ignored.
    const cut = this._social?.cutOf(r.key)
    if (cut !== undefined && r.localLength >= cut && indexed >= cut) return true
    if (!r.heardFromPeer || !r.lookedUp) return false
    const length = Math.max(r.core.length, r.remoteLength)
    return r.localLength >= length && indexed >= length
  }

  // ---- Follows -------------------------------------------------------------------------------------

  /**
   * Brings open replicas in line with the follow list published in the own feed. Calls made while a pass is
   * still waiting to start share it: it reads the list when it starts, so it serves them all.
   */
  reconcileFollows(): Promise<void> {
    if (this.queuedReconcile) return this.queuedReconcile
    const run = this.reconciling.then(() => {
      this.queuedReconcile = null
      return this.reconcileNow()
    })
    this.queuedReconcile = run
    this.reconciling = run.catch(() => {})
    return run
  }

  private async reconcileNow(): Promise<void> {
    if (!this.store || !this._views || this.tearingDown) return
    const wanted = await this.social.wantedFeeds()
    if (this.tearingDown) return
    for (const [key, replica] of this.replicas) {
      if (wanted.has(key)) continue
      this.replicas.delete(key)
      this.indexer?.untrack(key)
      await this.network?.leave(replica.discoveryKey)
      await replica.close()
    }
    for (const key of wanted) {
      if (this.replicas.has(key) || key === this.key) continue
      const replica = await Replica.open(this.store, key, { maxBytes: this.opts.maxFeedBytes ?? DEFAULT_MAX_FEED_BYTES })
      if (this.tearingDown) {
        await replica.close()
        return
      }
      let frozen = this.localState?.frozen(key) ?? null
      // A freeze written before its evidence was recorded may come from a store closing under a replica
      // (no fork at all): unless the core shows a truncation, follow the feed again. A real conflict is
      // found again, and frozen with its evidence, when a peer of the other history is met.
      if (frozen && this.localState?.evidence(key) === null && !replica.truncatedByAuthor) {
        this.localState.thaw(key)
        frozen = null
      }
      if (frozen) replica.stop(frozen)
      this.replicas.set(key, replica)
      replica.on('stopped', (reason: StopReason) => {
        if (reason === 'forked') {
          this.localState?.freeze(key, 'forked', replica.forkedBy ?? 'conflict')
          this.indexer?.untrack(key)
        }
      })
      replica.on('change', () => {
        this.network?.setHasPeers(replica.discoveryKey, replica.peers > 0)
        this.queueSyncEvent()
      })
      replica.on('remote-length', () => void this.showTailFirst(replica))
      if (!frozen) await this.indexer?.track(key, replica.core)
      if (this.network) this.connectReplicas([replica])
    }
    this.queueSyncEvent()
  }

  /** Downloads and looks up each feed; one lookup flush covers them all (a thousand follows: one flush). */
  private connectReplicas(replicas: Replica[]): void {
    const network = this.network
    if (!network) return
    for (const replica of replicas) {
      replica.startDownload()
      network.join(replica.discoveryKey)
    }
    const lookup = network.flush()
    for (const replica of replicas) replica.findPeersDuring(lookup)
  }

  /** A feed far behind its peers shows its newest statuses first, then fills in from the start. */
  private async showTailFirst(replica: Replica): Promise<void> {
    const indexed = this.indexer?.indexedLength(replica.key) ?? 0
    if (replica.core.length - indexed <= TAIL_FIRST * 2) return
    // Out-of-order blocks are only read with our rules once the header says the feed uses them.
    const header = await replica.core.get(0, { timeout: REFERENCE_TIMEOUT }).catch(() => null)
    const decoded = header ? decodeBlock(header, { feed: replica.key, seq: 0 }) : null
    if (decoded?.ok !== true || decoded.record?.type !== 'header' || decoded.record.version > PROTOCOL_VERSION) return
    const tail = await replica.fetchTail(TAIL_FIRST)
    if (tail && this.indexer && this.replicas.get(replica.key) === replica) {
      await this.indexer.indexOutOfOrder(replica.key, tail.start, tail.blocks).catch(() => {})
    }
  }

  /** Opens a feed's core without following it (preview, referenced statuses). Close it when done. */
  async openSparse(key: FeedKey): Promise<{ core: import('hypercore'); waitForPeer: (ms: number) => Promise<boolean>; close: () => Promise<void> }> {
    const existing = this.replicas.get(key)
    const replica = existing ?? (await Replica.open(this.corestore, key, { maxBytes: this.opts.maxFeedBytes ?? DEFAULT_MAX_FEED_BYTES }))
    const joined = !existing && this.network !== null
    if (joined) this.network!.join(replica.discoveryKey, { server: false })
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
        if (joined) await this.network?.leave(replica.discoveryKey)
        await replica.close()
      }
    }
  }

  /** Fetches one status of a feed we do not replicate whole and indexes it out of order. */
  private async fetchReference(uri: string): Promise<boolean> {
    const { key, seq } = parseStatusUri(uri)
    if (key === this.own?.key || this.replicas.has(key) || !this.network || this.closing || this._social?.isBlocked(key)) return true
    const sparse = await this.openSparse(key)
    try {
      if (!(await sparse.waitForPeer(REFERENCE_TIMEOUT))) return false
      const block = await sparse.core.get(seq, { timeout: REFERENCE_TIMEOUT }).catch(() => null)
      if (!block || !this.indexer) return false
      await this.indexer.indexOutOfOrder(key, seq, [block])
      return true
    } finally {
      await sparse.close()
    }
  }

  /** Indexes the own feed's newest blocks right away, so a post is in the views when post() returns. */
  async indexOwn(): Promise<void> {
    this.indexer?.schedule(this.key)
    await this.indexer?.catchUp(this.key)
  }

  // ---- Sync state ----------------------------------------------------------------------------------

  async syncState(): Promise<SyncState> {
    // A pass in flight may be opening feeds the follow list now names: list them too, or a poller sees
    // every listed feed caught up while a wanted one is missing.
    await this.reconciling
    // Every feed's name and invalid count in a few reads: one read per feed cost 1,000 follows a second.
    const replicas = [...this.replicas.values()]
    const keys = replicas.map((r) => r.key)
    const [names, invalidCounts, frozenIndexed] = await Promise.all([
      this.views.names(keys),
      this.views.invalidCounts(keys),
      // A forked feed is no longer indexed; what was indexed before it froze is in the views.
      Promise.all(replicas.map((r) => (r.stopped === 'forked' ? this.views.indexedLength(r.key) : null)))
    ])
    const feeds = replicas.map(
      (r, i): FeedSync => ({
        key: r.key,
        name: names[i] ?? null,
        peers: r.peers,
        remoteLength: Math.max(r.remoteLength, r.core.length),
        localLength: r.localLength,
        held: r.held,
        indexedLength: frozenIndexed[i] ?? this.indexer?.indexedLength(r.key) ?? 0,
        lastSeen: r.peers > 0 ? Date.now() : r.lastSeen,
        invalid: invalidCounts[i] ?? 0,
        stopped: r.stopped,
        lookedUp: r.lookedUp,
        ...(r.capLength !== null ? { capLength: r.capLength } : {})
      })
    )
    return { online: this.online, peers: this.network?.peerCount ?? 0, feeds }
  }

  private queueSyncEvent(): void {
    if (this.syncTimer || this.closing) return
    this.syncTimer = setTimeout(() => {
      this.syncTimer = null
      if (this.closing || !this._views) return
      void this.syncState()
        .then((state) => this.publish('sync', state))
        .catch(() => {})
    }, SYNC_EVENT_INTERVAL)
  }

  // ---- Indexing and events -------------------------------------------------------------------------

  private startIndexer(): void {
    const indexer = new Indexer(this.views)
    this.indexer = indexer
    indexer.on('indexed', (feed, result) => this.onIndexed(feed, result))
    indexer.on('error', (feed, err) => {
      this.opts.log?.(`rstatus: indexing ${feed.slice(0, 8)} stopped: ${(err as Error).message}`)
    })
  }

  private onIndexed(feed: FeedKey, result: IndexResult): void {
    if (result.devicesChanged) void this._social?.devicesChanged().catch(() => {})
    if (result.followsChanged || result.devicesChanged) void this.reconcileFollows()
    if (result.referenced.length > 0) this.references.add(result.referenced)
    if (result.added > 0 || result.removed > 0 || result.changed) {
      this.publish('statuses', { feeds: [feed], added: result.added, removed: result.removed })
      void this._views
        ?.notifications({ limit: 1 })
        .then((n) => this.publish('notifications', { unread: n.unread }))
        .catch(() => {})
    }
    this.queueSyncEvent()
  }

  private openViews(me: FeedKey): Promise<ViewsThread> {
    return ViewsThread.open(this.paths.views, {
      me,
      // Not expected (each call's errors are answered as errors); if it happens, say so: every read fails.
      onCrash: (reason) => this.opts.log?.(`rstatus: ${reason}; reads fail until rstatus is restarted`)
    })
  }

  /** Views that were missing or unusable are rebuilt before the engine answers, with progress shown. */
  private async rebuildFromLogs(): Promise<void> {
    const feeds: Array<[FeedKey, number]> = [[this.key, this.ownFeed.core.contiguousLength]]
    for (const [key, r] of this.replicas) feeds.push([key, r.core.contiguousLength])
    const total = feeds.reduce((n, [, len]) => n + len, 0)
    this.opts.log?.(`rstatus: the local views were missing or damaged; rebuilding them from ${total} blocks in ${feeds.length} feeds`)
    let done = 0
    for (const [key, len] of feeds) {
      await this.indexer?.catchUp(key)
      done += len
      this.opts.log?.(`rstatus: rebuilt ${done} of ${total} blocks`)
    }
  }

  /** Compares the views with the logs of every feed held (`rstatus check`). */
  async check(): Promise<CheckReport> {
    await this.ready()
    const feeds: Array<[FeedKey, import('hypercore')]> = [[this.key, this.ownFeed.core]]
    for (const [key, r] of this.replicas) if (!r.stopped) feeds.push([key, r.core])
    for (const [key] of feeds) await this.indexer?.catchUp(key)
    const report: CheckReport = { feeds: feeds.length, blocks: 0, problems: [] }
    for (const [key, core] of feeds) {
      const result = await checkFeed(this.views, key, core)
      report.blocks += result.blocks
      report.problems.push(...result.problems)
    }
    return report
  }

  /** Deletes the views and rebuilds them from the logs. */
  async reindex(onProgress?: (done: number, total: number) => void): Promise<void> {
    await this.ready()
    const feeds = [this.key, ...this.replicas.keys()]
    await this.indexer?.close()
    await this._views?.close()
    fs.rmSync(this.paths.views, { recursive: true, force: true })
    this._views = await this.openViews(this.key)
    await this._social?.open()
    this.startIndexer()
    const total = feeds.length
    let done = 0
    await this.indexer!.track(this.key, this.ownFeed.core)
    await this.indexer!.catchUp(this.key)
    onProgress?.(++done, total)
    for (const [key, replica] of this.replicas) {
      await this.indexer!.track(key, replica.core)
      await this.indexer!.catchUp(key)
      onProgress?.(++done, total)
    }
  }

  /** Contract events (shared/api.ts Events) go out on `events`, apart from the lifecycle events of the engine. */
  private publish<E extends EventName>(event: E, data: Events[E]): void {
    this.events.emit(event, data)
  }
}

/**
 * The store refuses a data directory copied from elsewhere: a copy running beside its original forks the feed.
 * Its databases are locked by whichever process opened them; reaching that lock means our lock file did not
 * stop us (someone deleted it while its holder ran), and the refusal is the same one line.
 */
function explainStoreError(err: unknown, dir: string): unknown {
  if (err instanceof Error && /could not be locked/i.test(err.message)) return lockedError(dir, null)
  if ((err as { code?: string }).code === 'DEVICE_FILE') {
    return new RstatusError(
      'INVALID_INPUT',
      `The data directory ${dir} was copied or moved from another place, which could fork your feed; ` +
        'move it back, or restore your identity from a backup with rstatus identity import'
    )
  }
  return err
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
