// One conversation as this device holds it: the cores its members' devices write (each opened with Hypercore's
// block encryption under the conversation's core key), read block by block as they arrive, each core believed
// only once its binding is verified, each record decrypted with a key sealed to this identity. What the
// records add up to is view.ts's job; appending to this device's own core is serialised here, because each
// ciphertext is bound to the block index it will have.
import type Corestore from 'corestore'
import type Hypercore from 'hypercore'
import ids from 'hypercore-id-encoding'
import { EventEmitter } from 'node:events'
import { RstatusError } from '../../../shared/errors.js'
import type { FeedKey } from '../../../shared/keys.js'
import { MAX_CHUNK_BYTES, MAX_CONVERSATION_CORES, MAX_CORES_PER_MEMBER, MAX_MEMBERS, MIN_MEMBERS, type DmCounts } from '../../../shared/messages.js'
import { MAX_CLOCK_SKEW_MS } from '../../../shared/protocol/limits.js'
import {
  coreEncryptionKey,
  conversationIdOf,
  conversationTopic,
  decrypt,
  encrypt,
  encryptWithNonce,
  keyIdOf,
  openSealed,
  randomBytes,
  seal,
  sign,
  verify,
  type IdentityKeys
} from './crypto.js'
import type { Keyring } from './keyring.js'
import type { PublishedMessagingKey } from './published-keys.js'
import type { ConversationState } from './state.js'
import { evaluate, type ConversationView, type CoreFacts, type Entry, type KeyFacts } from './view.js'
import {
  bindingSignable,
  chunksFor,
  decodeConversationBlock,
  decodePayload,
  encodeBlock,
  encodePayload,
  imageAd,
  sealedAd,
  type Block,
  type CoreLength,
  type ImageRef,
  type Payload
} from './wire.js'

export const NO_KEYS =
  'This device has not received your messaging key yet: open rstatus on another of your devices while this one is online'

/** Sealed records kept while the key they name has not arrived; more are dropped. */
const MAX_WAITING = 1000

export interface ConversationContext {
  store: Corestore
  identity: FeedKey
  device: FeedKey
  keyring: Keyring
  messagingKeys(identity: FeedKey): Promise<PublishedMessagingKey[]>
  counts: DmCounts
  now(): number
  /** The state changed and should be saved. */
  save(): void
}

interface OpenCore {
  key: Buffer
  hex: string
  core: Hypercore
  facts: CoreFacts | null
  next: number
  /** The core's length when it was opened: blocks from here on are news. */
  initialLength: number
  /** The pass reading it now, if one is running; `again` asks it for one more pass. */
  running: Promise<void> | null
  again: boolean
}

/** A plaintext image to send: prepared (metadata stripped) by the caller. */
export interface OutgoingImage {
  bytes: Buffer
  mime: string
  width: number
  height: number
  alt: string
}

export class Conversation extends EventEmitter {
  readonly id: Buffer
  readonly secret: Buffer
  readonly topic: Buffer
  readonly creatorKey: Buffer
  private readonly encryptionKey: Buffer
  private readonly cores = new Map<string, OpenCore>()
  private own: OpenCore | null = null
  private genesis: FeedKey[] | null = null
  private creator: FeedKey | null = null
  private readonly keyRecords = new Map<string, KeyFacts[]>()
  private readonly keyMaterial = new Map<string, Buffer>()
  /** Per key (hex id): the generation of each member's messaging key it was sealed to. */
  private readonly keyGenerations = new Map<string, Map<FeedKey, number>>()
  /** Key records with an envelope for this identity sealed to a generation this device does not hold yet. */
  private readonly locked: Array<{ keyId: string; generation: number; sealed: Buffer }> = []
  private readonly entries: Entry[] = []
  private readonly waiting: Array<{ core: OpenCore; seq: number; block: Extract<Block, { kind: 'sealed' }> }> = []
  private readonly nonces = new Set<string>()
  private readonly forgedSeen = new Set<string>()
  private readonly emitted = new Set<string>()
  /** Records read from blocks that arrived (or were written) since the core was opened: news to announce. */
  private readonly fresh = new Set<string>()
  /** Each member's newest published messaging-key generation, as last looked up. */
  private readonly latest = new Map<FeedKey, number>()
  private writing: Promise<unknown> = Promise.resolve()
  private closed = false
  view: ConversationView | null = null
  /** The conversation turned out not to be one this identity can be in (bad creator core, not a member). */
  invalid = false

  constructor(
    readonly state: ConversationState,
    private readonly ctx: ConversationContext
  ) {
    super()
    this.secret = Buffer.from(state.secret, 'hex')
    this.creatorKey = ids.decode(state.creator)
    this.id = conversationIdOf(this.creatorKey)
    this.topic = conversationTopic(this.secret)
    this.encryptionKey = coreEncryptionKey(this.secret)
  }

  get creatorIdentity(): FeedKey | null {
    return this.creator
  }

  get members(): FeedKey[] {
    return this.view?.members ?? []
  }

  /** Opens every core the state names; reading goes on in the background as blocks arrive. */
  async open(): Promise<void> {
    if (this.state.ownCore) await this.openOwn(this.state.ownCore)
    await this.addCores([this.creatorKey, ...this.state.cores.map((k) => ids.decode(k))])
  }

  async close(): Promise<void> {
    this.closed = true
    await Promise.all([...this.cores.values()].map((oc) => oc.core.close().catch(() => {})))
    this.cores.clear()
  }

  /** Removes every core of this conversation from the store (a declined request leaves nothing behind). */
  async purge(): Promise<void> {
    this.closed = true
    for (const oc of this.cores.values()) {
      if (oc === this.own) continue
      await oc.core.purge().catch(() => oc.core.close().catch(() => {}))
    }
    await this.close()
  }

  /** How far this device has read each verified core: what a "seen" record says. */
  positions(): CoreLength[] {
    return [...this.cores.values()].flatMap((oc) => (oc.facts ? [{ core: oc.key, length: oc.next }] : []))
  }

  /** A member's cores other than this device's own, with how much of each is held here: a removal's cuts. */
  positionsOf(identity: FeedKey): CoreLength[] {
    return [...this.cores.values()].flatMap((oc) =>
      oc.facts?.identity === identity && oc !== this.own ? [{ core: oc.key, length: Math.max(oc.next, oc.core.contiguousLength) }] : []
    )
  }

  coreKeys(): Buffer[] {
    return [...this.cores.values()].map((oc) => oc.key)
  }

  /** The cores whose bindings verified, this device's own first: what an invitation can tell another device. */
  verifiedCoreKeys(): Buffer[] {
    const verified = [...this.cores.values()].filter((oc) => oc.facts !== null && oc !== this.own).map((oc) => oc.key)
    return this.own ? [this.own.key, ...verified] : verified
  }

  ownCoreKey(): Buffer | null {
    return this.own?.key ?? null
  }

  /** Opens cores named by an invitation or found otherwise; each is believed once its binding verifies. */
  async addCores(keys: Buffer[]): Promise<void> {
    for (const key of keys) {
      const hex = key.toString('hex')
      if (this.closed || this.cores.has(hex)) continue
      if (this.cores.size >= MAX_CONVERSATION_CORES) {
        this.ctx.counts.oversized++
        continue
      }
      const core = this.ctx.store.get({ key, encryption: { key: this.encryptionKey } })
      await core.ready()
      this.track(core)
      const z = ids.encode(key)
      if (!this.state.cores.includes(z)) {
        this.state.cores.push(z)
        this.ctx.save()
      }
    }
  }

  /**
   * Retries what waited for something outside: published keys (a directory update), or a new seed; and
   * looks again at each member's newest messaging key, since a rotation changes which of their cores count.
   */
  async retry(): Promise<void> {
    let rotated = false
    for (const identity of new Set([...this.cores.values()].flatMap((oc) => (oc.facts ? [oc.facts.identity] : [])))) {
      rotated = this.noteLatest(identity, await this.ctx.messagingKeys(identity)) || rotated
    }
    const before = this.entries.length
    for (let i = this.locked.length - 1; i >= 0; i--) {
      const l = this.locked[i]!
      const keys = this.ctx.keyring.get(l.generation)
      if (!keys) continue
      this.locked.splice(i, 1)
      this.unlock(l.keyId, l.sealed, keys)
    }
    this.drainWaiting()
    if (rotated || this.entries.length !== before) this.refresh()
    await Promise.all([...this.cores.values()].map((oc) => this.pump(oc)))
  }

  // ------------------------------------------------------------------------------------------------------
  // Writing

  /** The messaging-key generation this device's core was bound with; null before it has one. */
  ownGeneration(): number | null {
    return this.own?.facts?.generation ?? null
  }

  /**
   * This identity's cores bound by a generation older than `generation` that no `cut` record named yet, with
   * how much of each is held here: what a `cut` record names after the identity rotated its key.
   */
  outdatedOwnCores(generation: number): CoreLength[] {
    return [...this.cores.values()].flatMap((oc) =>
      oc.facts?.identity === this.ctx.identity && oc.facts.generation < generation && !this.view?.named.has(oc.hex)
        ? [{ core: oc.key, length: Math.max(oc.next, oc.core.contiguousLength) }]
        : []
    )
  }

  /** Leaves this device's core (bound by an older key) for a new one, made on the next write. */
  startNewOwnCore(): void {
    this.own = null
    this.state.ownCore = null
    this.ctx.save()
  }

  /** This device's core in the conversation, made (and bound to the identity) on first use. */
  async ownCore(): Promise<{ core: Hypercore; created: boolean }> {
    if (this.own) return { core: this.own.core, created: false }
    const name = this.state.ownCore ?? `rstatus-dm/${randomBytes(32).toString('hex')}`
    if (this.state.ownCore === null) {
      this.state.ownCore = name
      this.ctx.save()
    }
    await this.openOwn(name)
    return { core: this.own!.core, created: true }
  }

  private async openOwn(name: string): Promise<void> {
    const core = this.ctx.store.get({ name, encryption: { key: this.encryptionKey } })
    await core.ready()
    if (core.length === 0) {
      const keys = this.ctx.keyring.current()
      if (!keys) throw new RstatusError('NOT_ALLOWED', NO_KEYS)
      const binding = {
        conversation: this.id,
        identity: ids.decode(this.ctx.identity),
        device: ids.decode(this.ctx.device),
        generation: keys.generation
      }
      await core.append(encodeBlock({ kind: 'binding', ...binding, signature: sign(bindingSignable(binding, core.key), keys.sign.secretKey) }))
    }
    this.own = this.track(core)
    const z = ids.encode(core.key)
    if (!this.state.cores.includes(z)) {
      this.state.cores.push(z)
      this.ctx.save()
    }
  }

  /**
   * Appends records to this device's core in one batch: `build` gets the index the first block will have and
   * returns the blocks (each sealed record is bound to its own index). One batch at a time.
   */
  async write(build: (base: number, coreKey: Buffer) => Promise<Buffer[]> | Buffer[]): Promise<number> {
    const run = this.writing.then(async () => {
      const { core } = await this.ownCore()
      const base = core.length
      const blocks = await build(base, core.key)
      await core.append(blocks)
      await this.pump(this.own!)
      return base
    })
    this.writing = run.catch(() => {})
    return run
  }

  /** A new key, sealed to each member's current box key, remembered here so this device can use it at once. */
  newKeyBlock(members: Array<{ identity: FeedKey; box: Buffer; generation: number }>): { block: Buffer; keyId: Buffer; key: Buffer } {
    const key = randomBytes(32)
    const keyId = keyIdOf(key)
    const envelopes = members.map((m) => ({ member: ids.decode(m.identity), generation: m.generation, sealed: seal(key, m.box) }))
    this.keyMaterial.set(keyId.toString('hex'), key)
    this.noteGenerations(keyId.toString('hex'), members)
    return { block: encodeBlock({ kind: 'key', keyId, envelopes }), keyId, key }
  }

  private noteGenerations(keyId: string, envelopes: Array<{ identity: FeedKey; generation: number }>): void {
    const known = this.keyGenerations.get(keyId) ?? new Map<FeedKey, number>()
    for (const e of envelopes) known.set(e.identity, Math.max(known.get(e.identity) ?? 0, e.generation))
    this.keyGenerations.set(keyId, known)
  }

  /**
   * The key to write with now, if this device holds one sealed to exactly the members; with the generation of
   * each member's key it was sealed to, so a writer can tell when someone's key has moved on since.
   */
  sendKey(): { keyId: Buffer; key: Buffer; generations: Map<FeedKey, number> } | null {
    const keyId = this.view?.sendKey
    if (!keyId) return null
    return { keyId: Buffer.from(keyId, 'hex'), key: this.keyMaterial.get(keyId)!, generations: this.keyGenerations.get(keyId) ?? new Map() }
  }

  sealedBlock(payload: Payload, key: { keyId: Buffer; key: Buffer }, coreKey: Buffer, seq: number): Buffer {
    const { nonce, ciphertext } = encrypt(encodePayload(payload), key.key, sealedAd(this.id, coreKey, seq, key.keyId))
    return encodeBlock({ kind: 'sealed', keyId: key.keyId, nonce, ciphertext })
  }

  /** An image encrypted under a fresh key of its own, in chunk blocks starting at `start`. */
  imageBlocks(image: OutgoingImage, coreKey: Buffer, start: number): { blocks: Buffer[]; ref: ImageRef } {
    const key = randomBytes(32)
    // A key used once needs no random nonce: the zero nonce is unique under it.
    const ciphertext = encryptWithNonce(image.bytes, key, imageAd(this.id, coreKey, start), Buffer.alloc(24))
    const blocks: Buffer[] = []
    for (let at = 0; at < ciphertext.length; at += MAX_CHUNK_BYTES) blocks.push(encodeBlock({ kind: 'chunk', data: ciphertext.subarray(at, at + MAX_CHUNK_BYTES) }))
    const ref = { mime: image.mime, width: image.width, height: image.height, alt: image.alt, start, blocks: blocks.length, byteLength: image.bytes.length, key }
    return { blocks, ref }
  }

  /** An image of a message, decrypted; null when its blocks are not held or do not decrypt. */
  async readImage(coreHex: string, ref: ImageRef): Promise<Buffer | null> {
    const oc = this.cores.get(coreHex)
    if (!oc || ref.blocks !== chunksFor(ref.byteLength)) return null
    const parts: Buffer[] = []
    for (let i = 0; i < ref.blocks; i++) {
      const raw = await oc.core.get(ref.start + i, { wait: false })
      const block = raw ? decodeConversationBlock(raw) : null
      if (!block?.ok || block.value.kind !== 'chunk') return null
      parts.push(block.value.data)
    }
    const nonce = Buffer.alloc(24)
    return decrypt(Buffer.concat(parts), ref.key, imageAd(this.id, oc.key, ref.start), nonce)
  }

  // ------------------------------------------------------------------------------------------------------
  // Reading

  private track(core: Hypercore): OpenCore {
    const hex = core.key.toString('hex')
    const existing = this.cores.get(hex)
    if (existing) return existing
    const oc: OpenCore = { key: core.key, hex, core, facts: null, next: 0, initialLength: core.length, running: null, again: false }
    this.cores.set(hex, oc)
    if (!core.writable) core.download({ start: 0, end: -1 })
    const wake = () => void this.pump(oc)
    core.on('append', wake)
    core.on('download', wake)
    void this.pump(oc)
    return oc
  }

  /** Reads what the core holds past where it stopped; one pass at a time per core, resolved when it is done. */
  private pump(oc: OpenCore): Promise<void> {
    if (oc.running) {
      oc.again = true
      return oc.running
    }
    oc.running = this.read(oc).finally(() => {
      oc.running = null
    })
    return oc.running
  }

  private async read(oc: OpenCore): Promise<void> {
    let changed = false
    try {
      do {
        oc.again = false
        if (this.closed || this.invalid) return
        if (oc.facts === null && !(await this.bind(oc))) continue
        while (oc.facts !== null && oc.next < oc.core.length && !this.closed) {
          const raw = await oc.core.get(oc.next, { wait: false })
          if (raw === null) break
          this.handle(oc, oc.next, raw)
          oc.next++
          changed = true
        }
      } while (oc.again)
    } catch (err) {
      // A core closed under us (the conversation was declined, the store closes) leaves nothing to read.
      if (!this.closed && !oc.core.closed) this.emit('warning', err)
    }
    if (changed) this.refresh()
  }

  /** Checks block 0 of a core; false while it cannot be decided yet (block not here, key not published). */
  private async bind(oc: OpenCore): Promise<boolean> {
    const isCreator = oc.hex === this.creatorKey.toString('hex')
    if (!isCreator && this.genesis === null) return false
    const raw = await oc.core.get(0, { wait: false })
    if (raw === null) return false
    const decoded = decodeConversationBlock(raw)
    if (!decoded.ok || decoded.value.kind !== 'binding') return this.drop(oc, decoded.ok ? 'malformed' : decoded.reason)
    const b = decoded.value
    if (!b.conversation.equals(this.id)) return this.drop(oc, 'forged')
    const identity = ids.encode(b.identity)
    const keys = await this.ctx.messagingKeys(identity)
    this.noteLatest(identity, keys)
    const published = keys.find((p) => p.generation === b.generation)
    if (!published) return false
    if (!verify(b.signature, bindingSignable(b, oc.key), published.sign)) return this.drop(oc, 'forged')
    if (!isCreator && !this.genesis!.includes(identity)) return this.drop(oc, 'forged')
    const sameMember = [...this.cores.values()].filter((o) => o.facts?.identity === identity).length
    if (sameMember >= MAX_CORES_PER_MEMBER) return this.drop(oc, 'oversized')
    oc.facts = { core: oc.hex, identity, device: ids.encode(b.device), generation: b.generation }
    oc.next = 1
    if (isCreator) this.creator = identity
    return true
  }

  /** Remembers an identity's newest generation; true when it grew. */
  private noteLatest(identity: FeedKey, keys: PublishedMessagingKey[]): boolean {
    const newest = keys.at(-1)?.generation
    if (newest === undefined || newest <= (this.latest.get(identity) ?? -1)) return false
    this.latest.set(identity, newest)
    return true
  }

  private drop(oc: OpenCore, reason: keyof DmCounts): false {
    this.ctx.counts[reason]++
    this.cores.delete(oc.hex)
    const z = ids.encode(oc.key)
    this.state.cores = this.state.cores.filter((k) => k !== z)
    this.ctx.save()
    void oc.core.close().catch(() => {})
    if (oc.hex === this.creatorKey.toString('hex')) this.invalidate()
    return false
  }

  private invalidate(): void {
    if (this.invalid) return
    this.invalid = true
    this.emit('invalid')
  }

  private handle(oc: OpenCore, seq: number, raw: Buffer): void {
    const decoded = decodeConversationBlock(raw)
    if (!decoded.ok) {
      this.ctx.counts[decoded.reason]++
      if (oc.hex === this.creatorKey.toString('hex') && seq === 1) this.invalidateWith('malformed')
      return
    }
    const block = decoded.value
    const isGenesis = oc.hex === this.creatorKey.toString('hex') && seq === 1
    if (isGenesis && block.kind !== 'key') return this.invalidateWith('forged')
    if (block.kind === 'binding') this.ctx.counts.malformed++
    else if (block.kind === 'key') this.handleKey(oc, seq, block, isGenesis)
    else if (block.kind === 'sealed') this.handleSealed(oc, seq, block)
  }

  private invalidateWith(reason: keyof DmCounts): void {
    this.ctx.counts[reason]++
    this.invalidate()
  }

  private handleKey(oc: OpenCore, seq: number, block: Extract<Block, { kind: 'key' }>, isGenesis: boolean): void {
    const keyId = block.keyId.toString('hex')
    const recipients = block.envelopes.map((e) => ids.encode(e.member))
    if (isGenesis) {
      const unique = new Set(recipients)
      const valid = unique.size === recipients.length && unique.size >= MIN_MEMBERS && unique.size <= MAX_MEMBERS && unique.has(oc.facts!.identity)
      if (!valid) return this.invalidateWith('forged')
      if (!unique.has(this.ctx.identity)) return this.invalidateWith('forged')
      this.genesis = [...recipients].sort()
      for (const other of this.cores.values()) if (other !== oc) void this.pump(other)
    }
    const records = this.keyRecords.get(keyId) ?? []
    records.push({ keyId, recipients, core: oc.hex, seq })
    this.keyRecords.set(keyId, records)
    this.noteGenerations(keyId, block.envelopes.map((e) => ({ identity: ids.encode(e.member), generation: e.generation })))
    if (this.keyMaterial.has(keyId)) return
    const mine = block.envelopes.find((e) => ids.encode(e.member) === this.ctx.identity)
    if (!mine) return
    const keys = this.ctx.keyring.get(mine.generation)
    if (!keys) {
      this.locked.push({ keyId, generation: mine.generation, sealed: mine.sealed })
      return
    }
    this.unlock(keyId, mine.sealed, keys)
  }

  private unlock(keyId: string, sealed: Buffer, keys: IdentityKeys): void {
    if (this.keyMaterial.has(keyId)) return
    const key = openSealed(sealed, keys.box)
    if (key === null || key.length !== 32 || keyIdOf(key).toString('hex') !== keyId) {
      this.ctx.counts.undecryptable++
      return
    }
    this.keyMaterial.set(keyId, key)
    this.drainWaiting()
  }

  private drainWaiting(): void {
    for (let i = 0; i < this.waiting.length; ) {
      const w = this.waiting[i]!
      if (this.keyMaterial.has(w.block.keyId.toString('hex'))) {
        this.waiting.splice(i, 1)
        this.handleSealed(w.core, w.seq, w.block)
      } else i++
    }
  }

  private handleSealed(oc: OpenCore, seq: number, block: Extract<Block, { kind: 'sealed' }>): void {
    const keyId = block.keyId.toString('hex')
    const key = this.keyMaterial.get(keyId)
    if (!key) {
      // Not for this device yet (the key is in a core not read yet, or sealed to a generation it lacks), or
      // never (written after this identity left). Kept a while, without counting it.
      if (this.waiting.length < MAX_WAITING) this.waiting.push({ core: oc, seq, block })
      return
    }
    const nonce = block.nonce.toString('hex')
    const plain = decrypt(block.ciphertext, key, sealedAd(this.id, oc.key, seq, block.keyId), block.nonce)
    if (plain === null) {
      this.ctx.counts[this.nonces.has(nonce) ? 'replayed' : 'undecryptable']++
      return
    }
    this.nonces.add(nonce)
    const payload = decodePayload(plain)
    if (!payload.ok) {
      this.ctx.counts[payload.reason]++
      return
    }
    const p = payload.value
    if (p.type === 'message' && p.images.some((img) => img.start + img.blocks > seq)) {
      this.ctx.counts.malformed++
      return
    }
    const id = `${ids.encode(oc.key)}/${seq}`
    const now = this.ctx.now()
    let firstSeen = this.state.firstSeen[id] ?? now
    if (p.type === 'message' && p.createdAt > now + MAX_CLOCK_SKEW_MS && this.state.firstSeen[id] === undefined) {
      this.state.firstSeen[id] = firstSeen = now
      this.ctx.save()
    }
    this.entries.push({ core: oc.hex, seq, keyId, payload: p, firstSeen })
    if (seq >= oc.initialLength) this.fresh.add(`${oc.hex}/${seq}`)
  }

  private refresh(): void {
    if (this.genesis === null || this.creator === null || this.invalid) return
    const cores = new Map<string, CoreFacts>()
    for (const oc of this.cores.values()) if (oc.facts) cores.set(oc.hex, oc.facts)
    this.view = evaluate({
      creator: this.creator,
      genesis: this.genesis,
      cores,
      keys: [...this.keyRecords.values()].flat(),
      held: new Set(this.keyMaterial.keys()),
      entries: this.entries,
      latest: this.latest
    })
    for (const f of this.view.forged) {
      if (this.forgedSeen.has(f)) continue
      this.forgedSeen.add(f)
      this.ctx.counts.forged++
    }
    const news = this.view.messages.filter((m) => {
      const at = `${m.core}/${m.seq}`
      if (this.emitted.has(at)) return false
      this.emitted.add(at)
      return this.fresh.delete(at)
    })
    this.emit('update', news)
  }
}
