// The JSON objects of Twitter's v1.1 API (a Tweet, a User), built from rstatus views. Pure: everything a
// shape needs (ids, profiles) is looked up beforehand (tweets.ts), so these functions are unit-tested alone.
import type { ProfileView } from '../../../shared/api/profile.js'
import type { StatusView } from '../../../shared/api/shapes.js'
import { feedUri, shortKey, type FeedKey } from '../../../shared/keys.js'
import { parseText } from '../../../shared/protocol/text.js'

export const SOURCE = '<a href="https://github.com/rstatus/rstatus" rel="nofollow">rstatus</a>'
const SCREEN_NAME_MAX = 15
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
/** The largest time a JavaScript Date holds; a feed may claim any integer. */
const MAX_DATE_MS = 8.64e15
/**
 * Every user's picture: rstatus serves no images through this door (a picture would have to be fetched
 * without the token), so clients get a small built-in one, inline, and nothing is fetched from elsewhere.
 */
export const DEFAULT_PROFILE_IMAGE =
  'data:image/svg+xml;base64,' +
  Buffer.from(
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 48 48"><rect width="48" height="48" fill="#c8d1da"/>' +
      '<circle cx="24" cy="19" r="9" fill="#fff"/><path d="M8 46c2-10 9-15 16-15s14 5 16 15z" fill="#fff"/></svg>'
  ).toString('base64')

/** Twitter's `text` is HTML-escaped: &, < and > (never quotes); entity indices count the unescaped text. */
export function escapeTweetText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

/** Twitter's created_at: "Wed Oct 10 20:19:24 +0000 2018", always UTC. */
export function twitterDate(ms: number): string {
  const d = new Date(Math.max(0, Math.min(ms, MAX_DATE_MS)))
  const two = (n: number) => String(n).padStart(2, '0')
  const time = `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${two(d.getUTCDate())} ${time} +0000 ${d.getUTCFullYear()}`
}

/**
 * A screen name as Twitter allows them (1 to 15 of A-Z a-z 0-9 _): the profile name with accents removed and
 * other characters dropped, or the key's first characters when nothing is left. Not unique: id_str is the identity.
 */
export function screenNameOf(name: string | null, key: FeedKey): string {
  const folded = (name ?? '')
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[\s-]+/g, '_')
    .replace(/[^A-Za-z0-9_]/g, '')
    .replace(/_+/g, '_')
    .replace(/^_|_$/g, '')
    .slice(0, SCREEN_NAME_MAX)
  return folded.length > 0 ? folded : shortKey(key)
}

export interface TwitterUser {
  id: number
  id_str: string
  name: string
  screen_name: string
  location: string
  description: string
  url: null
  protected: false
  verified: false
  followers_count: number
  friends_count: number
  listed_count: 0
  favourites_count: 0
  statuses_count: number
  following: boolean
  default_profile: true
  default_profile_image: true
  profile_image_url: string
  profile_image_url_https: string
  /** When the feed began (its first record's createdAt); absent when this peer does not hold that block. */
  created_at?: string
  entities: { description: { urls: Entities['urls'] } }
  /** rstatus's own fields; Twitter clients ignore fields they do not know. */
  rstatus_key: FeedKey
  rstatus_uri: string
}

/** Twitter's `name`: the profile name, or the key's first characters while a feed has none. */
export function shortName(profile: Pick<ProfileView, 'name' | 'key'>): string {
  return profile.name ?? shortKey(profile.key)
}

export function userObject(profile: ProfileView, id: number): TwitterUser {
  return {
    id,
    id_str: String(id),
    name: shortName(profile),
    screen_name: screenNameOf(profile.name, profile.key),
    location: '',
    description: profile.bio,
    url: null,
    protected: false,
    verified: false,
    followers_count: profile.followerKeys.length,
    friends_count: profile.followingKeys.length,
    listed_count: 0,
    favourites_count: 0,
    statuses_count: profile.statuses,
    following: profile.following,
    default_profile: true,
    default_profile_image: true,
    profile_image_url: DEFAULT_PROFILE_IMAGE,
    profile_image_url_https: DEFAULT_PROFILE_IMAGE,
    ...(profile.createdAt !== undefined ? { created_at: twitterDate(profile.createdAt) } : {}),
    entities: { description: { urls: entitiesOf(profile.bio, new Map()).urls } },
    rstatus_key: profile.key,
    rstatus_uri: feedUri(profile.key)
  }
}

/** What a Tweet says about another user: a mention, the author replied to. */
export interface UserRef {
  id: number
  screenName: string
  name: string
}

export interface Entities {
  hashtags: Array<{ text: string; indices: [number, number] }>
  symbols: never[]
  user_mentions: Array<{ screen_name: string; name: string; id: number; id_str: string; indices: [number, number] }>
  urls: Array<{ url: string; expanded_url: string; display_url: string; indices: [number, number] }>
}

/** Entities with Twitter's indices: offsets in Unicode code points, end exclusive. */
export function entitiesOf(text: string, mentions: ReadonlyMap<string, UserRef>): Entities {
  const entities: Entities = { hashtags: [], symbols: [], user_mentions: [], urls: [] }
  let at = 0
  for (const part of parseText(text)) {
    const start = at
    at += [...part.text].length
    const indices: [number, number] = [start, at]
    if (part.kind === 'hashtag') entities.hashtags.push({ text: part.text.slice(1), indices })
    else if (part.kind === 'link') {
      entities.urls.push({ url: part.href, expanded_url: part.href, display_url: displayUrl(part.href), indices })
    } else if (part.kind === 'mention') {
      const user = mentions.get(part.name.toLowerCase())
      if (user) {
        entities.user_mentions.push({ screen_name: user.screenName, name: user.name, id: user.id, id_str: String(user.id), indices })
      }
    }
  }
  return entities
}

function displayUrl(href: string): string {
  const bare = href.replace(/^https?:\/\//, '')
  return bare.length > 30 ? bare.slice(0, 29) + '\u2026' : bare
}

export interface TweetParts {
  status: StatusView
  id: number
  user: TwitterUser | { id: number; id_str: string }
  /** By lower-cased name as written after "@". */
  mentions: ReadonlyMap<string, UserRef>
  replyTo: { id: number | null; user: UserRef } | null
  includeEntities: boolean
}

export interface Tweet {
  created_at: string
  id: number
  id_str: string
  text: string
  full_text: string
  truncated: false
  display_text_range: [number, number]
  entities?: Entities
  source: string
  in_reply_to_status_id: number | null
  in_reply_to_status_id_str: string | null
  in_reply_to_user_id: number | null
  in_reply_to_user_id_str: string | null
  in_reply_to_screen_name: string | null
  user: TweetParts['user']
  geo: null
  coordinates: null
  place: null
  contributors: null
  is_quote_status: boolean
  quoted_status_id?: number
  quoted_status_id_str?: string
  quoted_status?: Tweet
  /** A content warning has no Twitter field; its images are marked sensitive, as Twitter would. */
  possibly_sensitive?: boolean
  retweet_count: number
  favorite_count: number
  reply_count: number
  favorited: boolean
  retweeted: boolean
  lang: null
  retweeted_status?: Tweet
  rstatus_uri: string
}

export function tweetObject(parts: TweetParts): Tweet {
  const { status, id, replyTo } = parts
  const length = [...status.text].length
  return {
    created_at: twitterDate(status.createdAt),
    id,
    id_str: String(id),
    // rstatus has no 140-character cut: text is whole, as full_text is for tweet_mode=extended clients
    text: escapeTweetText(status.text),
    full_text: escapeTweetText(status.text),
    truncated: false,
    display_text_range: [0, length],
    ...(parts.includeEntities ? { entities: entitiesOf(status.text, parts.mentions) } : {}),
    source: SOURCE,
    in_reply_to_status_id: replyTo?.id ?? null,
    in_reply_to_status_id_str: replyTo?.id == null ? null : String(replyTo.id),
    in_reply_to_user_id: replyTo?.user.id ?? null,
    in_reply_to_user_id_str: replyTo ? String(replyTo.user.id) : null,
    in_reply_to_screen_name: replyTo?.user.screenName ?? null,
    user: parts.user,
    geo: null,
    coordinates: null,
    place: null,
    contributors: null,
    is_quote_status: false,
    ...(status.sensitive || status.cw !== undefined ? { possibly_sensitive: true } : {}),
    retweet_count: status.counts.reposts,
    favorite_count: status.counts.likes,
    reply_count: status.counts.replies,
    favorited: status.likedByMe,
    retweeted: status.repostedByMe,
    lang: null,
    rstatus_uri: status.uri
  }
}

/** A repost in a timeline, as Twitter shows a retweet: the reposter's Tweet wrapping the original. */
export function retweetObject(original: Tweet, repost: { id: number; uri: string; createdAt: number; user: TweetParts['user'] }): Tweet {
  const sn = 'screen_name' in original.user ? original.user.screen_name : String(original.user.id)
  const prefix = `RT @${sn}: `
  const text = prefix + original.text
  return {
    ...original,
    created_at: twitterDate(repost.createdAt),
    id: repost.id,
    id_str: String(repost.id),
    text,
    full_text: text,
    display_text_range: [0, [...prefix].length + original.display_text_range[1]],
    ...(original.entities ? { entities: retweetEntities(original, sn) } : {}),
    in_reply_to_status_id: null,
    in_reply_to_status_id_str: null,
    in_reply_to_user_id: null,
    in_reply_to_user_id_str: null,
    in_reply_to_screen_name: null,
    user: repost.user,
    retweeted_status: original,
    rstatus_uri: repost.uri
  }
}

/** A retweet's own text is "RT @name: …": its one entity is the mention of the original's author. */
function retweetEntities(original: Tweet, screenName: string): Entities {
  const author = original.user
  return {
    hashtags: [],
    symbols: [],
    user_mentions: [{
      screen_name: screenName,
      name: 'name' in author ? author.name : screenName,
      id: author.id,
      id_str: author.id_str,
      indices: [3, 4 + [...screenName].length]
    }],
    urls: []
  }
}
