// The RPC contract's methods for one identity on several devices and for reaching beyond the follow list
// (issue 6): device pairing, requests from strangers, block and mute, who to follow. shared/api.ts spreads
// `socialMethods` into its `methods`, so every transport checks these params like the others.
import type { Author, Page, Profile, StatusView } from './contract.js'
import type { FeedKey } from '../keys.js'
import { bool, int, object, optional, str, type Schema } from './schema.js'

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

export interface Suggestion {
  profile: Profile
  /** How many of the people I follow follow this one. */
  count: number
  /** Some of them, for "followed by …". */
  followedBy: Author[]
}

export interface Moderation {
  blocked: Profile[]
  muted: Profile[]
}

// method<Result>()(paramsSchema), as in shared/api.ts.
function method<R>() {
  return <P extends Schema<unknown>>(params: P) => ({ params, result: undefined as unknown as R })
}

const key = str({ min: 1, max: 200 })
const paged = { limit: optional(int({ min: 1, max: 500 })), cursor: optional(str({ max: 500 })) }

/** How long an invite stays open, in seconds: 10 minutes by default. */
export const DEFAULT_INVITE_SECONDS = 600
export const MAX_INVITE_SECONDS = 24 * 60 * 60

export const socialMethods = {
  /** This identity's devices. */
  devices: method<Devices>()(object({})),
  /** Opens a one-time invite (goes online if needed); poll `devices` to see the new device arrive. */
  deviceInvite: method<DeviceInvite>()(object({ timeout: optional(int({ min: 1, max: MAX_INVITE_SECONDS })) })),
  /** Pairs this (fresh) data directory as a new device of the identity that made `code`. */
  deviceJoin: method<{ identity: FeedKey; device: FeedKey }>()(
    object({ code: str({ min: 1, max: 1000 }), timeout: optional(int({ min: 1, max: MAX_INVITE_SECONDS })) })
  ),
  /** Unlinks a device: its blocks from its current length on are ignored by everyone. */
  deviceRemove: method<{ key: FeedKey; after: number }>()(object({ key })),
  /** Replies and mentions from people you do not follow, newest first. */
  requests: method<Page<StatusView>>()(object(paged)),
  /** Stops replicating and re-serving a feed (and its identity's devices) and hides it everywhere. */
  block: method<{ key: FeedKey }>()(object({ key, deleteData: optional(bool()) })),
  unblock: method<{ key: FeedKey }>()(object({ key })),
  /** Hides a feed from home, mentions, notifications and requests; it is still replicated. */
  mute: method<{ key: FeedKey }>()(object({ key })),
  unmute: method<{ key: FeedKey }>()(object({ key })),
  blocked: method<Moderation>()(object({})),
  /** Friends of friends, from the public follow lists of the people you follow. */
  suggestions: method<Suggestion[]>()(object({ limit: optional(int({ min: 1, max: 50 })) }))
} as const
