// Issue 6 inside the engine: the identity's devices (pairing, linking, removal), the inbox of replies and
// mentions from strangers, and the person's block and mute lists. The engine owns replication; this module
// tells it which feeds to want (wantedFeeds) and which to refuse (isBlocked), and answers the API.
import Hypercore from 'hypercore'
import ids from 'hypercore-id-encoding'
import type { StatusView } from '../../../shared/api/shapes.js'
import type { Devices, DeviceInfo } from '../../../shared/api/devices.js'
import { RstatusError } from '../../../shared/errors.js'
import { parseStatusUri, type FeedKey } from '../../../shared/keys.js'
import type { Engine } from '../engine.js'
import type { Network } from '../replication/network.js'
import type { Hidden } from '../views/hidden.js'
import { Inbox } from '../inbox/inbox.js'
import { ModerationList } from '../moderation/moderation-list.js'
import { DevicePairing, type Invite } from './pairing.js'

/** Devices of one followed identity that are replicated; a reader may ignore more (PROTOCOL.md "Devices"). */
export const MAX_DEVICES = 16
const FETCH_TIMEOUT_MS = 15_000

export class Social {
  readonly moderation: ModerationList
  readonly inbox: Inbox
  readonly pairing: DevicePairing
  /** Blocked keys and every device feed of a blocked identity. */
  private blockedFeeds = new Set<FeedKey>()
  private blockedTopics = new Set<string>()
  private mutedFeeds = new Set<FeedKey>()
  private readonly invites = new Set<Invite>()
  private cuts = new Map<FeedKey, number>()

  constructor(private readonly engine: Engine) {
    this.moderation = new ModerationList(engine.paths.root)
    this.pairing = new DevicePairing(() => engine.swarm)
    this.inbox = new Inbox(engine.paths.root, {
      myKeys: () => this.myKeys(),
      isBlocked: (feed) => this.isBlocked(feed),
      holds: async (feed, seq) => (await engine.views.status(feed, seq)) !== null,
      fetchBlock: (feed, seq) => this.fetchBlock(feed, seq),
      index: (feed, seq, block) => engine.indexFetched(feed, seq, block)
    })
  }

  /** Reads the block and mute lists into what the engine and the views apply. */
  async open(): Promise<void> {
    await this.refreshLists()
  }

  async online(network: Network): Promise<void> {
    await this.inbox.online(network)
  }

  async close(): Promise<void> {
    for (const invite of this.invites) await invite.cancel()
    await this.inbox.close()
    await this.pairing.close()
  }

  // ---- what the engine replicates -----------------------------------------------------------------

  /** My identity's feeds, the identities my (merged) follow list names and their devices; never a blocked one. */
  async wantedFeeds(): Promise<Set<FeedKey>> {
    const views = this.engine.views
    const identity = views.identity
    const cuts = new Map<FeedKey, number>()
    const wanted = new Set<FeedKey>([identity])
    // Every device list in one read (one read per followed identity made each of 1,000 follows cost 400 ms:
    // docs/BENCHMARKS.md), applied in follow-list order, so the cuts do not depend on timing.
    const identities = [identity, ...(await views.following(identity))]
    const lists = await views.listedDevicesOf(identities)
    identities.forEach((key) => {
      wanted.add(key)
      for (const d of (lists.get(key) ?? []).slice(0, MAX_DEVICES)) {
        wanted.add(d.key)
        if (d.removedAfter !== null) cuts.set(d.key, Math.max(d.removedAfter, 2))
      }
    })
    this.cuts = cuts
    wanted.delete(this.engine.key)
    for (const key of wanted) if (this.isBlocked(key)) wanted.delete(key)
    return wanted
  }

  /** Where a removed device's feed is cut (its later blocks are ignored), if it is one we replicate. */
  cutOf(feed: FeedKey): number | undefined {
    return this.cuts.get(feed)
  }

  isBlocked(feed: FeedKey): boolean {
    return this.blockedFeeds.has(feed)
  }

  /** For the serve guard: a blocked feed's core is never attached to a connection. */
  refusesTopic(discoveryKey: Buffer): boolean {
    return this.blockedTopics.size > 0 && this.blockedTopics.has(discoveryKey.toString('hex'))
  }

  /** Device links changed: the block lists may cover new device feeds, and my inbox topics may change. */
  async devicesChanged(): Promise<void> {
    await this.refreshLists()
    await this.inbox.refreshTopics()
  }

  // ---- devices -------------------------------------------------------------------------------------

  async devices(): Promise<Devices> {
    const views = this.engine.views
    const identity = views.identity
    const me = this.engine.key
    const listed = await views.listedDevices(identity)
    const devices: DeviceInfo[] = [
      { key: identity, primary: true, thisDevice: identity === me, state: 'linked', removedAfter: null },
      ...listed.map((d) => ({
        key: d.key,
        primary: false,
        thisDevice: d.key === me,
        state: d.removedAfter !== null ? ('removed' as const) : d.linked ? ('linked' as const) : ('pending' as const),
        removedAfter: d.removedAfter
      }))
    ]
    // A new device that has not yet read its identity's feed does not see itself listed there.
    if (!devices.some((d) => d.thisDevice)) devices.push({ key: me, primary: false, thisDevice: true, state: 'pending', removedAfter: null })
    const canJoin = identity === me && this.engine.ownFeed.length <= 1
    return { identity, device: me, canManage: identity === me, canJoin, devices }
  }

  async invite(timeoutMs: number): Promise<{ code: string; expiresAt: number }> {
    this.assertFirstDevice('invite a device')
    await this.engine.goOnline()
    const invite = this.pairing.invite(this.engine.key, {
      timeoutMs,
      onDevice: async (device) => {
        if ((await this.engine.views.listedDevices(this.engine.key)).some((d) => d.key === device)) return
        await this.engine.ownFeed.append({ type: 'device', feed: device })
        await this.engine.indexOwn()
        await this.engine.reconcileFollows()
      }
    })
    this.invites.add(invite)
    void invite.joined.finally(() => this.invites.delete(invite))
    return { code: invite.code, expiresAt: invite.expiresAt }
  }

  async join(code: string, timeoutMs: number): Promise<{ identity: FeedKey; device: FeedKey }> {
    this.assertFresh()
    await this.engine.goOnline()
    const identity = await this.pairing.join(code, this.engine.key, { timeoutMs })
    this.assertFresh()
    await this.engine.ownFeed.append({ type: 'identity', feed: identity })
    await this.engine.indexOwn()
    await this.engine.reconcileFollows()
    await this.inbox.refreshTopics()
    return { identity, device: this.engine.key }
  }

  async removeDevice(key: FeedKey): Promise<{ key: FeedKey; after: number }> {
    this.assertFirstDevice('remove a device')
    if (key === this.engine.key) throw new RstatusError('INVALID_INPUT', 'That is this device, the identity itself; it cannot be removed')
    const device = (await this.engine.views.listedDevices(this.engine.key)).find((d) => d.key === key)
    if (!device) throw new RstatusError('NOT_FOUND', `${key} is not one of your devices (see rstatus device list)`)
    if (device.removedAfter !== null) return { key, after: device.removedAfter }
    const after = this.engine.heldLength(key)
    await this.engine.ownFeed.append({ type: 'device-remove', feed: key, after })
    await this.engine.indexOwn()
    return { key, after }
  }

  /** A removed device writes into the void (its identity cut it off): say so instead of posting. */
  async refuseIfRemoved(): Promise<void> {
    const identity = this.engine.views.identity
    if (identity === this.engine.key) return
    const me = (await this.engine.views.listedDevices(identity)).find((d) => d.key === this.engine.key)
    if (me?.removedAfter !== null && me?.removedAfter !== undefined) {
      throw new RstatusError(
        'NOT_ALLOWED',
        'This device was removed from your identity, so what it writes is ignored; to use it again, pair it anew with a fresh data directory'
      )
    }
  }

  // ---- block and mute ------------------------------------------------------------------------------

  async setBlocked(key: FeedKey, on: boolean, opts: { deleteData?: boolean } = {}): Promise<{ key: FeedKey }> {
    const author = await this.authorToModerate(key)
    this.moderation.set('blocked', author, on)
    await this.refreshLists()
    await this.engine.reconcileFollows()
    if (on && opts.deleteData) await this.deleteData(author)
    return { key: author }
  }

  async setMuted(key: FeedKey, on: boolean): Promise<{ key: FeedKey }> {
    const author = await this.authorToModerate(key)
    this.moderation.set('muted', author, on)
    await this.refreshLists()
    return { key: author }
  }

  // ---- inbox ---------------------------------------------------------------------------------------

  /** A status I just wrote: a reply or mention is announced on its addressees' inbox topics. */
  async written(view: StatusView): Promise<void> {
    const targets = new Set<FeedKey>()
    if (view.replyTo) {
      const parent = parseStatusUri(view.replyTo).key
      targets.add(parent)
      targets.add(await this.engine.views.authorOf(parent))
    }
    for (const m of view.mentions ?? []) targets.add(m.key)
    for (const mine of await this.myKeys()) targets.delete(mine)
    await this.inbox.announce(view.uri, [...targets])
  }

  // ---- internals -----------------------------------------------------------------------------------

  /** My feed, my identity and its linked devices. */
  async myKeys(): Promise<FeedKey[]> {
    const views = this.engine.views
    return [...new Set([this.engine.key, views.identity, ...(await views.members(views.identity))])]
  }

  private async authorToModerate(key: FeedKey): Promise<FeedKey> {
    const author = await this.engine.views.authorOf(key)
    if ((await this.myKeys()).includes(author) || author === this.engine.views.identity) {
      throw new RstatusError('INVALID_INPUT', 'That is you (or one of your devices)')
    }
    return author
  }

  private async refreshLists(): Promise<void> {
    this.blockedFeeds = await this.withDevices(this.moderation.blocked)
    this.mutedFeeds = await this.withDevices(this.moderation.muted)
    this.blockedTopics = new Set([...this.blockedFeeds].map((k) => Hypercore.discoveryKey(ids.decode(k)).toString('hex')))
    this.engine.views.setHidden(this.hidden())
  }

  private hidden(): Hidden {
    return { blocked: new Set(this.blockedFeeds), muted: new Set(this.mutedFeeds) }
  }

  private async withDevices(keys: FeedKey[]): Promise<Set<FeedKey>> {
    const views = this.engine.views
    const out = new Set<FeedKey>()
    for (const key of keys) {
      out.add(key)
      for (const d of await views.listedDevices(key)) out.add(d.key)
      for (const m of await views.members(key)) out.add(m)
    }
    return out
  }

  /** Forgets everything held of a blocked identity: its views entries and the blocks of each of its feeds. */
  private async deleteData(author: FeedKey): Promise<void> {
    const feeds = [...(await this.withDevices([author]))]
    for (const feed of feeds) {
      if (feed === this.engine.key) continue
      await this.engine.views.removeFeed(feed)
      await this.engine.purgeFeed(feed)
    }
  }

  private async fetchBlock(feed: FeedKey, seq: number): Promise<Buffer | null> {
    if (!this.engine.online) return null
    const sparse = await this.engine.openSparse(feed)
    try {
      if (!(await sparse.waitForPeer(FETCH_TIMEOUT_MS))) return null
      return await sparse.core.get(seq, { timeout: FETCH_TIMEOUT_MS }).catch(() => null)
    } finally {
      await sparse.close()
    }
  }

  private assertFirstDevice(what: string): void {
    const identity = this.engine.views.identity
    if (identity !== this.engine.key) {
      throw new RstatusError('NOT_ALLOWED', `Only your first device can ${what}: it writes the identity feed ${identity}`)
    }
  }

  /** Joining gives this data directory's feed to another identity: only before it has written anything. */
  private assertFresh(): void {
    const length = this.engine.ownFeed.length
    if (length > 1 || this.engine.views.identity !== this.engine.key) {
      throw new RstatusError(
        'NOT_ALLOWED',
        `device join needs a fresh data directory, and this one already has an identity with ${length - 1} record${length === 2 ? '' : 's'}; use --data with a new folder`
      )
    }
  }
}
