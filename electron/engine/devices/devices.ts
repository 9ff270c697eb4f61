// One identity on several devices (PROTOCOL.md "Devices"): listing this identity's devices, pairing a new one
// with a one-time code (pairing.ts), linking it, and removing a lost one. The first device writes the
// identity's feed, so only it invites and removes; a new device joins before it has written anything.
import type { Devices as DeviceList, DeviceInfo } from '../../../shared/api/devices.js'
import { RstatusError } from '../../../shared/errors.js'
import type { FeedKey } from '../../../shared/keys.js'
import ReadyResource from 'ready-resource'
import type { Replication } from '../replication/replication.js'
import type { ViewStore } from '../views/worker.js'
import type { FeedWriter } from '../writer/feed-writer.js'
import type { OwnFeed } from '../writer/own-feed.js'
import { DevicePairing, type Invite } from './pairing.js'

export interface DevicesOptions {
  own: Pick<OwnFeed, 'key' | 'length'>
  writer: Pick<FeedWriter, 'write'>
  views: Pick<ViewStore, 'identity' | 'listedDevices' | 'members'>
  replication: Pick<Replication, 'goOnline' | 'swarm' | 'heldLength'>
  /** This device joined an identity: the keys it reads the inbox for changed; `secret` came with the answer. */
  joined(secret: Buffer | null): Promise<void>
  /** The secret a new device gets in the pairing answer (the identity's messaging seed), if any. */
  pairingSecret(): Buffer | null
  /** A device was removed: what it held (the messaging seed) must be replaced. */
  removed(): Promise<void>
}

export class Devices extends ReadyResource {
  readonly pairing: DevicePairing
  private readonly invites = new Set<Invite>()

  constructor(private readonly opts: DevicesOptions) {
    super()
    this.pairing = new DevicePairing(() => opts.replication.swarm)
  }

  protected override async _close(): Promise<void> {
    for (const invite of this.invites) await invite.cancel()
    await this.pairing.close()
  }

  /** My feed, my identity and its linked devices. */
  async myKeys(): Promise<FeedKey[]> {
    const { views, own } = this.opts
    return [...new Set([own.key, views.identity, ...(await views.members(views.identity))])]
  }

  async devices(): Promise<DeviceList> {
    const { views, own } = this.opts
    const identity = views.identity
    const me = own.key
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
    const canJoin = identity === me && own.length <= 1
    return { identity, device: me, canManage: identity === me, canJoin, devices }
  }

  async invite(timeoutMs: number): Promise<{ code: string; expiresAt: number }> {
    this.assertFirstDevice('invite a device')
    const { own, views, writer, replication } = this.opts
    await replication.goOnline()
    const invite = this.pairing.invite(own.key, {
      timeoutMs,
      onDevice: async (device) => {
        if ((await views.listedDevices(own.key)).some((d) => d.key === device)) return
        await writer.write({ type: 'device', feed: device })
      },
      secret: () => this.opts.pairingSecret()
    })
    this.invites.add(invite)
    void invite.joined.finally(() => this.invites.delete(invite))
    return { code: invite.code, expiresAt: invite.expiresAt }
  }

  /** Closes the open invite that made `code`; false when no such invite is open (used, expired or unknown). */
  async cancelInvite(code: string): Promise<boolean> {
    for (const invite of this.invites) {
      if (invite.code !== code) continue
      this.invites.delete(invite)
      await invite.cancel()
      return true
    }
    return false
  }

  async join(code: string, timeoutMs: number): Promise<{ identity: FeedKey; device: FeedKey }> {
    this.assertFresh()
    await this.opts.replication.goOnline()
    const { identity, secret } = await this.pairing.join(code, this.opts.own.key, { timeoutMs })
    this.assertFresh()
    await this.opts.writer.write({ type: 'identity', feed: identity })
    await this.opts.joined(secret)
    return { identity, device: this.opts.own.key }
  }

  async removeDevice(key: FeedKey): Promise<{ key: FeedKey; after: number }> {
    this.assertFirstDevice('remove a device')
    const { own, views, writer, replication } = this.opts
    if (key === own.key) throw new RstatusError('INVALID_INPUT', 'That is this device, the identity itself; it cannot be removed')
    const device = (await views.listedDevices(own.key)).find((d) => d.key === key)
    if (!device) throw new RstatusError('NOT_FOUND', `${key} is not one of your devices (see rstatus device list)`)
    if (device.removedAfter !== null) return { key, after: device.removedAfter }
    const after = replication.heldLength(key)
    await writer.write({ type: 'device-remove', feed: key, after })
    await this.opts.removed()
    return { key, after }
  }

  /** A removed device writes into the void (its identity cut it off): say so instead of posting. */
  async refuseIfRemoved(): Promise<void> {
    const { views, own } = this.opts
    const identity = views.identity
    if (identity === own.key) return
    const me = (await views.listedDevices(identity)).find((d) => d.key === own.key)
    if (me?.removedAfter !== null && me?.removedAfter !== undefined) {
      throw new RstatusError(
        'NOT_ALLOWED',
        'This device was removed from your identity, so what it writes is ignored; to use it again, pair it anew with a fresh data directory'
      )
    }
  }

  private assertFirstDevice(what: string): void {
    const identity = this.opts.views.identity
    if (identity !== this.opts.own.key) {
      throw new RstatusError('NOT_ALLOWED', `Only your first device can ${what}: it writes the identity feed ${identity}`)
    }
  }

  /** Joining gives this data directory's feed to another identity: only before it has written anything. */
  private assertFresh(): void {
    const length = this.opts.own.length
    if (length > 1 || this.opts.views.identity !== this.opts.own.key) {
      throw new RstatusError(
        'NOT_ALLOWED',
        `device join needs a fresh data directory, and this one already has an identity with ${length - 1} record${length === 2 ? '' : 's'}; use --data with a new folder`
      )
    }
  }
}
