// The contract's devices: one identity on several devices (PROTOCOL.md "Devices", "Pairing").
import type { FeedKey } from '../keys.js'
import { method } from './method.js'
import { key } from './params.js'
import { int, object, optional, str } from './schema.js'

/** One feed of the identity (PROTOCOL.md "Devices"). */
export interface DeviceInfo {
  key: FeedKey
  /** The identity's own feed: the first device, which invites and removes the others. */
  primary: boolean
  /** The device this engine runs on. */
  thisDevice: boolean
  /** linked: both sides hold; pending: listed, its own side not seen yet; removed: cut off at `removedAfter`. */
  state: 'linked' | 'pending' | 'removed'
  /** Blocks of the device from this seq on are ignored by everyone; null unless removed. */
  removedAfter: number | null
}

export interface Devices {
  /** The identity key: what followers follow and whoami prints. */
  identity: FeedKey
  /** This device's own feed. */
  device: FeedKey
  /** Only the first device writes the identity feed, so only it can invite and remove devices. */
  canManage: boolean
  /** This device has written nothing yet, so it can still join another identity (deviceJoin). */
  canJoin: boolean
  devices: DeviceInfo[]
}

export interface DeviceInvite {
  /** The one-time code to give the new device; z-base-32, about 110 characters. */
  code: string
  /** ms since epoch after which the code no longer works. */
  expiresAt: number
}

/** How long an invite stays open, in seconds: 10 minutes by default. */
export const DEFAULT_INVITE_SECONDS = 600
export const MAX_INVITE_SECONDS = 24 * 60 * 60

// Pairing hands a device the identity: for the person only, never for an app holding a token.
export const devices = {
  /** This identity's devices. */
  devices: method<Devices>()(object({}), { scope: 'read' }),
  /** Opens a one-time invite (goes online if needed); poll `devices` to see the new device arrive. */
  deviceInvite: method<DeviceInvite>()(object({ timeout: optional(int({ min: 1, max: MAX_INVITE_SECONDS })) }), {
    scope: 'person',
    writesFeed: true,
    invalidates: ['devices']
  }),
  /** Closes an open invite before it expires, so its code no longer works; `cancelled` false when none was open. */
  deviceInviteCancel: method<{ cancelled: boolean }>()(object({ code: str({ min: 1, max: 1000 }) }), {
    scope: 'person',
    invalidates: ['devices']
  }),
  /** Pairs this (fresh) data directory as a new device of the identity that made `code`. */
  deviceJoin: method<{ identity: FeedKey; device: FeedKey }>()(
    object({ code: str({ min: 1, max: 1000 }), timeout: optional(int({ min: 1, max: MAX_INVITE_SECONDS })) }),
    { scope: 'person', writesFeed: true, invalidates: ['whoami', 'devices', 'profile', 'timeline', 'following'] }
  ),
  /** Unlinks a device: its blocks from its current length on are ignored by everyone. */
  deviceRemove: method<{ key: FeedKey; after: number }>()(object({ key }), { scope: 'person', writesFeed: true, invalidates: ['devices'] })
} as const
