// The peer. The Engine composes its parts and owns their lifecycle: it opens them in the order they depend on
// each other, wires each to the few services it needs, and closes them in a fixed order. Everything a client
// asks goes through `api`, whose handlers (handlers/) get those services, never the Engine. It imports nothing
// from electron, so the desktop app's utility process, `rstatus serve`, the CLI and the tests all run it.
import type Corestore from 'corestore'
import ids from 'hypercore-id-encoding'
import fs from 'node:fs'
import { EventEmitter } from 'node:events'
import ReadyResource from 'ready-resource'
import type { Api, EventName, Events } from '../../shared/api/contract.js'
import { RstatusError } from '../../shared/errors.js'
import type { FeedKey } from '../../shared/keys.js'
import type { DmCounts } from '../../shared/messages.js'
import { dataPaths, preparePrivateDir, restrictDataFiles, type DataPaths } from '../platform/data-dir.js'
import { acquireLock, lockedError, type Lock } from '../platform/lock.js'
import type { CardFetchOptions } from './cards/fetch-card.js'
import type { Devices } from './devices/devices.js'
import { earlyAnswers } from './early-answers.js'
import { createApi, type EarlyHandlers, type Handlers } from './handlers/api.js'
import { HandleCache } from './handles/handle-cache.js'
import type { Inbox } from './inbox/inbox.js'
import type { Media } from './media/media.js'
import type { Messaging } from './messages/messaging.js'
import type { Mirrors } from './mirrors/mirrors.js'
import { withDevices } from './moderation/moderated-feeds.js'
import { ModerationList } from './moderation/moderation-list.js'
import type { Moderation } from './moderation/moderation.js'
import type { PrivateStore } from './private-data/private-store.js'
import { rememberedPeerKey, rememberPeerKey } from './peer-key-file.js'
import type { NetworkOptions } from './replication/network.js'
import type { Replication } from './replication/replication.js'
import { AppTokens } from './tokens/app-tokens.js'
import type { CheckReport } from './views/check.js'
import type { Indexer } from './views/indexer.js'
import type { IndexResult } from './views/values.js'
import { ViewsWorker, type ViewStore } from './views/worker.js'
import type { Handles } from './handles/handles.js'
import type { FeedWriter } from './writer/feed-writer.js'
import type { OwnFeed } from './writer/own-feed.js'

/** Loaded once the cached first page can be answered (part-modules.ts). */
const loadParts = () => import('./part-modules.js')

/** The network key pair is not an option: it is this device's own, derived from its store (peer-key.ts). */
export interface EngineOptions extends Omit<NetworkOptions, 'keyPair'> {
  dataDir: string
  /** Per-feed download cap in bytes; a followed feed past it stops downloading and says so. */
  maxFeedBytes?: number
  /** Called with a line a person should see (progress of a rebuild, a failure worth knowing); never gets secrets. */
  log?: (line: string) => void
  /** Cap in bytes for other people's images kept here (media/blob-cache.ts); 1 GiB by default. */
  mediaCacheBytes?: number
  /** Link cards: tests let the fetch reach a local server (never set otherwise). */
  cards?: CardFetchOptions
  /** DNS servers for handle lookups (RSTATUS_DNS, handles/dns-servers.ts); the system's resolver when absent. */
  dnsServers?: string[]
}

/** The engine's parts, once open. */
interface Parts {
  store: Corestore
  own: OwnFeed
  media: Media
  views: ViewsWorker
  indexer: Indexer
  writer: FeedWriter
  moderation: Moderation
  replication: Replication
  devices: Devices
  inbox: Inbox
  messaging: Messaging
  privateData: PrivateStore
  mirrors: Mirrors
  handles: Handles
  handlers: Handlers
}

export class Engine extends ReadyResource {
  readonly paths: DataPaths
  readonly api: Api
  /** Per-app access tokens; `rstatus serve` checks requests against them. */
  readonly appTokens: AppTokens
  /** The contract's events (shared/api/contract.ts Events), apart from the engine's own lifecycle events. */
  readonly events = new EventEmitter()
  private readonly opts: EngineOptions
  private readonly log: (line: string) => void
  private lock: Lock | null = null
  /**
   * The reads answered from the cached views while the rest opens (null: they wait for ready()); rejects
   * when the open fails before they can answer.
   */
  private early: Promise<EarlyHandlers | null>
  private settleEarly: (handlers: EarlyHandlers | null) => void = () => {}
  private failEarly: (err: unknown) => void = () => {}
  /** What is open so far: during _open, teardown closes these when a later step fails. */
  private readonly built: Partial<Parts> = {}
  private parts: Parts | null = null

  constructor(opts: EngineOptions) {
    super()
    this.opts = opts
    this.log = opts.log ?? (() => {})
    this.paths = dataPaths(opts.dataDir)
    this.appTokens = new AppTokens(this.paths.appTokens, opts.log)
    this.early = new Promise((resolve, reject) => {
      this.settleEarly = resolve
      this.failEarly = reject
    })
    this.early.catch(() => {}) // the same failure reaches every caller through ready()
    this.api = createApi({
      ready: () => this.ready(),
      early: () => {
        this.ready().catch(() => {}) // the open's failure reaches the caller through ready()
        return this.early
      },
      handlers: () => this.open.handlers,
      left: () => this.open.own.left,
      refuseIfRemoved: () => this.open.devices.refuseIfRemoved(),
      events: this.events
    })
  }

  private get open(): Parts {
    if (!this.parts) throw new RstatusError('CLOSED', 'The engine is not open')
    return this.parts
  }

  /**
   * Starts opening the engine and resolves as soon as it takes calls: the first screen's reads are answered
   * from the views as stored, the others wait for ready(). Rejects when the open fails before that (another
   * process holds the data directory, say). The desktop host and `rstatus serve` listen from then on.
   */
  async takingCalls(): Promise<void> {
    this.ready().catch(() => {}) // a later failure reaches the caller through ready()
    await this.early
  }

  /** This device's feed key (the identity's, on the first device). */
  get key(): FeedKey {
    return this.open.own.key
  }

  /** The views, for tools that build a store without peers (bench/store-builder.ts). */
  get views(): ViewStore {
    return this.open.views
  }

  /** The own feed's writer, for tools that write many records at once (bench, load tests). */
  get writer(): FeedWriter {
    return this.open.writer
  }

  /** True once a connected peer holds all of the own feed: going offline then leaves a whole copy out there. */
  get ownFeedShared(): boolean {
    return this.open.own.heldByAPeer
  }

  /** Hostile or broken input met in private conversations and sealed items, skipped and counted by reason. */
  get messageCounts(): DmCounts {
    return { ...this.open.messaging.messages.counts }
  }

  /** DHT lookups made so far (benchmarks watch this). */
  get lookupCount(): number {
    return this.parts?.replication.lookupCount ?? 0
  }

  /** Joins the swarm: announces the own feed and looks for every followed feed, as server and client. */
  goOnline(): Promise<void> {
    return this.open.replication.goOnline()
  }

  /** Resolves when every followed feed is downloaded and indexed as far as its peers know, or at the timeout. */
  waitForSync(opts: { timeout: number }): Promise<{ ok: boolean; behind: FeedKey[] }> {
    return this.open.replication.waitForSync(opts)
  }

  protected override async _open(): Promise<void> {
    try {
      preparePrivateDir(this.paths.root)
      this.lock = acquireLock(this.paths.lock, this.paths.root)
    } catch (err) {
      this.failEarly(err)
      throw err
    }
    try {
      restrictDataFiles(this.paths)
      this.parts = await this.openParts()
      // Open: every call goes to the full handlers from now on (they mark handles, and start due checks).
      this.early = Promise.resolve(null)
    } catch (err) {
      this.failEarly(err)
      await this.teardown()
      throw err
    }
  }

  protected override async _close(): Promise<void> {
    await this.teardown()
  }

  private async openParts(): Promise<Parts> {
    const { paths, opts } = this
    const o = this.built
    const views = (o.views = new ViewsWorker(paths.views, {
      me: null,
      // Not expected (each call's errors are answered as errors); if it happens, say so: every read fails.
      onCrash: (reason) => this.log(`rstatus: ${reason}; reads fail until rstatus is restarted`)
    }))
    await this.answerFromCachedViews(views)

    const {
      Corestore, peerKeyPair, OwnFeed, Media, Indexer, FeedWriter, Moderation, guardServing, Replication, Devices, Inbox, Messaging,
      Mirrors, MirrorList, TwitterImporter, statusHandlers, fetchCard, profileHandlers, feedStartedAt, followHandlers,
      notificationHandlers, deviceHandlers, moderationHandlers, mediaHandlers, accountHandlers, makeBackup, tokenHandlers,
      mirrorHandlers, messageHandlers, Handles, markingAnswers, PrivateStore, privateDataHandlers, listScopedSearch
    } = await loadParts()
    const store = (o.store = new Corestore(paths.store))
    await store.ready().catch((err: unknown) => {
      throw explainStoreError(err, paths.root)
    })

    const peerKey = await peerKeyPair(store)
    try {
      rememberPeerKey(paths.peerKey, ids.encode(peerKey.publicKey))
    } catch (err) {
      this.failed('remembering the network key', err)
    }
    const own = (o.own = new OwnFeed(store, { restored: fs.existsSync(paths.restored) }))
    await own.ready()
    own.onNetworkCopy = () => fs.rmSync(paths.restored, { force: true })

    const media: Media = (o.media = new Media(store, {
      dataDir: paths.root,
      ...(opts.mediaCacheBytes !== undefined ? { capBytes: opts.mediaCacheBytes } : {}),
      reachFeed: (feed) => replication.openSparse(feed),
      log: this.log
    }))
    await media.ready()

    await views.setOwner(own.key)
    await views.ready().catch((err: unknown) => {
      throw explainStoreError(err, paths.root)
    })

    const indexer = (o.indexer = new Indexer(views))
    indexer.on('indexed', (feed, result) => this.onIndexed(feed, result))
    indexer.on('error', (feed, err) => this.log(`rstatus: indexing ${feed.slice(0, 8)} stopped: ${(err as Error).message}`))

    const writer = (o.writer = new FeedWriter({
      own,
      indexed: () => indexer.catchUp(own.key),
      reconcile: () => replication.reconcile()
    }))

    const devicesKeys = (): Promise<FeedKey[]> => devices.myKeys()
    const moderation = (o.moderation = new Moderation({
      dataDir: paths.root,
      own,
      views,
      myKeys: devicesKeys,
      reconcile: () => replication.reconcile(),
      purgeFeed: (feed) => replication.purgeFeed(feed)
    }))
    await moderation.ready()
    guardServing(store, (discoveryKey) => moderation.refusesTopic(discoveryKey))

    const rebuilding = views.rebuilt || ((await views.indexedLength(own.key)) === 0 && own.core.length > 1)
    // The indexer follows the core's appends and downloads (own blocks can arrive from peers too: a restored
    // identity fetching its feed back).
    await indexer.track(own.key, own.core)
    await indexer.catchUp(own.key)

    const replication: Replication = (o.replication = new Replication({
      store,
      own,
      indexer,
      views,
      isBlocked: (feed) => moderation.isBlocked(feed),
      stateFile: paths.state,
      ...(opts.maxFeedBytes !== undefined ? { maxFeedBytes: opts.maxFeedBytes } : {}),
      ...(opts.bootstrap ? { bootstrap: opts.bootstrap } : {}),
      ...(opts.host ? { host: opts.host } : {}),
      ...(opts.relays ? { relays: opts.relays } : {}),
      // A mirror that relays is used as a relay too
      relayCandidates: () => mirrors.keys(),
      keyPair: peerKey,
      ownTopics: () => [own.discoveryKey, media.ownDiscoveryKey],
      onOnline: async (network) => {
        // Mirrors connect on their own time; going online does not wait for them
        void mirrors.online(network.swarm.dht)
        await inbox.online(network)
        messaging.online(network)
        privateData.online(network)
      },
      publish: (event, data) => this.publish(event, data),
      log: this.log
    }))
    await replication.ready()
    if (rebuilding) await this.rebuildFromLogs(replication, indexer)
    if ((await views.profile(own.key)).left) own.markLeft()

    const devices: Devices = (o.devices = new Devices({
      own,
      writer,
      views,
      replication,
      joined: async (secret) => {
        await inbox.refreshTopics()
        await mirrors.restart()
        await messaging.joined(secret)
        await privateData.refresh()
      },
      pairingSecret: () => messaging.pairingSecret(),
      removed: () => messaging.replaceKey()
    }))
    await devices.ready()

    const inbox: Inbox = (o.inbox = new Inbox(paths.root, {
      myKeys: devicesKeys,
      authorOf: (feed) => views.authorOf(feed),
      isBlocked: (feed) => moderation.isBlocked(feed),
      holds: async (feed, seq) => (await views.status(feed, seq)) !== null,
      fetchBlock: (feed, seq) => replication.fetchBlock(feed, seq),
      index: (feed, seq, block) => indexer.indexOutOfOrder(feed, seq, [block]),
      otherTargets: () => messaging.outboxTargets()
    }))
    await inbox.ready()

    const messaging = (o.messaging = new Messaging({
      dataDir: paths.root,
      store,
      own,
      writer,
      views,
      myKeys: devicesKeys,
      reach: (feed) => replication.openSparse(feed),
      isBlocked: (feed) => moderation.isBlocked(feed),
      ownCoresChanged: () => void mirrors.restart(),
      targetsChanged: () => void inbox.refreshTopics().catch((err: unknown) => this.failed('joining inbox topics', err)),
      changed: (change) => this.publish('messages', change),
      failed: (what, err) => this.failed(what, err)
    }))
    await messaging.ready()
    const privateData = (o.privateData = new PrivateStore({
      store,
      device: own.key,
      devices: devicesKeys,
      seeds: () => messaging.seeds(),
      dataDir: paths.root,
      changed: () => this.publish('privateData', {}),
      failed: (what, err) => this.failed(what, err)
    }))
    await privateData.ready()
    const mirrors = (o.mirrors = new Mirrors({
      list: new MirrorList(paths.mirrors),
      store,
      keptKeys: async () => {
        const keys = new Set([own.key, media.ownKey, ...(await devicesKeys())])
        return [...[...keys].map((key) => ids.decode(key)), ...messaging.ownCores(), ...privateData.ownCores()]
      },
      log: this.log
    }))

    const importer = new TwitterImporter({
      own,
      writer,
      media,
      publish: (event, data) => this.publish(event, data),
      stopping: () => this.closing !== null
    })
    const myKeys = devicesKeys
    const handles = (o.handles = new Handles({
      file: paths.handles,
      ...(this.opts.dnsServers ? { servers: this.opts.dnsServers } : {}),
      onChange: (handle) => this.publish('handles', { handle })
    }))
    const handlers: Handlers = markingAnswers<Handlers>({
      ...statusHandlers({
        own, writer, views, media, myKeys, announce: (view) => inbox.written(view), log: this.log,
        fetchCard: (url) => fetchCard(url, this.opts.cards ?? {}, { keepImage: (bytes) => media.addCardImage(bytes) })
      }),
      ...profileHandlers({ own, peer: ids.encode(peerKey.publicKey), writer, views, media, startedAt: (key) => feedStartedAt(store, key), handles }),
      ...followHandlers({ writer, views, replication, myKeys }),
      ...notificationHandlers({ views }),
      ...deviceHandlers({ devices }),
      ...moderationHandlers({ moderation, views }),
      ...mediaHandlers({ own, media, replication, views }),
      ...accountHandlers({ own, writer, views, media, replication, mirrors, log: this.log, importer,
        backup: () => makeBackup(store, own.key, messaging.exportBackup(), privateData.exportBackup()),
        privateData: () => privateData.exportArchive()
      }),
      ...tokenHandlers({ tokens: this.appTokens }),
      ...mirrorHandlers({ mirrors }),
      ...privateDataHandlers({ store: privateData, views }),
      ...messageHandlers({ messages: () => messaging.messages, media, beforeSend: () => messaging.publishKeys({ evenIfUnused: true }) })
    }, handles, ['resolveHandle'])
    handlers.search = listScopedSearch({ search: handlers.search, listTimeline: handlers.listTimeline, lists: handlers.lists })
    return { store, own, media, views, indexer, writer, moderation, replication, devices, inbox, mirrors, messaging, privateData, handles, handlers }
  }

  /**
   * Closes the parts in a fixed order: stop pairing and the inbox, stop indexing, stop talking to peers and
   * close the replicas, then close the views, the media and the own feed, and last the store they live in.
   * A part that fails to close is logged, and the others still close.
   */
  private async teardown(): Promise<void> {
    const o = this.built
    this.parts = null
    this.early = Promise.resolve(null)
    await this.closePart('handles', o.handles)
    await this.closePart('devices', o.devices)
    await this.closePart('the private store', o.privateData)
    await this.closePart('messages', o.messaging)
    await this.closePart('the inbox', o.inbox)
    await this.closePart('the mirrors', o.mirrors)
    // A reconcile pass in flight writes into the indexer: let it end, and start no more.
    await o.replication?.stopReconciling().catch((err: unknown) => this.failed('closing replication', err))
    await this.closePart('the indexer', o.indexer)
    await this.closePart('replication', o.replication)
    await this.closePart('the views', o.views)
    await this.closePart('moderation', o.moderation)
    await this.closePart('the media', o.media)
    await this.closePart('the own feed', o.own)
    await this.closePart('the store', o.store)
    for (const key of Object.keys(o) as Array<keyof Parts>) delete o[key]
    this.lock?.release()
    this.lock = null
  }

  /**
   * A cold start shows the cached first page before anything else opens: the views thread opens the views as
   * they are, with the block and mute lists applied, and the first screen's reads (early-answers.ts) are
   * answered from them while the store, the feeds and the network load (docs/BENCHMARKS.md, figure 4).
   * Views that must be rebuilt (missing, an older layout) answer nothing early: every call waits for ready().
   */
  private async answerFromCachedViews(views: ViewsWorker): Promise<void> {
    const usable = await views.openAsStored().catch((err: unknown) => {
      throw explainStoreError(err, this.paths.root)
    })
    if (!usable) return this.settleEarly(null)
    const list = new ModerationList(this.paths.root)
    const [blocked, muted] = await Promise.all([withDevices(views, list.blocked), withDevices(views, list.muted)])
    views.setHidden({ blocked, muted })
    this.settleEarly(earlyAnswers({ views, peer: rememberedPeerKey(this.paths.peerKey), handles: new HandleCache(this.paths.handles) }))
    // Calls that waited for this go out to the views thread before loading the rest keeps this thread busy.
    await new Promise((resolve) => setImmediate(resolve))
  }

  private async closePart(name: string, part: { close(): Promise<void> } | undefined): Promise<void> {
    try {
      await part?.close()
    } catch (err) {
      this.log(`rstatus: closing ${name} failed: ${(err as Error).message}`)
    }
  }

  // ---- indexing and events -------------------------------------------------------------------------

  private onIndexed(feed: FeedKey, result: IndexResult): void {
    const { moderation, inbox, replication, views } = this.built
    if (result.devicesChanged) {
      // Device links changed: block lists may cover new device feeds, and my inbox topics may change.
      void Promise.all([moderation?.refresh(), inbox?.refreshTopics()]).catch((err: unknown) => this.failed('applying device links', err))
    }
    if (result.followsChanged || result.devicesChanged) void this.built.messaging?.followsChanged().catch((err: unknown) => this.failed('reading follows for messages', err))
    this.built.messaging?.feedGrew(feed)
    if (result.devicesChanged) void this.built.privateData?.refresh().catch((err: unknown) => this.failed('reading the private store', err))
    if (result.followsChanged || result.devicesChanged) void replication?.reconcile().catch((err: unknown) => this.failed('following the follow list', err))
    if (result.referenced.length > 0) replication?.fetchReferences(result.referenced)
    if (result.added > 0 || result.removed > 0 || result.changed) {
      this.publish('statuses', { feeds: [feed], added: result.added, removed: result.removed })
      void views
        ?.notifications({ limit: 1 })
        .then((n) => this.publish('notifications', { unread: n.unread }))
        .catch((err: unknown) => this.failed('counting notifications', err))
    }
    replication?.syncChanged()
  }

  /** A background step failed: said once in the log, unless the engine is closing (then it is expected). */
  private failed(what: string, err: unknown): void {
    if (!this.closing) this.log(`rstatus: ${what} failed: ${(err as Error).message}`)
  }

  private publish<E extends EventName>(event: E, data: Events[E]): void {
    this.events.emit(event, data)
  }

  // ---- rebuilding and checking the views -----------------------------------------------------------

  /** Views that were missing or unusable are rebuilt before the engine answers, with progress shown. */
  private async rebuildFromLogs(replication: Replication, indexer: Indexer): Promise<void> {
    const feeds = (await replication.heldCores()).map(([key, core]) => [key, core.contiguousLength] as const)
    const total = feeds.reduce((n, [, len]) => n + len, 0)
    this.log(`rstatus: the local views were missing or damaged, or made by an older version; rebuilding them from ${total} blocks in ${feeds.length} feeds`)
    let done = 0
    for (const [key, len] of feeds) {
      await indexer.catchUp(key)
      done += len
      this.log(`rstatus: rebuilt ${done} of ${total} blocks`)
    }
  }

  /** Compares the views with the logs of every feed held (`rstatus check`). */
  async check(): Promise<CheckReport> {
    await this.ready()
    const { replication, indexer, views } = this.open
    const { checkFeed } = await loadParts()
    const feeds = await replication.heldCores({ frozen: false })
    for (const [key] of feeds) await indexer.catchUp(key)
    const report: CheckReport = { feeds: feeds.length, blocks: 0, problems: [] }
    for (const [key, core] of feeds) {
      const result = await checkFeed(views, key, core)
      report.blocks += result.blocks
      report.problems.push(...result.problems)
    }
    return report
  }

  /** Deletes the views and rebuilds them from the logs (`rstatus reindex`). */
  async reindex(onProgress?: (done: number, total: number) => void): Promise<void> {
    await this.ready()
    const { replication, indexer, views, moderation } = this.open
    const feeds = await replication.heldCores()
    await indexer.reset()
    await views.rebuild()
    await moderation.refresh()
    let done = 0
    for (const [key, core] of feeds) {
      await indexer.track(key, core)
      await indexer.catchUp(key)
      onProgress?.(++done, feeds.length)
    }
  }
}

/**
 * The store refuses a data directory copied from elsewhere: a copy running beside its original forks the feed.
 * Its databases are locked by whichever process opened them; reaching that lock means our lock file did not
 * stop us (someone deleted it while its holder ran), and the refusal is the same one line.
 */
function explainStoreError(err: unknown, dir: string): unknown {
  // Corestore says "could not be locked"; RocksDB (the views, which open first) names its LOCK file.
  if (err instanceof Error && /could not be locked|\/LOCK: /i.test(err.message)) return lockedError(dir, null)
  if ((err as { code?: string }).code === 'DEVICE_FILE') {
    return new RstatusError(
      'INVALID_INPUT',
      `The data directory ${dir} was copied or moved from another place, which could fork your feed; ` +
        'move it back, or restore your identity from a backup with rstatus identity import'
    )
  }
  return err
}
