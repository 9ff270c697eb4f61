// Peers for conversation tests: each a real Corestore on disk with a real public feed (header, messaging-key
// record, device records), a Keyring from its primary key, and a directory that reads the public feeds it
// holds. Peers connect in this process by replicating their whole stores over a stream pair, with the
// rstatus/dm/1 channel on the same protomux, as two peers on Hyperswarm do.
import Corestore from 'corestore'
import type Hypercore from 'hypercore'
import ids from 'hypercore-id-encoding'
import type Protomux from 'protomux'
import type { FeedKey } from '../../../../../shared/keys.js'
import { attachItemChannel, type ItemExchange } from '../../../../../electron/engine/messages/channel.js'
import { Keyring } from '../../../../../electron/engine/messages/keyring.js'
import { Messages, type MessagingBackup, type MessagingDirectory } from '../../../../../electron/engine/messages/messages.js'
import {
  deviceBoxKeyOf,
  deviceBoxKeyRecord,
  messagingKeyRecord,
  messagingKeysOf,
  type PublishedMessagingKey
} from '../../../../../electron/engine/messages/published-keys.js'
import { waitFor } from '../../../../helpers/tmp.js'

const json = (value: unknown) => Buffer.from(JSON.stringify(value))

/** Reads the public feeds a peer holds; opens (and downloads) a feed the first time it is asked about. */
export class FeedDirectory implements MessagingDirectory {
  readonly followed = new Set<FeedKey>()
  readonly blocked = new Set<FeedKey>()
  private readonly feeds = new Map<FeedKey, Hypercore>()

  constructor(private readonly store: Corestore) {}

  async records(key: FeedKey): Promise<unknown[]> {
    let core = this.feeds.get(key)
    if (!core) {
      core = this.store.get({ key: ids.decode(key) })
      this.feeds.set(key, core)
      await core.ready()
      core.download({ start: 0, end: -1 })
    }
    const out: unknown[] = []
    for (let i = 0; i < core.length; i++) {
      const block = await core.get(i, { wait: false })
      if (!block) break
      try {
        out.push(JSON.parse(block.toString()))
      } catch {
        out.push(null)
      }
    }
    return out
  }

  async messagingKeys(identity: FeedKey): Promise<PublishedMessagingKey[]> {
    return messagingKeysOf(await this.records(identity))
  }

  async deviceBoxKey(device: FeedKey): Promise<Buffer | null> {
    return deviceBoxKeyOf(await this.records(device))
  }

  async devices(identity: FeedKey): Promise<FeedKey[]> {
    const listed: FeedKey[] = []
    const removed = new Set<FeedKey>()
    for (const r of await this.records(identity)) {
      const rec = r as { type?: string; feed?: string } | null
      if (typeof rec?.feed !== 'string') continue
      if (rec.type === 'device') listed.push(rec.feed)
      if (rec.type === 'device-remove') removed.add(rec.feed)
    }
    return listed.filter((d) => !removed.has(d))
  }

  follows(identity: FeedKey): boolean {
    return this.followed.has(identity)
  }

  isBlocked(identity: FeedKey): boolean {
    return this.blocked.has(identity)
  }

  async close(): Promise<void> {
    await Promise.all([...this.feeds.values()].map((c) => c.close()))
  }
}

export class Peer {
  readonly directory: FeedDirectory
  messages!: Messages
  keyring!: Keyring
  feed!: Hypercore
  identity!: FeedKey
  device!: FeedKey

  private constructor(
    readonly store: Corestore,
    readonly dir: string
  ) {
    this.directory = new FeedDirectory(store)
  }

  /**
   * A peer with its own feed. Without `of` it is an identity's first device and publishes its messaging key;
   * with `of` it is a linked device of that identity (both sides' records written, as pairing writes them).
   */
  static async create(dir: string, opts: { of?: Peer; seedFromPairing?: boolean; stateFile?: string } = {}): Promise<Peer> {
    const store = new Corestore(dir)
    await store.ready()
    const peer = new Peer(store, dir)
    peer.feed = store.get({ name: 'rstatus-feed' })
    await peer.feed.ready()
    peer.device = ids.encode(peer.feed.key)
    peer.identity = opts.of ? opts.of.identity : peer.device
    const primaryKey = (store as Corestore & { primaryKey: Buffer }).primaryKey
    peer.keyring = new Keyring({ primaryKey, firstDevice: !opts.of, file: null })
    const now = Date.now()
    await peer.feed.append(json({ type: 'header', protocol: 'rstatus', version: 1 }))
    if (opts.of) {
      await peer.feed.append(json({ type: 'identity', feed: peer.identity, createdAt: now }))
      await opts.of.feed.append(json({ type: 'device', feed: peer.device, createdAt: now }))
      if (opts.seedFromPairing) peer.keyring.addSeed(opts.of.keyring.current()!.seed, await opts.of.directory.messagingKeys(opts.of.identity))
    } else {
      await peer.feed.append(json(messagingKeyRecord(peer.keyring.current()!, now)))
    }
    await peer.feed.append(json(deviceBoxKeyRecord(peer.keyring.device.publicKey, now)))
    await peer.start(opts.stateFile ?? null)
    return peer
  }

  /**
   * An identity restored from its backup into a new data directory: the same primary key (so the same feed
   * key, which it fetches back from the network), and the messaging part of the backup imported.
   */
  static async restore(dir: string, primaryKey: Buffer, backup: MessagingBackup): Promise<Peer> {
    const store = new Corestore(dir, { primaryKey, unsafe: true })
    await store.ready()
    const peer = new Peer(store, dir)
    peer.feed = store.get({ name: 'rstatus-feed' })
    await peer.feed.ready()
    peer.device = peer.identity = ids.encode(peer.feed.key)
    peer.keyring = new Keyring({ primaryKey, firstDevice: true, file: null })
    await peer.start(null)
    await peer.messages.importBackup(backup)
    return peer
  }

  get primaryKey(): Buffer {
    return (this.store as Corestore & { primaryKey: Buffer }).primaryKey
  }

  async start(stateFile: string | null): Promise<void> {
    this.messages = new Messages({ store: this.store, identity: this.identity, device: this.device, keyring: this.keyring, directory: this.directory, stateFile })
    this.messages.on('warning', (err) => {
      throw err
    })
    await this.messages.ready()
  }

  /** Waits until this peer holds `other`'s published messaging key (its feed has replicated here). */
  async knows(other: Peer): Promise<void> {
    await waitFor(async () => (await this.directory.messagingKeys(other.identity)).length > 0, { what: `${other.identity} messaging key` })
  }

  /** The texts of a conversation here, without marking them read (which would write a receipt). */
  async texts(conversation: string): Promise<string[]> {
    return (await this.messages.read(conversation, { markRead: false })).map((m) => m.text)
  }

  async close(): Promise<void> {
    await this.messages.close()
    await this.directory.close()
    await this.feed.close()
    await this.store.close()
  }
}

/** Replicates two stores in this process, with the item channel on the same connection; resolves its closer once both ends closed. */
export function connect(
  a: { store: Corestore; messages?: ItemExchange },
  b: { store: Corestore; messages?: ItemExchange }
): () => Promise<void> {
  const sa = a.store.replicate(true) as ReturnType<Corestore['replicate']> & { noiseStream: { userData: Protomux } }
  const sb = b.store.replicate(false) as ReturnType<Corestore['replicate']> & { noiseStream: { userData: Protomux } }
  sa.pipe(sb).pipe(sa)
  const closers: Array<() => void> = []
  if (a.messages) closers.push(attachItemChannel(sa.noiseStream.userData, a.messages))
  if (b.messages) closers.push(attachItemChannel(sb.noiseStream.userData, b.messages))
  sa.on('error', () => {})
  sb.on('error', () => {})
  const closed = Promise.all([sa, sb].map((s) => new Promise((resolve) => s.once('close', resolve))))
  return async () => {
    for (const close of closers) close()
    sa.destroy()
    sb.destroy()
    await closed
  }
}

/**
 * Waits until every peer holds, whole, every conversation core the others write that it knows of: nothing is
 * in flight when the test closes its stores.
 */
export async function settle(peers: Peer[]): Promise<void> {
  await waitFor(
    async () => {
      for (const writer of peers) {
        for (const key of writer.messages.cores().own) {
          const length = await lengthAt(writer.store, key)
          for (const reader of peers) {
            if (reader === writer || !reader.messages.cores().others.some((k) => k.equals(key))) continue
            if ((await lengthAt(reader.store, key, true)) !== length) return false
          }
        }
      }
      return true
    },
    { what: 'every core replicated' }
  )
}

async function lengthAt(store: Corestore, key: Buffer, contiguous = false): Promise<number> {
  const core = store.get({ key })
  await core.ready()
  const n = contiguous ? Math.min(core.length, core.contiguousLength) : core.length
  await core.close()
  return n
}
