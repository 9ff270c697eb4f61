// The record types of an rstatus feed. Each block of a feed is one UTF-8 JSON object with a "type".
// docs/PROTOCOL.md is the prose of this file.
import type { FeedKey } from '../keys.js'

export interface HeaderRecord {
  type: 'header'
  protocol: 'rstatus'
  version: number
}

export interface Mention {
  key: FeedKey
  /** The name as written after "@" in the text. */
  name: string
}

/** Where a blob lies in its blobs core, as Hyperblobs returns it from put(). */
export interface BlobRef {
  blockOffset: number
  blockLength: number
  byteOffset: number
  byteLength: number
}

export type ImageMime = 'image/jpeg' | 'image/png' | 'image/webp' | 'image/gif'

/** An image stored in the author's blobs core (PROTOCOL.md, "Attachments"). */
export interface ImageAttachment {
  type: 'image'
  mime: ImageMime
  /** The blobs core holding `blob` and `thumb`, z-base-32. */
  blobs: FeedKey
  blob: BlobRef
  /** A smaller rendition for timelines; readers fall back to `blob` without it. */
  thumb?: BlobRef
  width: number
  height: number
  /** What the image shows, for people who cannot see it. */
  alt?: string
}

export interface StatusRecord {
  type: 'status'
  text: string
  createdAt: number
  /** The status this one answers, rstatus://<key>/<seq>. */
  replyTo?: string
  /** The first status of the thread; equals replyTo when answering a root. */
  root?: string
  mentions?: Mention[]
  attachments?: ImageAttachment[]
  /** Where an imported status came from, as `<service>:<id>` (twitter:1234); imports skip sources already in the feed. */
  source?: string
  /** A status this one quotes, shown inside it (PROTOCOL.md, "quote"). */
  quote?: string
  /** A content warning: the text and images stay folded until the reader opens them. */
  cw?: string
  /** The images are sensitive: shown blurred until the reader opens them. */
  sensitive?: true
  poll?: Poll
  /** A preview of a link in the text, fetched once by the author's client (PROTOCOL.md, "card"). */
  card?: LinkCard
}

export interface Poll {
  /** 2 to 4 choices; a vote names one by its number, from 1. */
  choices: string[]
  /** Votes dated after this (ms) do not count. */
  endsAt: number
}

export interface LinkCard {
  /** One of the links in the status's text. */
  url: string
  title: string
  description: string
  /** A small picture, in the author's blobs core; its alt is not kept. */
  image?: ImageAttachment
}

/** The author's new version of one of their own statuses; the latest edit (by seq) is what readers show. */
export interface EditRecord {
  type: 'edit'
  /** The original status, in the same feed. */
  of: string
  text: string
  createdAt: number
  mentions?: Mention[]
  attachments?: ImageAttachment[]
  cw?: string
  sensitive?: true
  card?: LinkCard
}

/** A vote in a poll: the voter's latest vote (by seq) dated before the poll's end counts. */
export interface VoteRecord {
  type: 'vote'
  of: string
  /** The choice's number, from 1. */
  choice: number
  createdAt: number
}

/** Pins one of the feed's own statuses on the author's profile; `unpin` takes it off. */
export interface PinRecord {
  type: 'pin' | 'unpin'
  of: string
  createdAt: number
}

export interface RepostRecord {
  type: 'repost'
  of: string
  createdAt: number
}

export interface LikeRecord {
  type: 'like'
  of: string
  createdAt: number
}

export interface UnlikeRecord {
  type: 'unlike'
  of: string
  createdAt: number
}

export interface ProfileRecord {
  type: 'profile'
  name: string
  bio: string
  createdAt: number
  /** The picture shown beside the name; an image attachment whose alt is not kept. */
  avatar?: ImageAttachment
  /** The account was deleted (PROTOCOL.md, "Leaving"): the author wrote tombstones and stopped seeding. */
  left?: true
  /** false: others' quotes of this author's statuses are shown as plain links (PROTOCOL.md, "quote"). */
  quotable?: false
  /** A domain this author claims (PROTOCOL.md, "Handles"); shown as @handle once the domain names the key. */
  handle?: string
}

export interface FollowRecord {
  type: 'follow'
  feed: FeedKey
  createdAt: number
}

export interface UnfollowRecord {
  type: 'unfollow'
  feed: FeedKey
  createdAt: number
}

/** A tombstone: the author withdraws one of their own statuses (or reposts). */
export interface DeleteRecord {
  type: 'delete'
  of: string
  createdAt: number
}

/** In an identity feed: `feed` is a device of this identity (PROTOCOL.md, "Devices"). */
export interface DeviceRecord {
  type: 'device'
  feed: FeedKey
  createdAt: number
}

/** In an identity feed: `feed` is no longer a device; its blocks from `after` on are ignored. */
export interface DeviceRemoveRecord {
  type: 'device-remove'
  feed: FeedKey
  /** The device feed's length when it was removed: its blocks with seq >= after are ignored by everyone. */
  after: number
  createdAt: number
}

/** Block 1 of a device feed: the identity this feed writes for. */
export interface IdentityRecord {
  type: 'identity'
  feed: FeedKey
  createdAt: number
}

export type FeedRecord =
  | HeaderRecord
  | StatusRecord
  | RepostRecord
  | LikeRecord
  | UnlikeRecord
  | ProfileRecord
  | FollowRecord
  | UnfollowRecord
  | DeleteRecord
  | DeviceRecord
  | DeviceRemoveRecord
  | IdentityRecord
  | EditRecord
  | VoteRecord
  | PinRecord

export type RecordType = FeedRecord['type']

/** A record as the writer supplies it: createdAt is filled in at append time when missing. */
export type NewRecord = Exclude<FeedRecord, HeaderRecord> extends infer R
  ? R extends { createdAt: number }
    ? Omit<R, 'createdAt'> & { createdAt?: number }
    : never
  : never
