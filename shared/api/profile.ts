// The contract's profiles: who I am, anyone's profile and statuses, changing mine, finding people by name.
import type { FeedKey } from '../keys.js'
import { MAX_BIO_CHARS, MAX_NAME_CHARS } from '../protocol/limits.js'
import { method } from './method.js'
import { key, paged } from './params.js'
import { bool, int, object, optional, str } from './schema.js'
import type { Page, Profile, StatusView } from './shapes.js'

export interface ProfileView extends Profile {
  isMe: boolean
  following: boolean
  followsMe: boolean
  /** Feeds this profile's public follow list names. */
  followingKeys: FeedKey[]
  /** Feeds we hold whose public follow list names this profile. */
  followerKeys: FeedKey[]
  /** When the feed began: the createdAt of its first record, when this peer holds that block. */
  createdAt?: number
  /**
   * The feed format version its header names, when newer than this client reads (PROTOCOL.md, "Versions"):
   * its statuses are not shown until rstatus is updated. Absent otherwise.
   */
  newerVersion?: number
}

export interface WhoAmI {
  /** The identity key (PROTOCOL.md "Devices"): on a second device, the first device's feed key. */
  key: FeedKey
  uri: string
  /** This device's own feed: where its statuses are written (equals `key` on the first device). */
  device: FeedKey
  /**
   * This device's network key: the key its DHT node and swarm use, the same across restarts. A mirror run for
   * this person trusts it (`rstatus mirror serve --trust`); each device has its own.
   */
  peer: FeedKey
  profile: Profile
}

export interface HandleSettings {
  checks: boolean
}

export const profile = {
  /**
   * `waitForHandle` (ms): when my handle is due a check, wait up to this long for the domain's answer (a
   * one-shot CLI would otherwise exit before it); past it, the profile says `handlePending`.
   */
  whoami: method<WhoAmI>()(object({ waitForHandle: optional(int({ min: 0, max: 10_000 })) }), { scope: 'read' }),
  profile: method<ProfileView>()(object({ key }), { scope: 'read' }),
  /** `before` (ms): start at what the author's list places at or before that time; ignored with a cursor. */
  profileStatuses: method<Page<StatusView>>()(object({ key, ...paged, before: optional(int()) }), { scope: 'read' }),
  setProfile: method<Profile>()(
    object({
      name: optional(str({ max: MAX_NAME_CHARS * 4 })),
      bio: optional(str({ max: MAX_BIO_CHARS * 4 })),
      /** An upload to use as the avatar, or '' to remove it; unchanged when absent. */
      avatar: optional(str({ max: 64 })),
      /** A domain to claim (PROTOCOL.md, "Handles"), or '' to claim none; unchanged when absent. */
      handle: optional(str({ max: 300 }))
    }),
    { scope: 'write', writesFeed: true, invalidates: ['whoami', 'profile', 'people', 'timeline', 'profileStatuses', 'following'] }
  ),
  /** The key a domain handle names (its TXT record or well-known file): asks the domain unless it answered today. */
  resolveHandle: method<{ handle: string; key: FeedKey }>()(object({ handle: str({ max: 300 }) }), { scope: 'read' }),
  /** Whether profiles shown have their handles checked (each check tells the domain this reader's address). */
  handleSettings: method<HandleSettings>()(object({}), { scope: 'person' }),
  setHandleChecks: method<HandleSettings>()(object({ on: bool() }), {
    scope: 'person',
    invalidates: ['handleSettings', 'profile', 'whoami']
  }),
  people: method<Profile[]>()(object({ prefix: str({ max: 100 }), limit: optional(int({ min: 1, max: 50 })) }), { scope: 'read' })
} as const
