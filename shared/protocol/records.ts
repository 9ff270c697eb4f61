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

export interface StatusRecord {
  type: 'status'
  text: string
  createdAt: number
  /** The status this one answers, rstatus://<key>/<seq>. */
  replyTo?: string
  /** The first status of the thread; equals replyTo when answering a root. */
  root?: string
  mentions?: Mention[]
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

export type RecordType = FeedRecord['type']

/** A record as the writer supplies it: createdAt is filled in at append time when missing. */
export type NewRecord = Exclude<FeedRecord, HeaderRecord> extends infer R
  ? R extends { createdAt: number }
    ? Omit<R, 'createdAt'> & { createdAt?: number }
    : never
  : never
