// An identity's private store (docs/PROTOCOL.md "Private data"): each device writes its bookmarks, lists and
// drafts into an encrypted core of its own, whose keys derive from the identity's messaging seed, and reads the
// cores of every other device of the identity; PrivateState merges them. It knows nothing of the engine.
import type Corestore from 'corestore'
import type Hypercore from 'hypercore'
import ids from 'hypercore-id-encoding'
import fs from 'node:fs'
import ReadyResource from 'ready-resource'
import type { ExportArchive } from '../../../shared/archive.js'
import { RstatusError } from '../../../shared/errors.js'
import type { FeedKey } from '../../../shared/keys.js'
import { parsePrivateBlock, parsePrivateRecord, privateHeader, type PrivateRecord } from '../../../shared/protocol/private-records.js'
import type { Network } from '../replication/network.js'
import { PrivateKeys } from './keys.js'
import { PrivateState } from './merge.js'

/** This device's incarnation: 0, and one more after each restore from a backup (a restored device never appends to its old core). */
export const PRIVATE_DATA_FILE = 'private-data.json'
/** Where `identity import` leaves the backup's private records for the first start. */
export const RESTORED_PRIVATE_FILE = 'private-restore.json'

const LOOK_AGAIN_MS = 5_000

export interface PrivateBackup {
  /** The incarnation the backed-up device wrote in; the restored one writes in the next. */
  incarnation: number
  records: PrivateRecord[]
}

export interface PrivateStoreOptions {
  store: Corestore
  /** This device's feed key. */
  device: FeedKey
  /** Every device of the identity, this one included. */
  devices(): Promise<FeedKey[]>
  /** The identity's messaging seeds this device holds, oldest generation first. */
  seeds(): Array<{ generation: number; seed: Buffer }>
  /** The incarnation file and the restored backup; null keeps everything in memory (tests). */
  dataDir: string | null
  /** The merged state changed (a write here, or a record from another device). */
  changed(): void
  /** A background step failed: the caller logs the message, never more. */
  failed(what: string, err: unknown): void
}

interface Reader {
  core: Hypercore
  hex: string
  device: FeedKey
  incarnation: number
  next: number
  reading: Promise<void>
  probed: boolean
}

export interface PrivateCounts {
  /** Blocks that did not parse or failed a record's rules: skipped. */
  invalid: number
  /** Records of a type this version does not know: skipped. */
  unknown: number
}

export class PrivateStore extends ReadyResource {
  readonly counts: PrivateCounts = { invalid: 0, unknown: 0 }
  private keys: PrivateKeys | null = null
  private seedHex = ''
  private timer: NodeJS.Timeout | null = null
  private own: Hypercore | null = null
  private readonly readers = new Map<string, Reader>()
  private state = new PrivateState()
  private incarnation = 0
  private network: Network | null = null
  private joined: Buffer | null = null
  private refreshing: Promise<void> = Promise.resolve()
  private writing: Promise<unknown> = Promise.resolve()

  constructor(private readonly opts: PrivateStoreOptions) {
    super()
  }

  protected override async _open(): Promise<void> {
    this.incarnation = this.readIncarnation()
    await this.refresh()
    // Seeds arrive by hand-over and devices are linked on their own time: look again now and then.
    this.timer = setInterval(() => void this.refresh().catch(() => {}), LOOK_AGAIN_MS)
    this.timer.unref()
  }

  protected override async _close(): Promise<void> {
    if (this.timer) clearInterval(this.timer)
    await this.refreshing.catch(() => {})
    await this.closeGeneration()
  }

  online(network: Network): void {
    this.network = network
    this.joinTopic()
  }

  /** Looks again at the seeds held and the identity's devices: a new generation moves every device to new cores. */
  refresh(): Promise<void> {
    const run = this.refreshing.then(() => this.refreshNow())
    this.refreshing = run.catch((err: unknown) => this.opts.failed('reading the private store', err))
    return run
  }

  /** The private cores this device writes (its mirrors keep them, as they keep the feed). */
  ownCores(): Buffer[] {
    return this.own ? [this.own.key] : []
  }

  // ---- reading -----------------------------------------------------------------------------------

  get current(): PrivateState {
    return this.state
  }

  /** What the export archive carries; null while this device has no seed. */
  exportArchive(): ExportArchive['private'] | null {
    if (!this.own) return null
    const s = this.state
    return {
      bookmarks: s.bookmarks(),
      lists: s.lists().map(({ name, members }) => ({ name, members })),
      drafts: s.drafts().map(({ id, text, at, replyTo, quote, cw, sensitive }) => ({
        id,
        text,
        savedAt: at,
        ...(replyTo ? { replyTo } : {}),
        ...(quote ? { quote } : {}),
        ...(cw ? { cw } : {}),
        ...(sensitive ? { sensitive } : {})
      }))
    }
  }

  /** What a backup carries, or null while this device has no seed (it has nothing to carry then). */
  exportBackup(): PrivateBackup | null {
    return this.own ? { incarnation: this.incarnation, records: this.state.winners() } : null
  }

  // ---- writing -----------------------------------------------------------------------------------

  /**
   * Appends a record to this device's core, with `at` later than the item's current winner, so a write here
   * always takes effect even when another device's clock runs ahead.
   */
  write(record: PrivateRecord): Promise<void> {
    const run = this.writing.then(async () => {
      const own = this.own
      if (!own) throw notYet()
      const next = { ...record, at: Math.max(record.at, this.state.atOf(record) + 1) } as PrivateRecord
      await own.append(Buffer.from(JSON.stringify(next)))
      if (this.state.apply(next)) this.opts.changed()
    })
    this.writing = run.catch(() => {})
    return run
  }

  /** Throws when this device has no messaging seed yet, so it can neither read nor write the store. */
  assertOpen(): void {
    if (!this.own) throw notYet()
  }

  // ---- the cores ---------------------------------------------------------------------------------

  private async refreshNow(): Promise<void> {
    if (this.closing) return
    const seeds = this.opts.seeds()
    const newest = seeds.at(-1)
    if (!newest) return
    if (this.seedHex !== newest.seed.toString('hex')) await this.openGeneration(newest, seeds.slice(0, -1))
    await Promise.all((await this.opts.devices()).map((device) => this.openReader(device, 0)))
  }

  private async openGeneration(newest: { generation: number; seed: Buffer }, older: Array<{ generation: number; seed: Buffer }>): Promise<void> {
    await this.closeGeneration()
    const keys = new PrivateKeys(newest.seed, newest.generation)
    const state = new PrivateState()
    const own = this.opts.store.get({ keyPair: keys.coreKeyPair(ids.decode(this.opts.device), this.incarnation), encryption: { key: keys.encryptionKey } })
    await own.ready()
    if (own.length === 0) {
      // A new core: it starts with what this device knew before, so a move to a new generation or a restore
      // from a backup loses nothing this device held.
      const carried = new PrivateState()
      for (const gen of older) for (const r of (await this.readLocalGeneration(new PrivateKeys(gen.seed, gen.generation))).winners()) carried.apply(r)
      for (const r of this.takeRestoredBackup()) carried.apply(r)
      await own.append([Buffer.from(JSON.stringify(privateHeader())), ...carried.winners().map((r) => Buffer.from(JSON.stringify(r)))])
    }
    this.keys = keys
    this.seedHex = newest.seed.toString('hex')
    this.state = state
    this.own = own
    this.joinTopic()
    await this.track(own, own.key.toString('hex'), this.opts.device, this.incarnation)
  }

  private async closeGeneration(): Promise<void> {
    if (this.joined && this.network) await this.network.leave(this.joined).catch(() => {})
    this.joined = null
    const cores = [...this.readers.values()].map((r) => r.core)
    this.readers.clear()
    this.own = null
    this.keys = null
    this.seedHex = ''
    await Promise.all(cores.map((c) => c.close().catch(() => {})))
  }

  /** Opens a device's core of one incarnation and reads it as it grows; a core that holds blocks makes us look for the next. */
  private async openReader(device: FeedKey, incarnation: number): Promise<void> {
    const keys = this.keys
    if (!keys || this.closing) return
    const key = keys.coreKey(ids.decode(device), incarnation)
    const held = this.readers.get(key.toString('hex'))
    if (held) {
      if (held.core.length > 0) await this.probe(held)
      return
    }
    const core = this.opts.store.get({ key, encryption: { key: keys.encryptionKey } })
    await this.track(core, key.toString('hex'), device, incarnation)
  }

  /** Starts reading a core as it grows; resolves once what it holds here now is read. */
  private track(core: Hypercore, hex: string, device: FeedKey, incarnation: number): Promise<void> {
    const reader: Reader = { core, hex, device, incarnation, next: 0, reading: Promise.resolve(), probed: false }
    this.readers.set(hex, reader)
    const read = () => {
      reader.reading = reader.reading.then(() => this.read(reader)).catch((err: unknown) => {
        if (!this.closing && !core.closed) this.opts.failed('reading a private core', err)
      })
      return reader.reading
    }
    core.on('append', read)
    core.on('download', read)
    return core
      .ready()
      .then(() => {
        if (core.closed) return
        if (!core.writable) core.download({ start: 0, end: -1 })
        return read()
      })
      .catch((err: unknown) => this.opts.failed('opening a private core', err))
  }

  private async read(reader: Reader): Promise<void> {
    const { core } = reader
    let changed = false
    // Only blocks held here: the rest come with replication, which says so by a download event.
    while (!core.closed && reader.next < core.contiguousLength && this.readers.get(reader.hex) === reader) {
      const block = await core.get(reader.next, { wait: false })
      reader.next++
      if (!block) continue
      if (reader.next === 1) {
        // Block 0 is the header; anything else there makes the whole core unreadable to this version.
        if (parsePrivateBlock(block).kind !== 'header') {
          this.counts.invalid++
          reader.next = Number.MAX_SAFE_INTEGER
        }
        continue
      }
      const parsed = parsePrivateBlock(block)
      if (parsed.kind === 'record') changed = this.state.apply(parsed.record) || changed
      else if (parsed.kind === 'unknown') this.counts.unknown++
      else this.counts.invalid++
    }
    if (changed) this.opts.changed()
    if (core.length > 0) await this.probe(reader)
  }

  private async probe(reader: Reader): Promise<void> {
    if (reader.probed) return
    reader.probed = true
    await this.openReader(reader.device, reader.incarnation + 1)
  }

  /** What an older generation's cores held here add up to, read without waiting for the network. */
  private async readLocalGeneration(keys: PrivateKeys): Promise<PrivateState> {
    const state = new PrivateState()
    for (const device of await this.opts.devices()) {
      for (let incarnation = 0; ; incarnation++) {
        const core = this.opts.store.get({ key: keys.coreKey(ids.decode(device), incarnation), encryption: { key: keys.encryptionKey } })
        await core.ready()
        const length = core.contiguousLength
        for (let i = 1; i < length; i++) {
          const block = await core.get(i, { wait: false })
          const parsed = block ? parsePrivateBlock(block) : null
          if (parsed?.kind === 'record') state.apply(parsed.record)
        }
        await core.close()
        if (length === 0) break
      }
    }
    return state
  }

  private joinTopic(): void {
    if (!this.network || !this.keys || this.joined?.equals(this.keys.topic)) return
    this.joined = this.keys.topic
    this.network.join(this.keys.topic, { server: true })
  }

  // ---- files ---------------------------------------------------------------------------------------

  private readIncarnation(): number {
    if (!this.opts.dataDir) return 0
    const file = `${this.opts.dataDir}/${PRIVATE_DATA_FILE}`
    const restored = this.readRestored()
    let incarnation = 0
    try {
      const n = (JSON.parse(fs.readFileSync(file, 'utf8')) as { incarnation?: unknown }).incarnation
      if (Number.isSafeInteger(n) && (n as number) >= 0) incarnation = n as number
    } catch {
      // Missing: incarnation 0, or the restored backup's next.
    }
    if (restored && restored.incarnation + 1 > incarnation) {
      incarnation = restored.incarnation + 1
      fs.writeFileSync(file, JSON.stringify({ incarnation }), { mode: 0o600 })
    }
    return incarnation
  }

  private readRestored(): PrivateBackup | null {
    if (!this.opts.dataDir) return null
    try {
      const v = JSON.parse(fs.readFileSync(`${this.opts.dataDir}/${RESTORED_PRIVATE_FILE}`, 'utf8')) as Partial<PrivateBackup>
      const incarnation = Number.isSafeInteger(v.incarnation) && (v.incarnation as number) >= 0 ? (v.incarnation as number) : 0
      return { incarnation, records: Array.isArray(v.records) ? v.records : [] }
    } catch {
      return null
    }
  }

  /** The restored backup's records, checked like any block, then the file is deleted. */
  private takeRestoredBackup(): PrivateRecord[] {
    const restored = this.readRestored()
    if (!restored || !this.opts.dataDir) return []
    fs.rmSync(`${this.opts.dataDir}/${RESTORED_PRIVATE_FILE}`, { force: true })
    const out: PrivateRecord[] = []
    for (const r of restored.records) {
      const record = typeof r === 'object' && r !== null ? parsePrivateRecord(r as unknown as Record<string, unknown>) : null
      if (record) out.push(record)
      else this.counts.invalid++
    }
    return out
  }
}

function notYet(): RstatusError {
  return new RstatusError(
    'NOT_ALLOWED',
    "This device has not received its identity's keys yet, so it cannot read or keep bookmarks, lists and drafts; it gets them when another device of the identity is online"
  )
}
