// Reading the tweets of a Twitter/X archive: data/tweets.js (older archives: data/tweet.js; large ones add
// data/tweets-part1.js, ...) holds `window.YTD.tweets.part0 = [ { "tweet": { ... } }, ... ]`. Pure: the
// importer feeds it the files' text. Tweets come back oldest first, so a reply always follows its parent.
import { MAX_STATUS_BYTES, MAX_STATUS_CHARS } from '../../../shared/protocol/limits.js'
import { countChars, utf8Length } from '../../../shared/protocol/text.js'

export interface ArchivedTweet {
  id: string
  createdAt: number
  /** The text as rstatus shows it: entities decoded, t.co links expanded, the photo link removed. */
  text: string
  /** The tweet this one answers, whoever wrote it. */
  replyToId: string | null
  /** A retweet ("RT @…"): someone else's words, not imported. */
  retweet: boolean
  photos: ArchivedPhoto[]
}

export interface ArchivedPhoto {
  /** The file's name in the archive's media folder: `<tweet id>-<name of the media URL>`. */
  file: string
  alt: string | null
}

/** Files of an archive that hold tweets. */
export function isTweetsFile(name: string): boolean {
  return /^data\/tweets?(-part\d+)?\.js$/.test(name)
}

/** Media folders: data/tweets_media/ (current archives), data/tweet_media/ (older ones). */
export function mediaFileName(name: string): string | null {
  const m = /^data\/tweets?_media\/([^/]+)$/.exec(name)
  return m ? m[1]! : null
}

/** Parses one tweets file; throws with a reason for people when it is not one. */
export function parseTweetsFile(text: string): ArchivedTweet[] {
  const start = text.indexOf('=')
  if (!/^\s*window\.YTD\.\w+\.part\d+\s*$/.test(text.slice(0, Math.max(start, 0))) || start < 0) {
    throw new Error('it does not start with window.YTD.tweets.part0 =')
  }
  let items: unknown
  try {
    items = JSON.parse(text.slice(start + 1).trim().replace(/;$/, ''))
  } catch {
    throw new Error('its list of tweets is not valid JSON')
  }
  if (!Array.isArray(items)) throw new Error('it holds no list of tweets')
  const tweets: ArchivedTweet[] = []
  for (const item of items) {
    const raw = isObject(item) && isObject(item.tweet) ? item.tweet : item
    const tweet = isObject(raw) ? toTweet(raw) : null
    if (tweet) tweets.push(tweet)
  }
  return tweets
}

/** Oldest first; ties (same second) by id, which Twitter assigns in time order. */
export function oldestFirst(tweets: ArchivedTweet[]): ArchivedTweet[] {
  return [...tweets].sort((a, b) => a.createdAt - b.createdAt || compareIds(a.id, b.id))
}

function toTweet(raw: Record<string, unknown>): ArchivedTweet | null {
  const id = typeof raw.id_str === 'string' ? raw.id_str : typeof raw.id === 'string' ? raw.id : null
  const createdAt = typeof raw.created_at === 'string' ? Date.parse(raw.created_at) : NaN
  const full = typeof raw.full_text === 'string' ? raw.full_text : typeof raw.text === 'string' ? raw.text : null
  if (!id || !/^\d{1,30}$/.test(id) || !Number.isFinite(createdAt) || createdAt < 0 || full === null) return null
  const entities = isObject(raw.entities) ? raw.entities : {}
  const extended = isObject(raw.extended_entities) ? raw.extended_entities : {}
  const media = list(extended.media).length > 0 ? list(extended.media) : list(entities.media)
  const photos: ArchivedPhoto[] = []
  for (const m of media) {
    if (m.type !== undefined && m.type !== 'photo') continue
    const url = typeof m.media_url_https === 'string' ? m.media_url_https : typeof m.media_url === 'string' ? m.media_url : null
    const name = url?.split('/').pop()
    if (!name) continue
    const alt = typeof m.ext_alt_text === 'string' && m.ext_alt_text.trim() ? m.ext_alt_text : null
    photos.push({ file: `${id}-${name}`, alt })
  }
  const replyTo = raw.in_reply_to_status_id_str ?? raw.in_reply_to_status_id
  return {
    id,
    createdAt,
    text: statusText(full, list(entities.urls), media),
    replyToId: typeof replyTo === 'string' && /^\d+$/.test(replyTo) ? replyTo : null,
    retweet: /^RT @/.test(full),
    photos: photos.slice(0, 4)
  }
}

/** Decodes the HTML entities Twitter writes, expands t.co links, drops the link to the tweet's own media. */
export function statusText(full: string, urls: Array<Record<string, unknown>>, media: Array<Record<string, unknown>>): string {
  let text = full
  for (const m of media) if (typeof m.url === 'string') text = text.split(m.url).join('')
  for (const u of urls) {
    if (typeof u.url === 'string' && typeof u.expanded_url === 'string') text = text.split(u.url).join(u.expanded_url)
  }
  text = text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&').trim()
  return fitStatus(text)
}

/** Cuts text that is over the status limits (long tweets) at a character, with an ellipsis. */
function fitStatus(text: string): string {
  if (countChars(text) <= MAX_STATUS_CHARS && utf8Length(text) <= MAX_STATUS_BYTES) return text
  let cut = [...text.normalize('NFC')].slice(0, MAX_STATUS_CHARS - 1).join('')
  while (utf8Length(cut) > MAX_STATUS_BYTES - 3) cut = [...cut].slice(0, -1).join('')
  return cut.trimEnd() + '…'
}

function compareIds(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0)
}

function list(value: unknown): Array<Record<string, unknown>> {
  return Array.isArray(value) ? value.filter(isObject) : []
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
