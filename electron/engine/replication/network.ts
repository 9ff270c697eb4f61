// The swarm: one Hyperswarm per peer. Every connection replicates the whole Corestore, so one connection
// to a friend carries every feed both sides hold. Topics are feeds' discovery keys.
import type Corestore from 'corestore'
import HyperDHT from 'hyperdht'
import Protomux from 'protomux'
import ids from 'hypercore-id-encoding'
import Hyperswarm from 'hyperswarm'
import { EventEmitter } from 'node:events'
import type { FeedConnection, Reach } from '../../../shared/api/follows.js'
import type { FeedKey } from '../../../shared/keys.js'
import { LookupScheduler } from './lookup-scheduler.js'

export interface NetworkOptions {
  /** HOST:PORT pairs; undefined means the public HyperDHT. */
  bootstrap?: Array<{ host: string; port: number }>
  /** Bind address. A peer bound to a given (local) address is reachable there, so it is not firewalled. */
  host?: string
  /** This device's stable network key (peer-key.ts); a fresh random one when absent. */
  keyPair?: HyperDHT.KeyPair
  /**
   * Relays this peer may use when a direct connection fails (--relay). Hyperswarm goes through one after a
   * punch fails, or at once when this peer's own NAT is randomized, where no punch can work.
   */
  relays?: FeedKey[]
  /**
   * Keys that may relay for this peer if they say so (this person's mirrors): one that opens the blind-relay
   * channel on a connection to it relays, and is used as the relays above are.
   */
  relayCandidates?: () => FeedKey[]
}

/** What a replication stream's connection exposes: the peer's key and the UDX stream under the encryption. */
export interface ConnectionLike {
  remotePublicKey?: Buffer | null
  rawStream?: { remoteHost?: string; remotePort?: number } | null
}

/** A topic joined in Hyperswarm: by a part that keeps it (join), or for a followed feed (seek), or both. */
interface Topic {
  discovery: Hyperswarm.Discovery
  /** Whether some part keeps the topic joined, and announces it. Hyperswarm refreshes these on its own. */
  kept: { server: boolean } | null
}

/** The one method of Hyperswarm's per-topic discovery (its public `status(topic)`) that starts lookups. */
interface TopicDiscovery {
  refresh(): Promise<boolean>
  /** Set once its refresh() answers to the scheduler. */
  scheduled?: boolean
}

export class Network extends EventEmitter {
  readonly swarm: Hyperswarm
  private readonly topics = new Map<string, Topic>()
  /** Followed feeds' topics (by hex): looked up only when the scheduler grants it. */
  private readonly sought = new Map<string, Buffer>()
  /** The topic whose lookup the scheduler has just granted, while it starts. */
  private granted: string | null = null
  private readonly lookups: LookupScheduler
  private topicQueries = 0
  private destroyed = false
  /** A flush covering every topic joined so far; a join starts the need for a new one. */
  private flushing: Promise<void> | null = null
  /** Hex keys of the relays named in the options. */
  private readonly relayKeys: Set<string>
  /** Hex keys of candidates seen opening the blind-relay channel: they relay for this peer. */
  private readonly learnedRelays = new Set<string>()
  /** Open connections to those relays: a relayed connection's packets go to one of their addresses. */
  private readonly relaySockets = new Set<ConnectionLike>()

  constructor(
    store: Corestore,
    private readonly opts: NetworkOptions
  ) {
    super()
    // The DHT and the swarm share one key pair: a blind peer or relay trusts the key the DHT dials with.
    const dht = new HyperDHT({
      bootstrap: opts.bootstrap,
      ...(opts.keyPair ? { keyPair: opts.keyPair } : {}),
      ...(opts.host ? { host: opts.host, firewalled: false } : {})
    })
    const relays = (opts.relays ?? []).map((key) => ids.decode(key))
    this.relayKeys = new Set(relays.map((k) => k.toString('hex')))
    this.watchRelaySockets(dht)
    this.countTopicQueries(dht)
    const usesRelays = relays.length > 0 || opts.relayCandidates !== undefined
    this.swarm = new Hyperswarm({
      dht,
      ...(opts.keyPair ? { keyPair: opts.keyPair } : {}),
      // As Hyperswarm does with a fixed list: a relay after a failed punch, or at once behind a randomized NAT
      ...(usesRelays ? { relayThrough: (force: boolean, swarm: Hyperswarm) => (force || swarm.dht.randomized ? this.relaysNow() : null) } : {})
    })
    this.swarm.on('connection', (conn) => {
      this.learnRelay(conn)
      store.replicate(conn)
      // Errors on a single connection (a peer hanging up, a timeout) are normal network weather.
      conn.on('error', () => {})
      conn.on('close', () => this.emit('peers', this.peerCount))
      this.emit('peers', this.peerCount)
    })
    this.lookups = new LookupScheduler((hex) => this.lookUp(hex))
  }

  /**
   * Counts every topic query the DHT starts, whoever starts it (Hyperswarm refreshes topics on its own). At
   * the query itself: hyperdht's announce and unannounce run their query through lookup or
   * lookupAndUnannounce, so counting those methods counted an announce twice.
   */
  private countTopicQueries(dht: HyperDHT): void {
    const target = dht as unknown as { query(q: { command: number }, opts?: unknown): unknown }
    const query = target.query.bind(dht)
    target.query = (q, opts) => {
      if (q.command === LOOKUP_COMMAND) this.topicQueries++
      return query(q, opts)
    }
  }

  /**
   * hyperdht opens its connection to a relay with dht.connect and splices the relayed stream onto that
   * connection's address; no flag on the relayed connection says so. Noting those connections is how a
   * relayed connection is told from a direct one.
   */
  private watchRelaySockets(dht: HyperDHT): void {
    if (this.relayKeys.size === 0 && !this.opts.relayCandidates) return
    const connect = dht.connect.bind(dht)
    dht.connect = (publicKey, opts) => {
      const socket = connect(publicKey, opts)
      const hex = Buffer.from(publicKey).toString('hex')
      // Mirrors are dialled by blind-peering on this DHT too: those connections tell whether a mirror relays
      if (this.isCandidate(hex)) this.learnRelay(socket)
      if (this.relayKeys.has(hex) || this.isCandidate(hex)) {
        this.relaySockets.add(socket as unknown as ConnectionLike)
        socket.once('close', () => this.relaySockets.delete(socket as unknown as ConnectionLike))
      }
      return socket
    }
  }

  private isCandidate(hex: string): boolean {
    return (this.opts.relayCandidates?.() ?? []).some((key) => ids.decode(key).toString('hex') === hex)
  }

  /**
   * A relay opens the blind-relay channel on every connection it accepts; a stock blind peer never does. The
   * pairing must be registered before that message arrives, so this runs as soon as the connection exists.
   */
  private learnRelay(conn: { remotePublicKey?: Buffer | null; publicKey?: Buffer | null }): void {
    const remote = conn.remotePublicKey
    if (!remote || !conn.publicKey || !this.isCandidate(remote.toString('hex'))) return
    const hex = remote.toString('hex')
    Protomux.from(conn).pair({ protocol: 'blind-relay', id: conn.publicKey }, () => {
      this.learnedRelays.add(hex)
    })
  }

  /** The relays to use now: those named, and the candidates that said they relay and are still candidates. */
  private relaysNow(): Buffer[] | null {
    const keys = new Set(this.relayKeys)
    for (const hex of this.learnedRelays) if (this.isCandidate(hex)) keys.add(hex)
    return keys.size === 0 ? null : [...keys].map((hex) => Buffer.from(hex, 'hex'))
  }

  /**
   * Direct or relayed, now: a connection that began relayed can switch to a punched path later
   * (rawStream.changeRemote), so this reads the stream's current remote address each time.
   */
  connectionKind(conn: ConnectionLike): Exclude<FeedConnection, 'none'> {
    const raw = conn.rawStream
    if (!raw?.remoteHost || this.relaySockets.size === 0) return 'direct'
    // A connection to the relay itself is direct
    const remote = conn.remotePublicKey?.toString('hex')
    if (remote && (this.relayKeys.has(remote) || this.isCandidate(remote))) return 'direct'
    for (const relay of this.relaySockets) {
      if (relay === conn) continue
      const via = relay.rawStream
      if (via?.remoteHost === raw.remoteHost && via.remotePort === raw.remotePort) return 'relayed'
    }
    return 'direct'
  }

  /** Where this peer sits, as its DHT node measured it. */
  get reach(): Reach {
    const dht = this.swarm.dht
    if (!dht.bootstrapped || dht.destroyed) return 'unknown'
    if (!dht.firewalled) return 'open'
    return dht.randomized ? 'hard-nat' : 'nat'
  }

  get peerCount(): number {
    return this.swarm.connections.size
  }

  /**
   * DHT lookups and announces made so far, counted at the DHT: the swarm's joins and its own refresh of every
   * topic (about every 10 minutes), the scheduler's retries, and those of the inbox and the mirrors (for the
   * bench: thousands of follows must not mean thousands a minute).
   */
  get lookupCount(): number {
    return this.topicQueries
  }

  /**
   * Joins a topic this peer keeps (its own feed, the inbox, the private store, a conversation, a preview) at
   * once: Hyperswarm looks it up now, announces it when `server`, and refreshes it itself every ~10 minutes.
   * There are a handful of these, whatever the number of follows.
   */
  join(discoveryKey: Buffer, opts: { server: boolean } = { server: true }): void {
    if (this.destroyed) return
    const hex = discoveryKey.toString('hex')
    const existing = this.topics.get(hex)
    if (existing?.kept?.server === opts.server) return
    if (existing) {
      existing.kept = { server: opts.server }
      // Joined for a followed feed, it announces already; a part that keeps it may ask for more. A refresh
      // that fails (the swarm going away) leaves the topic as it was.
      this.grant(hex, () => existing.discovery.refresh({ client: true, server: opts.server || this.sought.has(hex) })).catch(() => {})
    } else {
      const discovery = this.swarm.join(discoveryKey, { server: opts.server, client: true })
      this.topics.set(hex, { discovery, kept: { server: opts.server } })
    }
    this.flushing = null
    this.lookups.add(hex, { lookedUp: true })
  }

  /**
   * Looks for a followed feed's peers, within the scheduler's budget: nothing is joined until its first
   * lookup is granted. Resolves when that first lookup (and the connections it found) is done. `hasPeers`:
   * a connection made for another feed already carries this one (it was opened after the connection).
   * `justFollowed`: looked up ahead of the feeds still waiting since going online.
   */
  seek(discoveryKey: Buffer, opts: { hasPeers: boolean; justFollowed?: boolean } = { hasPeers: false }): Promise<void> {
    if (this.destroyed) return Promise.resolve()
    const hex = discoveryKey.toString('hex')
    this.sought.set(hex, discoveryKey)
    this.lookups.add(hex, { satisfied: opts.hasPeers, urgent: opts.justFollowed ?? false })
    return this.lookups.firstLookup(hex)
  }

  /** Stops keeping a topic (join). A followed feed's topic stays sought. */
  async leave(discoveryKey: Buffer): Promise<void> {
    const hex = discoveryKey.toString('hex')
    const topic = this.topics.get(hex)
    if (!topic?.kept) return
    topic.kept = null
    if (this.sought.has(hex)) this.ownRefreshes(hex, discoveryKey)
    else await this.drop(hex, discoveryKey)
  }

  /** Stops looking for a followed feed (unfollowed). A topic some part keeps stays joined. */
  async unseek(discoveryKey: Buffer): Promise<void> {
    const hex = discoveryKey.toString('hex')
    if (!this.sought.delete(hex)) return
    if (!this.topics.get(hex)?.kept) await this.drop(hex, discoveryKey)
  }

  private async drop(hex: string, discoveryKey: Buffer): Promise<void> {
    this.lookups.remove(hex)
    if (!this.topics.delete(hex)) return
    // Leaving fails only when the swarm is going away, which leaves every topic anyway.
    if (!this.destroyed) await this.swarm.leave(discoveryKey).catch(() => {})
  }

  /** Marks whether a topic currently has peers; topics without peers are looked up again on a backoff. */
  setHasPeers(discoveryKey: Buffer, hasPeers: boolean): void {
    this.lookups.setSatisfied(discoveryKey.toString('hex'), hasPeers)
  }

  /**
   * Resolves once the lookups of every topic joined so far are done and the connections they found are made.
   * Calls between two joins share one flush.
   */
  flush(): Promise<void> {
    this.flushing ??= this.swarm.flush().then(() => {})
    return this.flushing
  }

  /** One lookup the scheduler granted, and the connections it finds. */
  private async lookUp(hex: string): Promise<void> {
    if (this.destroyed) return
    const topic = this.topics.get(hex)
    if (topic) {
      // A lookup that fails (no DHT nodes reachable now) is made again on the scheduler's backoff.
      await this.grant(hex, () => topic.discovery.refresh({ client: true, server: topic.kept?.server || this.sought.has(hex) }))
    } else {
      const discoveryKey = this.sought.get(hex)
      if (!discoveryKey) return
      // A follower holds the feed whole and serves it: it announces the topic, so a newcomer finds it while
      // the author is away. The same query looks the topic up.
      const discovery = this.grant(hex, () => this.swarm.join(discoveryKey, { server: true, client: true }))
      this.topics.set(hex, { discovery, kept: null })
      this.ownRefreshes(hex, discoveryKey)
      this.flushing = null
    }
    await this.swarm.flush()
  }

  /**
   * Hyperswarm refreshes each joined topic every ~10 minutes, and all at once when the network changes; at
   * ten thousand follows that is a thousand lookups a minute. For a followed feed's topic the scheduler
   * decides instead: Hyperswarm's own calls to refresh() are turned away unless the scheduler granted one.
   */
  private ownRefreshes(hex: string, discoveryKey: Buffer): void {
    const discovery = (this.swarm as unknown as { status(topic: Buffer): TopicDiscovery | null }).status(discoveryKey)
    if (!discovery || discovery.scheduled) return
    discovery.scheduled = true
    const refresh = discovery.refresh.bind(discovery)
    discovery.refresh = () => (this.granted === hex || this.topics.get(hex)?.kept ? refresh() : Promise.resolve(false))
  }

  /** Runs `start` with the topic's refresh allowed: Hyperswarm checks it synchronously as the lookup starts. */
  private grant<T>(hex: string, start: () => T): T {
    this.granted = hex
    try {
      return start()
    } finally {
      this.granted = null
    }
  }

  async destroy(): Promise<void> {
    if (this.destroyed) return
    this.destroyed = true
    this.lookups.stop()
    // A clean destroy unannounces every topic; with a thousand follows that took up to 18 s here (see
    // docs/BENCHMARKS.md), longer than a person waits on quit. Past a few seconds, stop without the rest:
    // announcements expire on their own.
    // A clean destroy that fails leaves nothing to do but stop: the forced destroy below does not wait.
    const clean = this.swarm.destroy().catch(() => {})
    const timer = new Promise<'late'>((resolve) => setTimeout(() => resolve('late'), CLEAN_DESTROY_MS).unref())
    if ((await Promise.race([clean, timer])) === 'late') await this.swarm.destroy({ force: true })
  }
}

const CLEAN_DESTROY_MS = 3_000
/** hyperdht's LOOKUP command (lib/constants.js): the query behind lookup, announce and unannounce. */
const LOOKUP_COMMAND = 3
