// The JSON entities of Mastodon's API (Account, Status, MediaAttachment, Notification, Relationship, Tag),
// built from rstatus views. Pure: ids and URLs are worked out beforehand (entities.ts), so each shape is
// unit-tested alone. Field lists follow Mastodon's documentation of its entities.
import type { Notification } from '../../../shared/api/notifications.js'
import type { ProfileView } from '../../../shared/api/profile.js'
import type { StatusView } from '../../../shared/api/shapes.js'
import { feedUri, shortKey, type FeedKey } from '../../../shared/keys.js'
import type { ImageAttachment } from '../../../shared/protocol/records.js'
import { hashtagsOf } from '../../../shared/protocol/text.js'
import { statusHtml, type ContentLinks } from './content.js'

/** The largest time a JavaScript Date holds; a feed may claim any integer. */
const MAX_DATE_MS = 8.64e15
/** rstatus knows no date an account was made: every account says the epoch (docs/API.md). */
const UNKNOWN_DATE = '1970-01-01T00:00:00.000Z'

export function isoDate(ms: number): string {
  return new Date(Math.max(0, Math.min(ms, MAX_DATE_MS))).toISOString()
}

/**
 * An account's acct: its verified handle (PROTOCOL.md, "Handles") where its domain names it, else its key.
 * This is the one place that decides it.
 */
export function acctOf(profile: { key: FeedKey; handle?: string; handleVerified?: true }): string {
  return profile.handleVerified && profile.handle ? profile.handle : profile.key
}

export interface Links extends ContentLinks {
  /** An image's URL on this server (signed, so it loads without a token). */
  image(feed: FeedKey, image: ImageAttachment, size: 'original' | 'small'): string
  /** The picture for an account without one. */
  missingAvatar: string
}

export interface Account {
  id: string
  username: string
  acct: string
  url: string
  uri: string
  display_name: string
  note: string
  avatar: string
  avatar_static: string
  header: string
  header_static: string
  locked: false
  fields: []
  emojis: []
  bot: false
  group: false
  discoverable: true
  noindex: false
  created_at: string
  last_status_at: null
  statuses_count: number
  followers_count: number
  following_count: number
}

export function accountObject(profile: ProfileView, links: Links): Account {
  const avatar = profile.avatar ? links.image(profile.key, profile.avatar, 'original') : links.missingAvatar
  return {
    id: profile.key,
    username: acctOf(profile),
    acct: acctOf(profile),
    url: feedUri(profile.key),
    uri: feedUri(profile.key),
    display_name: profile.name ?? shortKey(profile.key),
    note: statusHtml(profile.bio, [], links),
    avatar,
    avatar_static: avatar,
    header: links.missingAvatar,
    header_static: links.missingAvatar,
    locked: false,
    fields: [],
    emojis: [],
    bot: false,
    group: false,
    discoverable: true,
    noindex: false,
    created_at: UNKNOWN_DATE,
    last_status_at: null,
    statuses_count: profile.statuses,
    followers_count: profile.followerKeys.length,
    following_count: profile.followingKeys.length
  }
}

/** verify_credentials adds what the person wrote, unrendered. */
export function credentialAccount(profile: ProfileView, links: Links): Account & { source: Record<string, unknown> } {
  return {
    ...accountObject(profile, links),
    source: { privacy: 'public', sensitive: false, language: null, note: profile.bio, fields: [], follow_requests_count: 0 }
  }
}

export interface MediaAttachment {
  id: string
  type: 'image'
  url: string | null
  preview_url: string | null
  remote_url: null
  preview_remote_url: null
  text_url: null
  meta: { original: { width: number; height: number; size: string; aspect: number } } | null
  description: string | null
  blurhash: null
}

export function attachmentObject(id: string, feed: FeedKey, image: ImageAttachment, links: Links): MediaAttachment {
  return {
    id,
    type: 'image',
    url: links.image(feed, image, 'original'),
    preview_url: links.image(feed, image, 'small'),
    remote_url: null,
    preview_remote_url: null,
    text_url: null,
    meta: sizeMeta(image.width, image.height),
    description: image.alt ?? null,
    blurhash: null
  }
}

export function sizeMeta(width: number, height: number): MediaAttachment['meta'] {
  if (!(width > 0 && height > 0)) return null
  return { original: { width, height, size: `${width}x${height}`, aspect: width / height } }
}

export interface StatusParts {
  status: StatusView
  id: string
  account: Account
  /** The parent's id when this server has one for it, and its author. */
  inReplyTo: { id: string | null; accountId: string } | null
  mentions: Account[]
  media: MediaAttachment[]
  /** In the person's bookmarks (private to them: shown only to their own apps). */
  bookmarked?: boolean
}

export interface MastodonStatus {
  id: string
  uri: string
  /** Null for a direct message: it has no page anywhere. */
  url: string | null
  created_at: string
  edited_at: string | null
  account: Account
  content: string
  text?: string
  visibility: 'public' | 'direct'
  sensitive: boolean
  spoiler_text: string
  media_attachments: MediaAttachment[]
  application: null
  mentions: Array<{ id: string; username: string; acct: string; url: string }>
  tags: Array<{ name: string; url: string }>
  emojis: []
  reblogs_count: number
  favourites_count: number
  replies_count: number
  in_reply_to_id: string | null
  in_reply_to_account_id: string | null
  reblog: MastodonStatus | null
  poll: MastodonPoll | null
  card: MastodonCard | null
  language: null
  favourited: boolean
  reblogged: boolean
  muted: false
  bookmarked: boolean
  pinned: false
  filtered: []
}

/** Mastodon's Poll entity; its id is its status's (one poll per status), and an rstatus poll takes one answer. */
export interface MastodonPoll {
  id: string
  expires_at: string
  expired: boolean
  multiple: false
  votes_count: number
  voters_count: number
  options: Array<{ title: string; votes_count: number }>
  emojis: []
  voted: boolean
  own_votes: number[]
}

export interface MastodonCard {
  url: string
  title: string
  description: string
  type: 'link'
  author_name: ''
  author_url: ''
  provider_name: string
  provider_url: ''
  html: ''
  /** The picture's size, or 0 without one. */
  width: number
  height: number
  /** The picture the author stored with the card, served as attachments are; null without one. */
  image: string | null
  embed_url: ''
  blurhash: null
}

function pollObject(id: string, poll: NonNullable<StatusParts['status']['poll']>): MastodonPoll {
  return {
    id,
    expires_at: isoDate(poll.endsAt),
    expired: Date.now() > poll.endsAt,
    multiple: false,
    votes_count: poll.choices.reduce((n, c) => n + c.votes, 0),
    voters_count: poll.voters,
    options: poll.choices.map((c) => ({ title: c.text, votes_count: c.votes })),
    emojis: [],
    voted: poll.mine !== null,
    own_votes: poll.mine === null ? [] : [poll.mine - 1]
  }
}

function cardObject(card: NonNullable<StatusParts['status']['card']>, feed: FeedKey, links: Links): MastodonCard {
  let host = ''
  try {
    host = new URL(card.url).host
  } catch {
    // a card's url is one of the text's links, so it parses; an empty provider is what Mastodon shows otherwise
  }
  return {
    url: card.url, title: card.title, description: card.description, type: 'link', author_name: '', author_url: '',
    provider_name: host, provider_url: '', html: '',
    width: card.image?.width ?? 0,
    height: card.image?.height ?? 0,
    image: card.image ? links.image(feed, card.image, 'original') : null,
    embed_url: '', blurhash: null
  }
}

export function statusObject(parts: StatusParts, links: Links): MastodonStatus {
  const { status } = parts
  return {
    id: parts.id,
    uri: status.uri,
    url: status.uri,
    created_at: isoDate(status.createdAt),
    edited_at: status.edited !== undefined ? isoDate(status.edited) : null,
    account: parts.account,
    content: statusHtml(status.text, status.mentions ?? [], links),
    visibility: 'public',
    // Mastodon marks a status with a warning sensitive too, so clients fold its media with it.
    sensitive: status.sensitive === true || status.cw !== undefined,
    spoiler_text: status.cw ?? '',
    media_attachments: parts.media,
    application: null,
    mentions: parts.mentions.map((a) => ({ id: a.id, username: a.username, acct: a.acct, url: a.url })),
    tags: hashtagsOf(status.text).map((name) => ({ name, url: links.tagUrl(name) })),
    emojis: [],
    reblogs_count: status.counts.reposts,
    favourites_count: status.counts.likes,
    replies_count: status.counts.replies,
    in_reply_to_id: parts.inReplyTo?.id ?? null,
    in_reply_to_account_id: parts.inReplyTo?.accountId ?? null,
    reblog: null,
    poll: status.poll ? pollObject(parts.id, status.poll) : null,
    card: status.card ? cardObject(status.card, status.feed, links) : null,
    language: null,
    favourited: status.likedByMe,
    reblogged: status.repostedByMe,
    muted: false,
    bookmarked: parts.bookmarked === true,
    pinned: false,
    filtered: []
  }
}

/** A repost in a timeline, as Mastodon shows a reblog: the reposter's status wrapping the original. */
export function reblogObject(original: MastodonStatus, repost: { id: string; uri: string; createdAt: number; account: Account }): MastodonStatus {
  return {
    ...original,
    id: repost.id,
    uri: repost.uri,
    url: repost.uri,
    created_at: isoDate(repost.createdAt),
    account: repost.account,
    content: '',
    media_attachments: [],
    mentions: [],
    tags: [],
    in_reply_to_id: null,
    in_reply_to_account_id: null,
    reblog: original
  }
}

export type NotificationType = 'mention' | 'reblog' | 'favourite' | 'follow' | 'quote'

/** rstatus's kinds in Mastodon's words: a reply is a mention, as Mastodon counts it. */
export function notificationType(kind: Notification['kind']): NotificationType {
  switch (kind) {
    case 'mention':
    case 'reply':
      return 'mention'
    case 'repost':
      return 'reblog'
    case 'like':
      return 'favourite'
    case 'follow':
      return 'follow'
    case 'quote':
      // Mastodon 4.5's own type for "someone quoted your post".
      return 'quote'
  }
}

export interface Relationship {
  id: string
  following: boolean
  showing_reblogs: boolean
  notifying: false
  languages: null
  followed_by: boolean
  blocking: boolean
  blocked_by: false
  muting: boolean
  muting_notifications: boolean
  requested: false
  requested_by: false
  domain_blocking: false
  endorsed: false
  note: ''
}

export function relationshipObject(
  profile: Pick<ProfileView, 'key' | 'following' | 'followsMe'>,
  moderation: { blocking: boolean; muting: boolean }
): Relationship {
  return {
    id: profile.key,
    following: profile.following,
    showing_reblogs: profile.following,
    notifying: false,
    languages: null,
    followed_by: profile.followsMe,
    blocking: moderation.blocking,
    blocked_by: false,
    muting: moderation.muting,
    muting_notifications: moderation.muting,
    requested: false,
    requested_by: false,
    domain_blocking: false,
    endorsed: false,
    note: ''
  }
}

export function tagObject(name: string, links: ContentLinks): { name: string; url: string; history: []; following: false } {
  return { name, url: links.tagUrl(name), history: [], following: false }
}
