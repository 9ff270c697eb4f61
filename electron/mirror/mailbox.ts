// The mirror's mailbox (PROTOCOL.md "Offline delivery"): what only `rstatus mirror serve` adds to a stock blind
// peer for the people it serves. It waits on their inbox topics; on every connection it speaks the inbox
// channel (asking for their keys, keeping the links repliers offer) and the messages channel (keeping sealed
// items it cannot open); and it hands what it keeps to their devices, and only to them: a peer it trusts.
import Protomux from 'protomux'
import type Hyperswarm from 'hyperswarm'
import path from 'node:path'
import { attachItemChannel, type ItemExchange, type OutgoingItem } from '../engine/messages/channel.js'
import { ItemStore } from '../engine/messages/item-store.js'
import { INBOX_PROTOCOL, MAX_ITEMS, askEncoding, inboxTopic, itemsEncoding, keysFromWire, keysToWire } from '../engine/inbox/inbox-wire.js'
import { readJsonFile, writeJsonFile } from '../platform/json-file.js'
import { LinkStore } from './link-store.js'
import { ServedKeys, type MailKind } from './served-keys.js'

const SERVED_FILE = 'mail-served.json'
const LINKS_FILE = 'mail-links.json'
const ITEMS_FILE = 'mail-items.json'
/** As the item store keeps them (PROTOCOL.md "Offline delivery"). */
const ITEMS_PER_KEY = 500
const ITEM_DAYS = 30

interface SavedItem {
  to: string
  item: string
  at: number
}

export interface MailboxOptions {
  swarm: Hyperswarm
  storage: string
  isTrusted(peer: Buffer): boolean
  log(line: string): void
}

export class Mailbox {
  readonly served: ServedKeys
  readonly links: LinkStore
  readonly items: ItemStore
  /** Open inbox channels, and whether the peer at the other end is one this mirror serves. */
  private readonly inboxChannels = new Map<Protomux.Channel, boolean>()
  private readonly joined = new Map<string, Buffer>()
  private readonly detach = new Set<() => void>()
  private closed = false
  /** The sealed items kept, as saved in storage: the item store itself holds them in memory only. */
  private saved: SavedItem[]
  private readonly itemsFile: string
  /** The item store's clock: the saved time of each item while they are read back at start. */
  private restoring: number | null = null

  constructor(private readonly opts: MailboxOptions) {
    this.served = new ServedKeys(path.join(opts.storage, SERVED_FILE))
    this.links = new LinkStore(path.join(opts.storage, LINKS_FILE))
    this.items = new ItemStore(this.served.dm, { maxPerKey: ITEMS_PER_KEY, maxAgeMs: ITEM_DAYS * 86_400_000, now: () => this.restoring ?? Date.now() })
    this.itemsFile = path.join(opts.storage, ITEMS_FILE)
    this.saved = savedItems(readJsonFile(this.itemsFile))
    this.items.on('items', (fresh: OutgoingItem[]) => {
      if (this.restoring !== null) return
      opts.log(`rstatus: mirror kept ${plural(fresh.length, 'sealed item')} for the people it serves`)
      this.save(fresh)
    })
    this.refreshTopics()
  }

  /** Reads the kept items back into the item store, each with the time it came. */
  async open(): Promise<void> {
    for (const s of this.saved) {
      this.restoring = s.at
      await this.items.receiveItems([Buffer.from(s.item, 'base64')])
    }
    this.restoring = null
  }

  attach(conn: Hyperswarm.Connection): void {
    if (this.closed) return
    const stream = conn as Hyperswarm.Connection & { userData?: unknown }
    const mux = Protomux.isProtomux(stream.userData) ? stream.userData : Protomux.from(conn)
    if (!stream.userData) stream.userData = mux
    const peer = conn.remotePublicKey
    const serves = this.opts.isTrusted(peer)
    const detachInbox = this.attachInbox(mux as Protomux, peer, serves)
    const detachItems = attachItemChannel(mux as Protomux, this.exchangeWith(peer, serves), {
      onError: (err) => this.opts.log(`rstatus: mirror: a sealed item was not kept: ${(err as Error).message}`)
    })
    const detach = () => {
      detachInbox()
      detachItems()
    }
    this.detach.add(detach)
    conn.once('close', () => {
      detach()
      this.detach.delete(detach)
    })
  }

  close(): void {
    this.closed = true
    for (const detach of this.detach) detach()
    this.detach.clear()
  }

  private attachInbox(mux: Protomux, peer: Buffer, serves: boolean): () => void {
    const channel = mux.createChannel({
      protocol: INBOX_PROTOCOL,
      messages: [
        {
          encoding: askEncoding,
          onmessage: (keys: Buffer[]) => {
            // Only the people it serves learn what it holds; anyone else's ask is theirs to answer, not its.
            if (!serves) return
            this.learn(peer, 'inbox', keysFromWire(keys))
            sendLinks(channel!, this.links.held())
          }
        },
        { encoding: itemsEncoding, onmessage: (offered: string[]) => this.keepLinks(offered) }
      ],
      onopen: () => {
        this.inboxChannels.set(channel!, serves)
        channel!.messages[0]!.send(keysToWire(this.served.inbox()))
      },
      onclose: () => this.inboxChannels.delete(channel!)
    })
    if (!channel) return () => {}
    channel.open()
    return () => channel.close()
  }

  /** The messages channel's view of the item store, for one connection: only a served peer is answered. */
  private exchangeWith(peer: Buffer, serves: boolean): ItemExchange {
    const items = this.items
    return {
      readKeys: () => this.served.dm.slice(0, 16),
      itemsFor: (keys) => {
        if (!serves) return []
        this.learn(peer, 'dm', keys)
        return items.itemsFor(keys)
      },
      receiveItems: (encoded) => items.receiveItems(encoded),
      on: (event, listener) => (serves ? items.on(event, listener) : items),
      off: (event, listener) => items.off(event, listener)
    }
  }

  private save(fresh: OutgoingItem[]): void {
    const now = Date.now()
    const all = [...this.saved, ...fresh.map((f) => ({ to: f.to, item: f.item.toString('base64'), at: now }))]
    const perKey = new Map<string, number>()
    const kept: SavedItem[] = []
    for (let i = all.length - 1; i >= 0; i--) {
      const s = all[i]!
      const n = perKey.get(s.to) ?? 0
      if (n >= ITEMS_PER_KEY || now - s.at >= ITEM_DAYS * 86_400_000) continue
      perKey.set(s.to, n + 1)
      kept.push(s)
    }
    this.saved = kept.reverse()
    writeJsonFile(this.itemsFile, { items: this.saved })
  }

  private learn(peer: Buffer, kind: MailKind, keys: string[]): void {
    if (!this.served.learn(peer, kind, keys)) return
    this.opts.log(`rstatus: mirror keeps mail for the peers it trusts: the inbox of ${plural(this.served.inbox().length, 'key')}, sealed items for ${plural(this.served.dm.length, 'key')}`)
    for (const channel of this.inboxChannels.keys()) channel.messages[0]!.send(keysToWire(this.served.inbox()))
    this.refreshTopics()
  }

  private keepLinks(offered: string[]): void {
    if (this.closed || !Array.isArray(offered)) return
    const fresh = this.links.add(offered)
    if (fresh.length === 0) return
    this.opts.log(`rstatus: mirror kept ${plural(fresh.length, 'link')} to replies and mentions for the people it serves`)
    for (const [channel, serves] of this.inboxChannels) if (serves) sendLinks(channel, fresh)
  }

  /** Waits on the inbox topic of every key served, where repliers and senders look for their addressee. */
  private refreshTopics(): void {
    const wanted = new Map(this.served.all().map((key) => [inboxTopic(key).toString('hex'), inboxTopic(key)]))
    for (const [hex, topic] of wanted) {
      if (this.joined.has(hex)) continue
      this.joined.set(hex, topic)
      this.opts.swarm.join(topic, { server: true, client: false })
    }
    for (const [hex, topic] of [...this.joined]) {
      if (wanted.has(hex)) continue
      this.joined.delete(hex)
      void this.opts.swarm.leave(topic).catch(() => {})
    }
  }
}

function savedItems(value: unknown): SavedItem[] {
  const list = typeof value === 'object' && value !== null ? (value as { items?: unknown }).items : null
  if (!Array.isArray(list)) return []
  return list.filter(
    (i): i is SavedItem => typeof i === 'object' && i !== null && typeof i.to === 'string' && typeof i.item === 'string' && typeof i.at === 'number'
  )
}

function sendLinks(channel: Protomux.Channel, links: string[]): void {
  for (let i = 0; i < links.length; i += MAX_ITEMS) channel.messages[1]!.send(links.slice(i, i + MAX_ITEMS))
}

function plural(n: number, what: string): string {
  return `${n} ${what}${n === 1 ? '' : 's'}`
}
