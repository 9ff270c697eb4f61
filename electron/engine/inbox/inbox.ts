// This peer's side of the inbox (inbox-wire.ts): it listens on the inbox topics of its own keys and fetches
// what others announce there, within per-feed limits; and it announces the replies and mentions its person
// wrote on the addressees' topics (outbox.ts). What it fetches goes through the one indexer, which files it
// as a request, or as a notification when the person follows its author.
import Protomux from 'protomux'
import type Hyperswarm from 'hyperswarm'
import ReadyResource from 'ready-resource'
import type { StatusView } from '../../../shared/api/shapes.js'
import { parseStatusUri, type FeedKey } from '../../../shared/keys.js'
import type { Network } from '../replication/network.js'
import { ReferenceFetcher } from '../replication/reference-fetcher.js'
import {
  INBOX_PROTOCOL,
  MAX_ITEMS,
  addressedTo,
  askEncoding,
  inboxTopic,
  itemsEncoding,
  itemsFromWire,
  keysFromWire,
  keysToWire
} from './inbox-wire.js'
import { Outbox } from './outbox.js'
import { RateLimit } from './rate-limit.js'

/** Announced statuses fetched per feed per hour; more are dropped (PROTOCOL.md "Inbox"). */
export const INBOX_PER_FEED_PER_HOUR = 20
const EXPIRE_EVERY_MS = 60 * 60 * 1000

export interface InboxHost {
  /** My feed, my identity and its linked devices: the keys I read the inbox for. */
  myKeys(): Promise<FeedKey[]>
  /** The identity a feed writes for (itself, unless it is a linked device). */
  authorOf(feed: FeedKey): Promise<FeedKey>
  isBlocked(feed: FeedKey): boolean
  /** Whether the views already hold (or have seen) this block. */
  holds(feed: FeedKey, seq: number): Promise<boolean>
  /** One block of a feed we may not replicate, fetched sparsely; null when no peer gave it in time. */
  fetchBlock(feed: FeedKey, seq: number): Promise<Buffer | null>
  index(feed: FeedKey, seq: number, block: Buffer): Promise<void>
  /** Other keys that sealed items wait for (messages' outbox): their inbox topics are joined too. */
  otherTargets?(): FeedKey[]
}

export interface InboxCounts {
  /** Announced statuses fetched and kept. */
  received: number
  /** Fetched, but not a reply to or mention of me. */
  spam: number
  /** Dropped: over the feed's hourly budget. */
  limited: number
}

export class Inbox extends ReadyResource {
  readonly outbox: Outbox
  readonly counts: InboxCounts = { received: 0, spam: 0, limited: 0 }
  private network: Network | null = null
  private readonly joined = new Set<string>()
  private readonly limit = new RateLimit(INBOX_PER_FEED_PER_HOUR, 60 * 60 * 1000)
  private readonly fetcher: ReferenceFetcher
  private readonly pending = new Set<string>()
  private expireTimer: NodeJS.Timeout | null = null
  private keys: FeedKey[] = []
  /** Open inbox channels, with the keys their remote asked for. */
  private readonly channels = new Map<Protomux.Channel, FeedKey[]>()

  constructor(
    dataDir: string,
    private readonly host: InboxHost
  ) {
    super()
    this.outbox = new Outbox(dataDir)
    this.fetcher = new ReferenceFetcher((uri) => this.fetchOne(uri))
  }

  /** Goes online: listens on my inbox topics, announces on the outbox's, and talks inbox on every connection. */
  async online(network: Network): Promise<void> {
    this.network = network
    this.outbox.expire()
    await this.refreshTopics()
    network.swarm.on('connection', (conn: Hyperswarm.Connection) => this.attach(conn))
    for (const conn of network.swarm.connections) this.attach(conn)
    this.fetcher.resume()
    this.expireTimer = setInterval(() => {
      if (this.outbox.expire()) void this.refreshTopics()
    }, EXPIRE_EVERY_MS)
    this.expireTimer.unref()
  }

  /** A status I just wrote: a reply or a mention is announced on its addressees' inbox topics. */
  async written(view: StatusView): Promise<void> {
    const targets = new Set<FeedKey>()
    if (view.replyTo) {
      const parent = parseStatusUri(view.replyTo).key
      targets.add(parent)
      targets.add(await this.host.authorOf(parent))
    }
    for (const m of view.mentions ?? []) targets.add(m.key)
    for (const mine of await this.host.myKeys()) targets.delete(mine)
    await this.announce(view.uri, [...targets])
  }

  /** Announces a status I wrote for these keys (a reply's addressee, the people it mentions). */
  async announce(uri: string, targets: FeedKey[]): Promise<void> {
    if (targets.length === 0) return
    this.outbox.add(uri, targets)
    // Peers already connected that read for one of these keys hear of it at once.
    for (const [channel, keys] of this.channels) if (targets.some((t) => keys.includes(t))) channel.messages[1]!.send([uri])
    await this.refreshTopics()
  }

  /** Joins the topics of my keys and of every outbox target; leaves the ones no longer needed. */
  async refreshTopics(): Promise<void> {
    const network = this.network
    if (!network || this.closing) return
    const keys = await this.host.myKeys()
    if (keys.join() !== this.keys.join()) {
      this.keys = keys
      for (const channel of this.channels.keys()) channel.messages[0]!.send(keysToWire(keys))
    }
    const wanted = new Map<string, Buffer>()
    for (const key of [...this.keys, ...this.outbox.targets(), ...(this.host.otherTargets?.() ?? [])]) {
      const topic = inboxTopic(key)
      wanted.set(topic.toString('hex'), topic)
    }
    for (const [hex, topic] of wanted) {
      if (this.joined.has(hex)) continue
      this.joined.add(hex)
      network.join(topic)
    }
    for (const hex of [...this.joined]) {
      if (wanted.has(hex)) continue
      this.joined.delete(hex)
      await network.leave(Buffer.from(hex, 'hex'))
    }
  }

  protected override async _close(): Promise<void> {
    this.fetcher.close()
    for (const channel of this.channels.keys()) channel.close()
    this.channels.clear()
    if (this.expireTimer) clearInterval(this.expireTimer)
  }

  private attach(conn: Hyperswarm.Connection): void {
    if (this.closing) return
    const stream = conn as Hyperswarm.Connection & { userData?: unknown }
    const mux = Protomux.isProtomux(stream.userData) ? stream.userData : Protomux.from(conn)
    if (!stream.userData) stream.userData = mux
    const channel = mux.createChannel({
      protocol: INBOX_PROTOCOL,
      messages: [
        { encoding: askEncoding, onmessage: (keys: Buffer[]) => answer(keysFromWire(keys)) },
        { encoding: itemsEncoding, onmessage: (items: string[]) => this.receive(items) }
      ],
      onopen: () => {
        if (channel) this.channels.set(channel, [])
        channel?.messages[0]!.send(keysToWire(this.keys))
      },
      onclose: () => {
        if (channel) this.channels.delete(channel)
      }
    })
    if (!channel) return
    const answer = (keys: FeedKey[]) => {
      this.channels.set(channel, keys)
      const uris = this.outbox.for(keys)
      if (uris.length > 0) channel.messages[1]!.send(uris.slice(0, MAX_ITEMS))
    }
    channel.open()
  }

  private receive(items: string[]): void {
    if (this.closing) return
    for (const item of itemsFromWire(items)) {
      if (this.host.isBlocked(item.feed) || this.keys.includes(item.feed) || this.pending.has(item.uri)) continue
      if (!this.limit.take(item.feed)) {
        this.counts.limited++
        continue
      }
      this.pending.add(item.uri)
      this.fetcher.add([item.uri])
    }
  }

  private async fetchOne(uri: string): Promise<boolean> {
    const [feed, seqText] = uri.slice('rstatus://'.length).split('/')
    const seq = Number(seqText)
    try {
      if (await this.host.holds(feed!, seq)) return true
      const block = await this.host.fetchBlock(feed!, seq)
      if (!block) return false
      if (!addressedTo(block, { feed: feed!, seq }, new Set(this.keys))) {
        this.counts.spam++
        return true
      }
      await this.host.index(feed!, seq, block)
      this.counts.received++
      return true
    } finally {
      this.pending.delete(uri)
    }
  }
}
