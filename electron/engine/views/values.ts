// The values the views keep under their keys (layout.ts says which key holds which), and what one index call
// reports to the engine. Shared by the code that writes them (apply.ts, links.ts) and the code that reads
// them (read.ts, views.ts).
import type { FeedKey } from '../../../shared/keys.js'
import type { ImageAttachment, LinkCard, Mention, Poll } from '../../../shared/protocol/records.js'

export interface IndexResult {
  /** Statuses and reposts that became visible. */
  added: number
  /** Statuses and reposts removed (tombstones, removeFeed). */
  removed: number
  /** Blocks newly found to break the format (each counted once, persisted per feed). */
  invalid: number
  /** Anything visible changed (statuses, counts, profiles, follows, notifications). */
  changed: boolean
  /** Status URIs referenced (reply parent and root, repost target) that we do not hold yet; the engine fetches them. */
  referenced: string[]
  /** My own follow list changed: the engine replicates or leaves feeds. */
  followsChanged: boolean
  /** A device was linked, listed or removed (links.ts): the engine may have device feeds to replicate. */
  devicesChanged: boolean
  /** My own feed's block 1 named the identity it writes for. */
  identity?: FeedKey
}

export interface StoredStatus {
  text: string
  createdAt: number
  sortAt: number
  replyTo?: string
  root?: string
  mentions?: Mention[]
  attachments?: ImageAttachment[]
  quote?: string
  cw?: string
  sensitive?: true
  poll?: Poll
  card?: LinkCard
}

/** One version of a status written by an edit: what replaces the status's text and what goes with it. */
export interface StoredVersion {
  text: string
  createdAt: number
  mentions?: Mention[]
  attachments?: ImageAttachment[]
  cw?: string
  sensitive?: true
  card?: LinkCard
}

export interface StoredRepost {
  of: string
  createdAt: number
  sortAt: number
}

/** The winning record of a (liker, status) or (follower, followee) pair. */
export interface LatestState {
  seq: number
  on: boolean
  /** The record's createdAt: an identity's follow list merges its devices' records by it (links.ts). */
  at?: number
}

/** A status that replies to or mentions me: a notification when I follow its author, else a request. */
export interface StoredToMe {
  kind: 'reply' | 'mention'
  subject?: string
  sortAt: number
}

export interface StoredProfile {
  seq: number
  /** The record's createdAt: an identity's profile is its devices' latest by it (links.ts). */
  at?: number
  name: string
  bio: string
  avatar?: ImageAttachment
  left?: true
  /** false: the author shows others' quotes of their statuses as plain links. */
  quotable?: false
  /** The domain the author claims; whether it names them is checked outside the views (engine/handles). */
  handle?: string
}

export interface StoredCounts {
  likes: number
  reposts: number
  replies: number
  /** Live statuses quoting it; absent in counts written before quotes existed. */
  quotes?: number
}
