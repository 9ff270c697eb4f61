// Private conversations for one device (docs/PROTOCOL.md "Messages"): starting them, sending, reading,
// requests from strangers, receipts, leaving and removing members, and the sealed items that tell members and
// this identity's other devices what they need. It takes only what it needs: a Corestore, the identity's keys,
// a directory of public facts (published keys, follows, blocks, linked devices) and a clock. Moving items
// between peers (channel.ts) and joining topics are the caller's: `items` and `topics` events say when; and
// the caller calls refresh() when the directory learns something (a feed it holds grew), so that what waited
// on it (a core whose signer's key was not known yet, a key hand-over) goes on.
import type Corestore from 'corestore'
import ids from 'hypercore-id-encoding'
import ReadyResource from 'ready-resource'
import z32 from 'z32'
import { RstatusError } from '../../../shared/errors.js'
import { parseKey, type FeedKey } from '../../../shared/keys.js'
import {
  INVITES_PER_SENDER_PER_HOUR,
  MAX_CONVERSATION_CORES,
  MAX_CORES_PER_MEMBER,
  MAX_MEMBERS,
  MAX_MESSAGE_IMAGES,
  MIN_MEMBERS,
  emptyDmCounts,
  type ConversationId,
  type DmConversation,
  type DmCounts,
  type DmMessage,
  type DmRequest,
  type MessageId
} from '../../../shared/messages.js'
import { RateLimit } from '../inbox/rate-limit.js'
import type { OutgoingItem } from './channel.js'
import { Conversation, NO_KEYS, type OutgoingImage } from './conversation.js'
import { conversationIdOf, coreEncryptionKey, randomBytes } from './crypto.js'
import { openItem, sealItem } from './items.js'
import type { Keyring, SeedExport } from './keyring.js'
import { messagingKeyRecord, type MessagingKeyRecord, type PublishedMessagingKey } from './published-keys.js'
import { MessageState, type ConversationState, type ConversationStatus } from './state.js'
import type { MessageEntry } from './view.js'
import { decodeItem, encodeItem, messageTextProblem, type Invite, type Keyring as KeyringPayload } from './wire.js'

const RETRY_MS = 15_000
/**
 * Invitations still unproven (no core of theirs read yet) kept at once, and for how long: an invitation's
 * sender is only a claim until then, so these bound what strangers can make this peer look for.
 */
const MAX_PENDING = 64
/** Handed-over seeds kept while their generation's record has not arrived (a keyring item carries at most 16). */
const MAX_UNCLAIMED_SEEDS = 16
const PENDING_MS = 24 * 60 * 60 * 1000

/** Public facts about other identities, from the feeds this peer holds or fetches. */
export interface MessagingDirectory {
  /** Every messaging key the identity published in its feed, oldest generation first; [] when none is known. */
  messagingKeys(identity: FeedKey): Promise<PublishedMessagingKey[]>
  /** The box key a device published in its own feed, or null. */
  deviceBoxKey(device: FeedKey): Promise<Buffer | null>
  /** The identity's linked devices (not removed), without the identity feed itself. */
  devices(identity: FeedKey): Promise<FeedKey[]>
  follows(identity: FeedKey): boolean
  isBlocked(identity: FeedKey): boolean
}

export interface MessagesOptions {
  store: Corestore
  /** The identity key, and this device's own feed key (the same on the identity's first device). */
  identity: FeedKey
  device: FeedKey
  keyring: Keyring
  directory: MessagingDirectory
  /** Where this device keeps its conversations' state; null keeps it in memory (tests). */
  stateFile: string | null
  now?: () => number
}


/** What `identity export` carries for messages: the seeds, and the conversations to open again. */
export interface MessagingBackup {
  seeds: SeedExport[]
  /** `cores`: every core known in it, this device's own included, so a restore finds what it wrote itself. */
  conversations: Array<{ secret: string; creator: string; status: 'request' | 'active'; cores?: string[] }>
}

export class Messages extends ReadyResource {
  readonly counts: DmCounts = emptyDmCounts()
  readonly identity: FeedKey
  readonly device: FeedKey
  private readonly state: MessageState
  private readonly live = new Map<ConversationId, Conversation>()
  private readonly now: () => number
  private readonly invites: RateLimit
  private retryTimer: NodeJS.Timeout | null = null
  /** Handed-over seeds whose generation the identity's feed does not show yet, by generation. */
  private readonly unclaimed = new Map<number, Buffer>()

  constructor(private readonly opts: MessagesOptions) {
    super()
    this.identity = opts.identity
    this.device = opts.device
    this.now = opts.now ?? Date.now
    this.state = new MessageState(opts.stateFile)
    this.invites = new RateLimit(INVITES_PER_SENDER_PER_HOUR, 60 * 60 * 1000, this.now)
  }

  protected override async _open(): Promise<void> {
    for (const state of this.state.conversations()) await this.attach(state)
    // What waits on public facts is retried on refresh(), and now and then anyway, in case nobody calls it.
    this.retryTimer = setInterval(() => {
      for (const conv of this.live.values()) {
        if (conv.state.status === 'pending' && this.now() - conv.state.joinedAt > PENDING_MS) void this.drop(conv)
        else void conv.retry().catch((err) => this.emit('warning', err))
      }
    }, RETRY_MS)
    this.retryTimer.unref()
  }

  protected override async _close(): Promise<void> {
    if (this.retryTimer) clearInterval(this.retryTimer)
    await Promise.all([...this.live.values()].map((c) => c.close()))
    this.live.clear()
  }

  // ------------------------------------------------------------------------------------------------------
  // What a person does

  /**
   * Sends a message to a conversation (its id, or the key of the one person it is with), or to a set of
   * people: the conversation with exactly them and oneself, made if there is none.
   */
  async send(target: ConversationId | FeedKey[], text: string, opts: { images?: OutgoingImage[] } = {}): Promise<{ conversation: ConversationId; message: MessageId }> {
    const problem = messageTextProblem(text)
    if (problem !== null) throw new RstatusError(text.trim() === '' ? 'EMPTY_TEXT' : 'TEXT_TOO_LONG', problem)
    const images = opts.images ?? []
    if (images.length > MAX_MESSAGE_IMAGES) throw new RstatusError('INVALID_INPUT', `A message has at most ${MAX_MESSAGE_IMAGES} images`)
    if (!this.opts.keyring.current()) throw new RstatusError('NOT_ALLOWED', NO_KEYS)
    const conv = typeof target === 'string' ? this.resolve(target) : await this.withMembers(target)
    if (conv.state.status === 'pending') throw new RstatusError('INVALID_INPUT', 'That conversation is still arriving; try again in a moment')
    this.requireMember(conv)
    this.requireOthers(conv)
    if (conv.state.status === 'request') this.setStatus(conv, 'active')
    const seq = await this.writeRecords(conv, (key, coreKey, at) => {
      const blocks: Buffer[] = []
      const refs = images.map((image) => {
        const { blocks: chunks, ref } = conv.imageBlocks(image, coreKey, at + blocks.length)
        blocks.push(...chunks)
        return ref
      })
      blocks.push(conv.sealedBlock({ type: 'message', createdAt: this.now(), text, images: refs }, key, coreKey, at + blocks.length))
      return blocks
    })
    return { conversation: conv.state.id, message: `${ids.encode(conv.ownCoreKey()!)}/${seq}` }
  }

  /** Conversations this identity is in (not requests), newest first. */
  list(): DmConversation[] {
    const out: Array<DmConversation & { at: number }> = []
    for (const conv of this.live.values()) {
      if (conv.state.status !== 'active' || !conv.view || !conv.members.includes(this.identity)) continue
      const visible = this.visible(conv)
      const last = visible.at(-1) ?? null
      out.push({
        id: conv.state.id,
        members: conv.members,
        unread: this.unread(conv, visible),
        last: last ? this.toMessage(conv, last) : null,
        at: last?.sortAt ?? conv.state.joinedAt
      })
    }
    return out.sort((a, b) => b.at - a.at || (a.id < b.id ? -1 : 1)).map(({ at: _, ...c }) => c)
  }

  /**
   * Messages of a conversation (its id, or the key of the one person it is with), oldest first, the last
   * `limit` of them; marks them read unless `markRead` is false (a look that is not reading).
   */
  async read(ref: ConversationId | FeedKey, opts: { limit?: number; markRead?: boolean } = {}): Promise<DmMessage[]> {
    const conv = this.resolve(ref)
    const visible = this.visible(conv)
    const shown = opts.limit === undefined ? visible : visible.slice(Math.max(0, visible.length - opts.limit))
    const messages = shown.map((m) => this.toMessage(conv, m))
    if (opts.markRead !== false) await this.markRead(conv.state.id)
    return messages
  }

  /** First messages from people this identity does not follow, newest first. */
  requests(): DmRequest[] {
    const out: DmRequest[] = []
    for (const conv of this.live.values()) {
      if (conv.state.status !== 'request' || !conv.view || conv.creatorIdentity === null) continue
      const first = this.visible(conv).find((m) => m.from === conv.creatorIdentity)
      if (!first) continue
      out.push({ id: conv.state.id, from: first.from, text: first.payload.text, createdAt: first.payload.createdAt })
    }
    return out.sort((a, b) => b.createdAt - a.createdAt)
  }

  accept(id: ConversationId): void {
    this.setStatus(this.request(id), 'active')
  }

  /** Deletes a request and everything held of it; the sender is told nothing, and its invitations are ignored. */
  async decline(id: ConversationId): Promise<void> {
    const conv = this.request(id)
    this.live.delete(id)
    this.state.decline(id)
    await conv.purge()
    this.emit('topics')
  }

  /** Marks a conversation read here, and says "seen" to its members unless the person switched that off. */
  async markRead(ref: ConversationId | FeedKey): Promise<void> {
    const conv = this.resolve(ref)
    const positions = conv.positions()
    for (const p of positions) conv.state.read[p.core.toString('hex')] = Math.max(conv.state.read[p.core.toString('hex')] ?? 0, p.length)
    this.state.save()
    if (!this.state.data.seen || conv.state.status !== 'active' || !conv.members.includes(this.identity) || conv.members.length < MIN_MEMBERS) return
    const grown = positions.filter((p) => p.length > (conv.state.saidSeen[p.core.toString('hex')] ?? 0) && !p.core.equals(conv.ownCoreKey() ?? Buffer.alloc(0)))
    if (grown.length === 0) return
    await this.writeRecords(conv, (key, coreKey, at) => [conv.sealedBlock({ type: 'seen', positions }, key, coreKey, at)])
    for (const p of positions) conv.state.saidSeen[p.core.toString('hex')] = p.length
    this.state.save()
  }

  /** Whether this device tells members what the person has seen. */
  get seenReceipts(): boolean {
    return this.state.data.seen
  }

  setSeenReceipts(on: boolean): void {
    this.state.data.seen = on
    this.state.save()
  }

  /** Hides a message on this device. The other members keep their copies: a sent message cannot be taken back. */
  deleteForMe(messageId: MessageId): void {
    const conv = [...this.live.values()].find((c) => this.visible(c).some((m) => this.messageId(m) === messageId))
    if (!conv) throw new RstatusError('INVALID_INPUT', `No message ${messageId} here`)
    conv.state.hidden.push(messageId)
    this.state.save()
  }

  /** Leaves a conversation: the others' next message is under a new key this identity does not get. */
  async leave(ref: ConversationId | FeedKey): Promise<void> {
    const conv = this.resolve(ref)
    this.requireMember(conv)
    await this.writeRecords(conv, (key, coreKey, at) => [
      conv.sealedBlock({ type: 'remove', member: ids.decode(this.identity), cuts: conv.positionsOf(this.identity) }, key, coreKey, at)
    ])
    this.emit('conversation', conv.state.id)
  }

  /** Removes a member (the creator may), and rotates the key at once: they cannot read what follows. */
  async removeMember(ref: ConversationId | FeedKey, member: FeedKey): Promise<void> {
    const conv = this.resolve(ref)
    this.requireMember(conv)
    const who = parseKey(member)
    if (conv.creatorIdentity !== this.identity) throw new RstatusError('NOT_ALLOWED', 'Only the person who started a conversation can remove people from it; anyone can leave')
    if (who === this.identity) throw new RstatusError('INVALID_INPUT', 'To remove yourself, leave the conversation')
    if (!conv.members.includes(who)) throw new RstatusError('INVALID_INPUT', `${who} is not in that conversation`)
    if (conv.members.length <= MIN_MEMBERS) throw new RstatusError('INVALID_INPUT', 'A conversation needs two people: leave it instead')
    const remaining = conv.members.filter((m) => m !== who)
    const boxes = await this.boxKeysOf(remaining)
    await this.writeRecords(conv, (key, coreKey, at) => {
      const removal = conv.sealedBlock({ type: 'remove', member: ids.decode(who), cuts: conv.positionsOf(who) }, key, coreKey, at)
      return [removal, conv.newKeyBlock(boxes).block]
    })
    this.emit('conversation', conv.state.id)
  }

  /** An image of a message, decrypted; null when its blocks have not arrived. */
  async image(messageId: MessageId, index: number): Promise<Buffer | null> {
    for (const conv of this.live.values()) {
      const m = this.visible(conv).find((x) => this.messageId(x) === messageId)
      const ref = m?.payload.images[index]
      if (m && ref) return conv.readImage(m.core, ref)
    }
    throw new RstatusError('INVALID_INPUT', `No image ${index} in message ${messageId}`)
  }

  // ------------------------------------------------------------------------------------------------------
  // Wiring: items in and out, topics, directory updates, backups

  /** The keys this device reads sealed items for: its identity's and its own. */
  readKeys(): FeedKey[] {
    return this.identity === this.device ? [this.identity] : [this.identity, this.device]
  }

  /** The encoded items this device still announces for any of `keys`, newest first. */
  itemsFor(keys: Iterable<FeedKey>): Buffer[] {
    return this.state.outboxFor(keys, this.now()).map((o) => Buffer.from(o.item, 'hex'))
  }

  /** Calls `listener` when this device is given messaging seeds, so peers send again the items it could not open. */
  onNewKeys(listener: () => void): () => void {
    this.on('keys', listener)
    return () => this.off('keys', listener)
  }

  /** Encoded items from a peer: those for this device are opened and acted on; each bad one is counted and skipped. */
  async receiveItems(encoded: Uint8Array[]): Promise<void> {
    const mine = new Set(this.readKeys())
    for (const bytes of encoded) {
      const decoded = decodeItem(bytes)
      if (!decoded.ok) {
        this.counts[decoded.reason]++
        continue
      }
      const item = decoded.value
      const to = ids.encode(item.to)
      if (!mine.has(to)) continue
      const identityPairs = this.opts.keyring.all().reverse().map((k) => k.box)
      // Sealed to the identity, on a device that has not been given its key yet: it comes again, unopened now.
      if (to === this.identity && to !== this.device && identityPairs.length === 0) continue
      const pairs = to === this.device ? [this.opts.keyring.device, ...(to === this.identity ? identityPairs : [])] : identityPairs
      const opened = openItem(item, pairs)
      if (!opened.ok) {
        this.counts[opened.reason]++
        continue
      }
      if (opened.payload.kind === 'invite') await this.onInvite(opened.payload)
      else await this.onKeyring(opened.payload, to)
    }
  }

  /**
   * The keys this device still announces sealed items for: the caller joins their inbox topics (PROTOCOL.md
   * "Inbox"), where those people's devices and mirrors listen.
   */
  outboxTargets(): FeedKey[] {
    return this.state.outboxTargets(this.now())
  }

  /** Hyperswarm topics to join (server and client): each conversation's, where its members' devices meet. */
  topics(): Buffer[] {
    return [...this.live.values()].map((c) => c.topic)
  }

  /** Every conversation core held, for replication lookups and mirrors (the own ones are this device's to keep available). */
  cores(): { own: Buffer[]; others: Buffer[] } {
    const own: Buffer[] = []
    const others: Buffer[] = []
    for (const c of this.live.values()) {
      const mine = c.ownCoreKey()
      for (const key of c.coreKeys()) (mine && key.equals(mine) ? own : others).push(key)
    }
    return { own, others }
  }

  /**
   * Tries again what waited on public facts: cores whose signer's key had not been seen, keys sealed to a
   * generation this device lacked; turns requests from people now followed into conversations; and hands the
   * messaging key over to linked devices that lack it.
   */
  async refresh(): Promise<void> {
    await this.claimSeeds()
    for (const conv of this.live.values()) {
      await conv.retry()
      if (conv.state.status === 'request' && this.isAccepted(conv)) this.setStatus(conv, 'active')
    }
    await this.handOver()
    // After a rotation, cut the identity's older cores now rather than at the next message.
    for (const conv of this.live.values()) {
      if (conv.state.status === 'active' && conv.members.includes(this.identity) && (await this.outdatedCores(conv)).length > 0) await this.writeRecords(conv, () => [])
    }
  }

  /**
   * A new generation of the identity's messaging key, for when a device was lost or removed: it holds the
   * old one. Only the identity's first device can, since only it writes the identity feed; the caller appends
   * the returned record there. Once it is published, refresh() hands the new key to the remaining devices,
   * and each conversation moves to a core bound by it, cuts the identity's older cores, and is re-keyed; the
   * other members re-key when they see the record.
   */
  rotateMessagingKey(): MessagingKeyRecord {
    if (this.identity !== this.device) throw new RstatusError('NOT_ALLOWED', "Only your identity's first device can replace your messaging key")
    return messagingKeyRecord(this.opts.keyring.rotate(randomBytes(32)), this.now())
  }

  /** The seed this device gives a new device in the pairing answer (blind-pairing's encrypted response). */
  pairingSecret(): Buffer | null {
    return this.opts.keyring.current()?.seed ?? null
  }

  /** Takes the seed from a pairing answer, if it matches a key the identity published. */
  async acceptPairingSecret(seed: Buffer): Promise<boolean> {
    const added = this.opts.keyring.addSeed(seed, await this.opts.directory.messagingKeys(this.identity))
    if (added === null) return false
    for (const conv of this.live.values()) await conv.retry()
    this.emit('keys')
    return true
  }

  exportBackup(): MessagingBackup {
    const conversations = this.state.conversations().flatMap((c) =>
      c.status === 'pending' ? [] : [{ secret: c.secret, creator: c.creator, status: c.status as 'request' | 'active', cores: c.cores.slice(0, MAX_CONVERSATION_CORES) }]
    )
    return { seeds: this.opts.keyring.export(), conversations }
  }

  /** Restores a backup: the seeds, and every conversation, which this device then writes in with a new core. */
  async importBackup(backup: MessagingBackup): Promise<void> {
    this.opts.keyring.import(backup.seeds)
    for (const c of backup.conversations ?? []) {
      if (typeof c?.secret !== 'string' || !/^[0-9a-f]{64}$/.test(c.secret) || !ids.isValid(c.creator)) continue
      const creator = ids.decode(c.creator)
      const id = z32.encode(conversationIdOf(creator))
      if (this.live.has(id) || this.state.isDeclined(id)) continue
      const cores = (Array.isArray(c.cores) ? c.cores : []).filter((k): k is string => typeof k === 'string' && ids.isValid(k)).slice(0, MAX_CONVERSATION_CORES)
      await this.attach(this.newState(id, Buffer.from(c.secret, 'hex'), ids.encode(creator), c.status === 'request' ? 'request' : 'active', this.identity, cores.map((k) => ids.encode(ids.decode(k)))))
    }
    this.emit('topics')
  }

  // ------------------------------------------------------------------------------------------------------

  private async withMembers(people: FeedKey[]): Promise<Conversation> {
    const members = [...new Set([this.identity, ...people.map((p) => parseKey(p))])].sort()
    if (members.length < MIN_MEMBERS) throw new RstatusError('INVALID_INPUT', 'Name at least one other person to send a message to')
    if (members.length > MAX_MEMBERS) throw new RstatusError('INVALID_INPUT', `A conversation has at most ${MAX_MEMBERS} people, yourself included`)
    for (const m of members) if (this.opts.directory.isBlocked(m)) throw new RstatusError('INVALID_INPUT', `You blocked ${m}; unblock them to send them a message`)
    const wanted = members.join()
    const existing = [...this.live.values()]
      .filter((c) => c.state.status !== 'pending' && c.members.join() === wanted)
      .sort((a, b) => (a.state.id < b.state.id ? -1 : 1))[0]
    return existing ?? (await this.create(members))
  }

  private async create(members: FeedKey[]): Promise<Conversation> {
    const boxes = await this.boxKeysOf(members)
    const secret = randomBytes(32)
    const name = `rstatus-dm/${randomBytes(32).toString('hex')}`
    const probe = this.opts.store.get({ name, encryption: { key: coreEncryptionKey(secret) } })
    await probe.ready()
    const creator = ids.encode(probe.key)
    await probe.close()
    const state = this.newState(z32.encode(conversationIdOf(ids.decode(creator))), secret, creator, 'active', this.identity, [])
    state.ownCore = name
    const conv = await this.attach(state)
    await conv.write(() => [conv.newKeyBlock(boxes).block])
    await this.announce(conv)
    return conv
  }

  private newState(id: ConversationId, secret: Buffer, creator: string, status: ConversationStatus, invitedBy: FeedKey, cores: string[]): ConversationState {
    const state: ConversationState = {
      id,
      secret: secret.toString('hex'),
      creator,
      status,
      invitedBy,
      ownCore: null,
      cores,
      read: {},
      saidSeen: {},
      hidden: [],
      firstSeen: {},
      joinedAt: this.now()
    }
    this.state.put(state)
    return state
  }

  private async attach(state: ConversationState): Promise<Conversation> {
    const conv = new Conversation(state, {
      store: this.opts.store,
      identity: this.identity,
      device: this.device,
      keyring: this.opts.keyring,
      messagingKeys: (identity) => this.opts.directory.messagingKeys(identity),
      counts: this.counts,
      now: this.now,
      save: () => this.state.save()
    })
    this.live.set(state.id, conv)
    conv.on('update', (news: MessageEntry[]) => this.onUpdate(conv, news))
    conv.on('invalid', () => void this.forget(conv))
    conv.on('warning', (err: Error) => this.emit('warning', err))
    await conv.open()
    this.emit('topics')
    return conv
  }

  /**
   * Writes records to this device's core under the key for the members now (made and sealed to them first
   * when there is none); a device writing for the first time tells the members where its core is.
   */
  private async writeRecords(conv: Conversation, build: (key: { keyId: Buffer; key: Buffer }, coreKey: Buffer, at: number) => Buffer[]): Promise<number> {
    const outdated = await this.outdatedCores(conv)
    if (outdated.length > 0 && (conv.ownGeneration() ?? Infinity) < this.opts.keyring.current()!.generation) conv.startNewOwnCore()
    const { created } = await conv.ownCore()
    let recordAt = 0
    await conv.write(async (base, coreKey) => {
      const blocks: Buffer[] = []
      let key = conv.sendKey()
      if (key !== null && (outdated.length > 0 || (await this.sealedToOldKeys(conv, key.generations)))) key = null
      if (key === null) {
        const fresh = conv.newKeyBlock(await this.boxKeysOf(conv.members))
        blocks.push(fresh.block)
        key = { ...fresh, generations: new Map() }
      }
      if (outdated.length > 0) blocks.push(conv.sealedBlock({ type: 'cut', cuts: outdated.slice(0, MAX_CORES_PER_MEMBER) }, key, coreKey, base + blocks.length))
      blocks.push(...build(key, coreKey, base + blocks.length))
      recordAt = base + blocks.length - 1
      return blocks
    })
    if (created) await this.announce(conv)
    return recordAt
  }

  /**
   * This identity's cores in the conversation bound by an older messaging key than the newest published one
   * (after a rotation): the next write cuts them, from a core bound by the new key.
   */
  private async outdatedCores(conv: Conversation): Promise<Array<{ core: Buffer; length: number }>> {
    const current = this.opts.keyring.current()?.generation ?? 0
    const published = (await this.opts.directory.messagingKeys(this.identity)).at(-1)?.generation ?? 0
    // Only once the new key is published: until then, nobody could verify a core bound by it.
    return published >= current ? conv.outdatedOwnCores(current) : []
  }

  /** Whether some member has published a newer messaging key than the one this key was sealed to. */
  private async sealedToOldKeys(conv: Conversation, generations: Map<FeedKey, number>): Promise<boolean> {
    for (const m of conv.members) {
      const newest = m === this.identity ? this.opts.keyring.current()?.generation : (await this.opts.directory.messagingKeys(m)).at(-1)?.generation
      if (newest !== undefined && newest > (generations.get(m) ?? 0)) return true
    }
    return false
  }

  /** Seals an invitation naming this device's core to every member, this identity included (its other devices). */
  private async announce(conv: Conversation): Promise<void> {
    const own = conv.ownCoreKey()
    const payload: Invite = { kind: 'invite', from: ids.decode(this.identity), secret: conv.secret, creator: conv.creatorKey, cores: own ? [own] : [], sentAt: this.now() }
    const boxes = await this.boxKeysOf(conv.members, { skipUnknown: true })
    this.queue(boxes.map((b) => ({ to: b.identity, item: encodeItem(sealItem(ids.decode(b.identity), b.box, payload)) })), conv.state.id)
  }

  private queue(items: OutgoingItem[], conversation: ConversationId | null): void {
    if (items.length === 0) return
    const at = this.now()
    this.state.queue(items.map((i) => ({ to: i.to, item: i.item.toString('hex'), at, conversation })))
    this.emit('items', items)
  }

  private async boxKeysOf(members: FeedKey[], opts: { skipUnknown?: boolean } = {}): Promise<Array<{ identity: FeedKey; box: Buffer; generation: number }>> {
    const out: Array<{ identity: FeedKey; box: Buffer; generation: number }> = []
    for (const m of members) {
      if (m === this.identity) {
        const own = this.opts.keyring.current()
        if (!own) throw new RstatusError('NOT_ALLOWED', NO_KEYS)
        out.push({ identity: m, box: own.box.publicKey, generation: own.generation })
        continue
      }
      const latest = (await this.opts.directory.messagingKeys(m)).at(-1)
      if (latest) out.push({ identity: m, box: latest.box, generation: latest.generation })
      else if (!opts.skipUnknown) {
        throw new RstatusError('NOT_FOUND', `${m} cannot receive messages yet: their app has not published a messaging key, or their feed has not been fetched`)
      }
    }
    return out
  }

  private async onInvite(p: Invite): Promise<void> {
    const from = ids.encode(p.from)
    if (this.opts.directory.isBlocked(from)) {
      this.counts.blocked++
      return
    }
    const id = z32.encode(conversationIdOf(p.creator))
    if (this.state.isDeclined(id)) return
    const known = this.live.get(id)
    if (known) {
      await known.addCores(p.cores)
      return
    }
    const pending = [...this.live.values()].filter((c) => c.state.status === 'pending').length
    if (from !== this.identity && (pending >= MAX_PENDING || !this.invites.take(from))) {
      this.counts.limited++
      return
    }
    const conv = await this.attach(this.newState(id, p.secret, ids.encode(p.creator), 'pending', from, p.cores.map((k) => ids.encode(k))))
    await conv.addCores(p.cores)
  }

  private async onKeyring(p: KeyringPayload, to: FeedKey): Promise<void> {
    if (to !== this.device || ids.encode(p.identity) !== this.identity) {
      this.counts.forged++
      return
    }
    for (const s of p.seeds) if (this.opts.keyring.get(s.generation) === null) this.unclaimed.set(s.generation, s.seed)
    while (this.unclaimed.size > MAX_UNCLAIMED_SEEDS) this.unclaimed.delete(this.unclaimed.keys().next().value!)
    await this.claimSeeds()
  }

  /**
   * Takes the handed-over seeds that derive a key the identity published. A seed for a generation whose
   * record has not arrived yet (the hand-over can come before the identity feed's new block) waits for it.
   */
  private async claimSeeds(): Promise<void> {
    if (this.unclaimed.size === 0) return
    const published = await this.opts.directory.messagingKeys(this.identity)
    let added = false
    for (const [generation, seed] of this.unclaimed) {
      const claimed = published.find((k) => k.generation === generation)
      if (!claimed) continue
      this.unclaimed.delete(generation)
      if (this.opts.keyring.addSeed(seed, [claimed]) === null) this.counts.forged++
      else added = true
    }
    if (!added) return
    for (const conv of this.live.values()) await conv.retry()
    this.emit('keys')
  }

  /** Gives linked devices that lack it the messaging key, and an invitation to every conversation. */
  private async handOver(): Promise<void> {
    const current = this.opts.keyring.current()
    if (!current) return
    for (const device of await this.opts.directory.devices(this.identity)) {
      if (device === this.device || (this.state.data.handedOver[device] ?? -1) >= current.generation) continue
      const box = await this.opts.directory.deviceBoxKey(device)
      if (!box) continue
      const to = ids.decode(device)
      const seeds = this.opts.keyring.all().map((k) => ({ generation: k.generation, seed: k.seed }))
      const items: OutgoingItem[] = [{ to: device, item: encodeItem(sealItem(to, box, { kind: 'keyring', identity: ids.decode(this.identity), seeds })) }]
      for (const conv of this.live.values()) {
        if (conv.state.status === 'pending') continue
        // Every core known, so the device can read the history from whichever peer holds it.
        const cores = conv.verifiedCoreKeys()
        for (let i = 0; i === 0 || i < cores.length; i += MAX_CORES_PER_MEMBER) {
          const invite: Invite = { kind: 'invite', from: ids.decode(this.identity), secret: conv.secret, creator: conv.creatorKey, cores: cores.slice(i, i + MAX_CORES_PER_MEMBER), sentAt: this.now() }
          items.push({ to: device, item: encodeItem(sealItem(to, box, invite)) })
        }
      }
      this.state.data.handedOver[device] = current.generation
      this.queue(items, null)
    }
  }

  private onUpdate(conv: Conversation, news: MessageEntry[]): void {
    if (conv.state.status === 'pending' && conv.view && conv.creatorIdentity !== null) {
      const creator = conv.creatorIdentity
      if (this.opts.directory.isBlocked(creator)) {
        this.counts.blocked++
        void this.forget(conv)
        return
      }
      this.setStatus(conv, this.isAccepted(conv) ? 'active' : 'request')
    } else if (conv.state.status === 'request' && this.isAccepted(conv)) {
      this.setStatus(conv, 'active')
    }
    for (const m of news) {
      if (this.isHidden(conv, m)) continue
      this.emit('message', this.toMessage(conv, m))
    }
  }

  /**
   * Whether a conversation is one the person wants, not a request: they started it, follow who did, or
   * answered in it, on this device or another (a device paired later learns it from the identity's own cores).
   */
  private isAccepted(conv: Conversation): boolean {
    const creator = conv.creatorIdentity
    if (creator === null) return false
    return creator === this.identity || this.opts.directory.follows(creator) || (conv.view?.messages.some((m) => m.from === this.identity) ?? false)
  }

  /** Lets go of an invitation that never proved itself, without refusing it if it comes again. */
  private async drop(conv: Conversation): Promise<void> {
    if (this.live.get(conv.state.id) !== conv) return
    this.live.delete(conv.state.id)
    delete this.state.data.conversations[conv.state.id]
    this.state.save()
    await conv.purge()
    this.emit('topics')
  }

  private async forget(conv: Conversation): Promise<void> {
    if (this.live.get(conv.state.id) !== conv) return
    this.live.delete(conv.state.id)
    this.state.decline(conv.state.id)
    await conv.purge()
    this.emit('topics')
  }

  private setStatus(conv: Conversation, status: ConversationStatus): void {
    if (conv.state.status === status) return
    conv.state.status = status
    this.state.save()
    if (status === 'request') {
      const request = this.requests().find((r) => r.id === conv.state.id)
      if (request) this.emit('request', request)
    }
    this.emit('conversation', conv.state.id)
  }

  private resolve(ref: ConversationId | FeedKey): Conversation {
    const text = typeof ref === 'string' ? ref.trim() : ''
    const byId = this.live.get(text)
    if (byId && byId.state.status !== 'pending') return byId
    let key: FeedKey
    try {
      key = parseKey(text.toLowerCase().startsWith('rstatus://') ? text.slice('rstatus://'.length).replace(/\/+$/, '') : text)
    } catch {
      throw new RstatusError('INVALID_INPUT', `No conversation ${text.slice(0, 60)}: see rstatus dm list`)
    }
    const wanted = [this.identity, key].sort().join()
    const one = [...this.live.values()]
      .filter((c) => c.state.status !== 'pending' && c.members.join() === wanted)
      .sort((a, b) => (a.state.id < b.state.id ? -1 : 1))[0]
    if (!one) throw new RstatusError('INVALID_INPUT', `No conversation with ${key}: start one with rstatus dm send`)
    return one
  }

  private request(id: ConversationId): Conversation {
    const conv = this.live.get(typeof id === 'string' ? id.trim() : '')
    if (!conv || conv.state.status !== 'request') throw new RstatusError('INVALID_INPUT', `No message request ${String(id).slice(0, 60)}: see rstatus dm requests`)
    return conv
  }

  private requireMember(conv: Conversation): void {
    if (!conv.members.includes(this.identity)) throw new RstatusError('NOT_ALLOWED', 'You are no longer in that conversation')
  }

  /** A conversation everyone else has left is over: nobody is left to write to. */
  private requireOthers(conv: Conversation): void {
    if (conv.members.length < MIN_MEMBERS) throw new RstatusError('NOT_ALLOWED', 'Everyone else has left that conversation; start a new one')
  }

  private visible(conv: Conversation): MessageEntry[] {
    return (conv.view?.messages ?? []).filter((m) => !this.isHidden(conv, m))
  }

  private isHidden(conv: Conversation, m: MessageEntry): boolean {
    return this.opts.directory.isBlocked(m.from) || conv.state.hidden.includes(this.messageId(m))
  }

  private unread(conv: Conversation, visible: MessageEntry[]): number {
    const mySeen = conv.view?.seen.get(this.identity)
    return visible.filter((m) => m.from !== this.identity && m.seq >= Math.max(conv.state.read[m.core] ?? 0, mySeen?.get(m.core) ?? 0)).length
  }

  private messageId(m: MessageEntry): MessageId {
    return `${ids.encode(Buffer.from(m.core, 'hex'))}/${m.seq}`
  }

  private toMessage(conv: Conversation, m: MessageEntry): DmMessage {
    const seenBy =
      m.from === this.identity
        ? conv.members.filter((other) => other !== this.identity && (conv.view?.seen.get(other)?.get(m.core) ?? 0) > m.seq)
        : []
    return {
      id: this.messageId(m),
      conversation: conv.state.id,
      from: m.from,
      device: m.device,
      text: m.payload.text,
      createdAt: m.payload.createdAt,
      images: m.payload.images.map((i) => ({ mime: i.mime, width: i.width, height: i.height, alt: i.alt, byteLength: i.byteLength })),
      seenBy
    }
  }
}
