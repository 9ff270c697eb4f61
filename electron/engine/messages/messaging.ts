// Messages as a part of the engine: the directory, the keyring, the Messages resource and its link to the
// swarm, put together for this data directory; the device's published keys; and what changes them (pairing
// as another identity's device, a restored backup). The engine composes one and calls it; it knows nothing
// of the engine.
import type Corestore from 'corestore'
import fs from 'node:fs'
import path from 'node:path'
import ReadyResource from 'ready-resource'
import type { FeedKey } from '../../../shared/keys.js'
import type { ConversationId } from '../../../shared/messages.js'
import type { Network } from '../replication/network.js'
import type { ViewStore } from '../views/worker.js'
import type { FeedWriter } from '../writer/feed-writer.js'
import type { OwnFeed } from '../writer/own-feed.js'
import { FeedDirectory, type ReachedFeed } from './feed-directory.js'
import { Keyring, KEYRING_FILE } from './keyring.js'
import { Messages, type MessagingBackup } from './messages.js'
import { deviceBoxKeyRecord, messagingKeyRecord } from './published-keys.js'
import { STATE_FILE } from './state.js'
import { MessagesLink } from './swarm-link.js'

/** Where `identity import` leaves the backup's messaging part for the engine to take in on its first start. */
export const RESTORED_MESSAGING_FILE = 'messaging-restore.json'

export interface MessagingOptions {
  dataDir: string
  store: Corestore & { primaryKey?: Buffer | null }
  own: Pick<OwnFeed, 'key' | 'core' | 'length' | 'left' | 'waitingForNetworkCopy' | 'behind'>
  writer: Pick<FeedWriter, 'writeOther'>
  views: Pick<ViewStore, 'identity' | 'listedDevices' | 'following'>
  /** My feed, my identity and its linked devices. */
  myKeys(): Promise<FeedKey[]>
  reach(feed: FeedKey): Promise<ReachedFeed>
  isBlocked(feed: FeedKey): boolean
  /** The inbox topics to join changed (messages' outbox targets are among them). */
  targetsChanged(): void
  /** The conversation cores this device writes changed: the person's mirrors should keep them too. */
  ownCoresChanged(): void
  /** A conversation or request changed. */
  changed(change: { conversation: ConversationId; unread: number; requests: number }): void
  /** An unexpected error in the background: the caller logs its message, never more. */
  failed(what: string, err: unknown): void
}

/** How often, at most, feeds growing make messages look again at what waited on them. */
const REFRESH_EVERY_MS = 1_000

export class Messaging extends ReadyResource {
  readonly directory: FeedDirectory
  private keyringNow: Keyring | null = null
  private messagesNow: Messages | null = null
  private link: MessagesLink | null = null
  private network: Network | null = null
  private publishing: Promise<void> = Promise.resolve()
  private refreshTimer: NodeJS.Timeout | null = null
  private ownCoresSeen = ''

  constructor(private readonly opts: MessagingOptions) {
    super()
    this.directory = new FeedDirectory({
      own: { key: opts.own.key, core: opts.own.core },
      reach: opts.reach,
      listedDevices: (identity) => opts.views.listedDevices(identity),
      following: async () => [...new Set((await Promise.all((await opts.myKeys()).map((k) => opts.views.following(k)))).flat())],
      isBlocked: opts.isBlocked
    })
  }

  /** The Messages resource of the identity this device writes for now. */
  get messages(): Messages {
    if (!this.messagesNow) throw new Error('Messaging is not open')
    return this.messagesNow
  }

  protected override async _open(): Promise<void> {
    await this.directory.refreshFollows()
    await this.start()
    await this.takeRestoredBackup()
    await this.publishKeys()
  }

  protected override async _close(): Promise<void> {
    if (this.refreshTimer) clearTimeout(this.refreshTimer)
    await this.stop()
    await this.directory.close()
  }

  online(network: Network): void {
    this.network = network
    this.link?.online(network)
  }

  /** Keys whose inbox topics carry sealed items of ours. */
  outboxTargets(): FeedKey[] {
    return this.messagesNow?.outboxTargets() ?? []
  }

  /** The conversation cores this device writes: its mirrors keep them, as they keep the feed. */
  ownCores(): Buffer[] {
    return this.messagesNow?.cores().own ?? []
  }

  /** The identity's messaging seeds this device holds, oldest generation first (the private store derives its keys from them). */
  seeds(): Array<{ generation: number; seed: Buffer }> {
    return this.keyringNow?.all().map((k) => ({ generation: k.generation, seed: k.seed })) ?? []
  }

  /** For the pairing answer to a new device of this identity. */
  pairingSecret(): Buffer | null {
    return this.messagesNow?.pairingSecret() ?? null
  }

  exportBackup(): MessagingBackup | null {
    return this.messagesNow?.exportBackup() ?? null
  }

  /**
   * This device joined another identity: messages start again as that identity's device, with the seed
   * the pairing answer carried if it matches a key the identity published (else a hand-over brings it later).
   */
  async joined(secret: Buffer | null): Promise<void> {
    await this.stop()
    // What messages kept until now was this data directory's, as an identity of its own that wrote nothing
    // (pairing needs an empty feed). A hand-over the inviting device sent as soon as it linked this one can
    // reach it before this restart: opened as that former identity, its conversations (which name the new
    // identity, not this feed) were declined as forged, and that must not stand for the identity it joined.
    for (const file of [STATE_FILE, KEYRING_FILE]) fs.rmSync(path.join(this.opts.dataDir, file), { force: true })
    await this.start()
    await this.publishKeys()
    if (secret) await this.messages.acceptPairingSecret(secret)
  }

  /**
   * A device of this identity was removed, and it holds the messaging seed: a new generation is published
   * (on the first device, the only one that removes), handed to the remaining devices, and each conversation
   * is re-keyed (messages.ts rotateMessagingKey).
   */
  async replaceKey(): Promise<void> {
    const messages = this.messagesNow
    if (!messages || !this.keyringNow?.current()) return
    await this.opts.writer.writeOther(messages.rotateMessagingKey())
    await messages.refresh()
  }

  /** The follow list or the device links changed. */
  async followsChanged(): Promise<void> {
    await this.directory.refreshFollows()
    await this.messagesNow?.refresh()
  }

  /** A feed grew: a published key, a device or a follow may be new, so look again (at most once a second). */
  feedGrew(feed: FeedKey): void {
    if (feed === this.opts.own.key) void this.publishKeys().catch((err: unknown) => this.opts.failed('publishing the messaging keys', err))
    if (this.refreshTimer || this.closing) return
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = null
      void this.messagesNow?.refresh().catch((err: unknown) => this.opts.failed('a private conversation', err))
    }, REFRESH_EVERY_MS)
    this.refreshTimer.unref()
  }

  /**
   * Publishes this device's messaging keys in its feed (PROTOCOL.md "Messages"), once: the identity's
   * messaging key on its first device, and every device's box key. Not before the feed holds more than its
   * header, since a fresh data directory must stay able to pair as another identity's device; sending a
   * message is a decision to be this identity, so it publishes them `evenIfUnused`.
   */
  publishKeys(opts: { evenIfUnused?: boolean } = {}): Promise<void> {
    const run = this.publishing.then(() => this.publishKeysNow(opts))
    this.publishing = run.catch(() => {})
    return run
  }

  private async publishKeysNow(opts: { evenIfUnused?: boolean }): Promise<void> {
    const { own, writer, views } = this.opts
    const keyring = this.keyringNow
    if (!keyring || this.closing || own.left || own.waitingForNetworkCopy || own.behind > 0) return
    if (own.length <= 1 && !opts.evenIfUnused) return
    const now = Date.now()
    if (views.identity === own.key) {
      const current = keyring.current()
      const published = await this.directory.messagingKeys(own.key)
      if (current && !published.some((p) => p.generation >= current.generation)) await writer.writeOther(messagingKeyRecord(current, now))
    }
    const box = await this.directory.deviceBoxKey(own.key)
    if (!box || !box.equals(keyring.device.publicKey)) await writer.writeOther(deviceBoxKeyRecord(keyring.device.publicKey, now))
  }

  private async start(): Promise<void> {
    const { store, own, views, dataDir } = this.opts
    if (!store.primaryKey) throw new Error('The store has no primary key yet')
    const identity = views.identity
    const keyring = new Keyring({ primaryKey: store.primaryKey, firstDevice: identity === own.key, file: path.join(dataDir, KEYRING_FILE) })
    const messages = new Messages({ store, identity, device: own.key, keyring, directory: this.directory, stateFile: path.join(dataDir, STATE_FILE) })
    const link = new MessagesLink(messages, (err) => this.opts.failed('receiving sealed items', err))
    const changed = (conversation: ConversationId) => {
      if (this.messagesNow !== messages) return
      this.checkOwnCores()
      // Cores learnt since (a member's new device) are looked up where mirrors announce them.
      void link.refreshTopics().catch((err: unknown) => this.opts.failed('joining conversation topics', err))
      this.opts.changed({ conversation, unread: messages.list().reduce((n, c) => n + c.unread, 0), requests: messages.requests().length })
    }
    messages.on('message', (m: { conversation: ConversationId }) => changed(m.conversation))
    messages.on('request', (r: { id: ConversationId }) => changed(r.id))
    messages.on('conversation', (id: ConversationId) => changed(id))
    messages.on('topics', () => {
      this.checkOwnCores()
      void link.refreshTopics().catch((err: unknown) => this.opts.failed('joining conversation topics', err))
      this.opts.targetsChanged()
    })
    messages.on('items', () => this.opts.targetsChanged())
    // The error's own message only: never a payload, never a key.
    messages.on('warning', (err: unknown) => this.opts.failed('a private conversation', err))
    await messages.ready()
    this.keyringNow = keyring
    this.messagesNow = messages
    this.link = link
    if (this.network) link.online(this.network)
  }

  private checkOwnCores(): void {
    const seen = this.ownCores().map((k) => k.toString('hex')).sort().join()
    if (seen === this.ownCoresSeen) return
    this.ownCoresSeen = seen
    this.opts.ownCoresChanged()
  }

  private async stop(): Promise<void> {
    this.link?.close()
    this.link = null
    const messages = this.messagesNow
    this.messagesNow = null
    this.keyringNow = null
    await messages?.close()
  }

  /** The messaging part of a restored backup, taken in once and then deleted. */
  private async takeRestoredBackup(): Promise<void> {
    const file = path.join(this.opts.dataDir, RESTORED_MESSAGING_FILE)
    if (!fs.existsSync(file)) return
    let backup: MessagingBackup | null = null
    try {
      backup = JSON.parse(fs.readFileSync(file, 'utf8')) as MessagingBackup
    } catch {
      this.opts.failed('restoring conversations from the backup', new Error('the saved part of the backup is not readable JSON'))
    }
    if (backup && typeof backup === 'object') await this.messages.importBackup({ seeds: Array.isArray(backup.seeds) ? backup.seeds : [], conversations: Array.isArray(backup.conversations) ? backup.conversations : [] })
    fs.rmSync(file, { force: true })
  }
}
