// The own feed as Atom 1.0 (RFC 4287), for feed readers: `rstatus atom` writes it, `rstatus serve` serves it
// at /feed.atom. Ids are the rstatus:// URIs, times RFC 3339 in UTC, and the text goes in as text (escaped),
// so a reader shows exactly what was written. Replies carry the Atom threading extension (RFC 4685).
import type { Api } from '../../shared/api/contract.js'
import type { Profile, StatusView } from '../../shared/api/shapes.js'
import { feedUri, shortKey } from '../../shared/keys.js'
import { hashtagsOf } from '../../shared/protocol/text.js'

export const ATOM_TYPE = 'application/atom+xml; charset=utf-8'
const ATOM_NS = 'http://www.w3.org/2005/Atom'
const THREAD_NS = 'http://purl.org/syndication/thread/1.0'
const GENERATOR = { uri: 'https://github.com/rstatus/rstatus', name: 'rstatus' }
const TITLE_CHARS = 80
/** 9999-12-31T23:59:59.999Z: RFC 3339 has four-digit years. */
const MAX_RFC3339_MS = 253402300799999
const PAGE = 500

export interface AtomInput {
  profile: Pick<Profile, 'key' | 'name' | 'bio'>
  /** Newest first, as the views return them. */
  statuses: readonly StatusView[]
  /** The feed's <updated> when it has no entries (ms since epoch). */
  now: number
  /** Where the feed itself can be fetched, if known: <link rel="self">. */
  selfUrl?: string
}

export function atomFeed(input: AtomInput): string {
  const { profile, statuses } = input
  const uri = feedUri(profile.key)
  const name = profile.name ?? shortKey(profile.key)
  const updated = statuses.reduce((max, s) => Math.max(max, s.createdAt), statuses.length > 0 ? 0 : input.now)
  const lines = [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<feed xmlns="${ATOM_NS}" xmlns:thr="${THREAD_NS}">`,
    `  <id>${text(uri)}</id>`,
    `  <title type="text">${text(name)}</title>`,
    ...(profile.bio ? [`  <subtitle type="text">${text(profile.bio)}</subtitle>`] : []),
    `  <updated>${rfc3339(updated)}</updated>`,
    `  <author><name>${text(name)}</name><uri>${text(uri)}</uri></author>`,
    `  <link rel="alternate" href="${attr(uri)}"/>`,
    ...(input.selfUrl ? [`  <link rel="self" type="application/atom+xml" href="${attr(input.selfUrl)}"/>`] : []),
    `  <generator uri="${attr(GENERATOR.uri)}">${GENERATOR.name}</generator>`,
    ...statuses.map(entry),
    '</feed>',
    ''
  ]
  return lines.join('\n')
}

function entry(s: StatusView): string {
  const time = rfc3339(s.createdAt)
  return [
    '  <entry>',
    `    <id>${text(s.uri)}</id>`,
    `    <title type="text">${text(titleOf(s.text))}</title>`,
    `    <published>${time}</published>`,
    `    <updated>${time}</updated>`,
    `    <link rel="alternate" href="${attr(s.uri)}"/>`,
    ...(s.replyTo ? [`    <thr:in-reply-to ref="${attr(s.replyTo)}" href="${attr(s.replyTo)}"/>`] : []),
    ...hashtagsOf(s.text).map((tag) => `    <category term="${attr(tag)}"/>`),
    `    <content type="text">${text(s.text)}</content>`,
    '  </entry>'
  ].join('\n')
}

/** The first line, shortened: a reader's list shows it; the content has the whole text. */
export function titleOf(statusText: string): string {
  const line = statusText.trim().split('\n')[0]?.replace(/\s+/g, ' ') ?? ''
  const chars = [...line]
  return chars.length > TITLE_CHARS ? chars.slice(0, TITLE_CHARS - 1).join('') + '\u2026' : line
}

/** RFC 3339 in UTC with milliseconds; times outside years 0000 to 9999 are clamped to them. */
export function rfc3339(ms: number): string {
  return new Date(Math.max(0, Math.min(ms, MAX_RFC3339_MS))).toISOString()
}

/**
 * Character data. Besides &, < and >, a carriage return is written as a reference (parsers turn a literal
 * one into a newline), and characters XML 1.0 cannot carry at all become U+FFFD.
 */
export function text(value: string): string {
  return xmlSafe(value).replace(/[&<>\r]/g, (c) => ENTITIES[c] as string)
}

export function attr(value: string): string {
  return xmlSafe(value).replace(/[&<>"\r\n\t]/g, (c) => ENTITIES[c] as string)
}

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  '\r': '&#xD;',
  '\n': '&#xA;',
  '\t': '&#x9;'
}

/** XML 1.0's Char production: no C0 controls but tab, newline and return; no lone surrogates, U+FFFE, U+FFFF. */
function xmlSafe(value: string): string {
  return value.replace(
    /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g,
    '\ufffd'
  )
}

/** The own profile and newest statuses, up to `limit` (all when unset), through any Api. */
export async function ownAtomFeed(
  api: Api,
  opts: { limit?: number; now?: number; selfUrl?: string } = {}
): Promise<{ xml: string; entries: number }> {
  const me = await api.call('whoami', {})
  const limit = opts.limit ?? Number.POSITIVE_INFINITY
  const statuses: StatusView[] = []
  let cursor: string | undefined
  while (statuses.length < limit) {
    const page = await api.call('profileStatuses', {
      key: me.key,
      limit: Math.min(PAGE, limit - statuses.length),
      ...(cursor ? { cursor } : {})
    })
    statuses.push(...page.items)
    if (page.cursor === null || page.items.length === 0) break
    cursor = page.cursor
  }
  const xml = atomFeed({
    profile: me.profile,
    statuses,
    now: opts.now ?? Date.now(),
    ...(opts.selfUrl ? { selfUrl: opts.selfUrl } : {})
  })
  return { xml, entries: statuses.length }
}
