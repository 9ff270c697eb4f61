// The shapes most areas of the contract answer with: statuses, their authors, pages and profiles.
import type { FeedKey } from '../keys.js'
import type { ImageAttachment, LinkCard, Mention } from '../protocol/records.js'

export interface Author {
  key: FeedKey
  /** The latest profile name we hold for this feed, if any. */
  name: string | null
  /** The latest profile picture we hold, if any. */
  avatar?: ImageAttachment
  /** The domain their profile claims (PROTOCOL.md, "Handles"), whether or not it is verified. */
  handle?: string
  /** The domain names this key: show `@handle` with a mark. Set by the engine, from its last check. */
  handleVerified?: true
}

/** A mention as the status stores it (a key, and the name written after "@"), with what this peer knows of that key. */
export interface MentionView extends Mention {
  /** The name of the profile this peer holds for `key`; null when it holds none (absent: not looked up). */
  profileName?: string | null
  /** Someone else this peer knows has the same profile name, so the name alone would not say who. */
  nameShared?: boolean
}

export interface Counts {
  likes: number
  reposts: number
  replies: number
  /** Live statuses we hold that quote it. */
  quotes?: number
}

/**
 * The status a status quotes: its author and (latest) text; or why it cannot be shown: we do not hold it,
 * its author deleted it, or its author does not allow quotes (then show the link only).
 */
export type QuoteView = { uri: string; author: FeedKey; text: string } | { uri: string; state: 'unavailable' | 'deleted' | 'not-allowed' }

/** A poll's results, from the votes of the feeds this peer holds. */
export interface PollView {
  choices: Array<{ text: string; votes: number }>
  /** People whose counted vote we hold. */
  voters: number
  /** My counted choice (from 1), or null. */
  mine: number | null
  endsAt: number
}

/** A status as every view returns it. `feed`, `seq`, `type`, `text`, `createdAt` are the CLI's JSON contract. */
export interface StatusView {
  uri: string
  feed: FeedKey
  seq: number
  type: 'status'
  text: string
  createdAt: number
  /**
   * createdAt clamped to when this peer first saw it (PROTOCOL.md, "Time"); what views sort a status by. Always
   * the status's own, also on a repost entry, which sorts by `repostedBy.sortAt`.
   */
  sortAt: number
  author: Author
  replyTo?: string
  root?: string
  /** Who wrote the status `replyTo` names, as far as this peer knows (its name, when a profile is held). */
  replyToAuthor?: Author
  mentions?: MentionView[]
  /** Images, in the author's order; fetch their bytes with `blob`. */
  attachments?: ImageAttachment[]
  quote?: QuoteView
  /** A content warning: the text and images stay folded until the reader opens them. */
  cw?: string
  /** The images are shown blurred until the reader opens them. */
  sensitive?: true
  /** When the latest edit was written (its createdAt); `text` and the rest are that edit's. */
  edited?: number
  poll?: PollView
  card?: LinkCard
  counts: Counts
  likedByMe: boolean
  repostedByMe: boolean
  /**
   * Set when this entry is in a timeline because someone we follow reposted it. `sortAt` is the repost's
   * (its createdAt clamped like any record's): where the entry sits in the list. Set on every entry the
   * engine returns; optional only for entries made elsewhere.
   */
  repostedBy?: Author & { uri: string; createdAt: number; sortAt?: number }
}

export interface Page<T> {
  items: T[]
  /** Pass back to get the next (older) page; null when there is no more. */
  cursor: string | null
}

export interface Profile {
  key: FeedKey
  uri: string
  name: string | null
  bio: string
  avatar?: ImageAttachment
  /** The account was deleted by its author (PROTOCOL.md, "Leaving"). */
  left?: boolean
  /** The domain this profile claims (PROTOCOL.md, "Handles"), whether or not it is verified. */
  handle?: string
  /** The domain names this key: show `@handle` with a mark. Set where a check's result is held. */
  handleVerified?: true
  /** A check of `handle` was under way when this was answered (only where the caller asked to wait for it). */
  handlePending?: true
  /** Length of the feed as far as we hold it. */
  statuses: number
}
