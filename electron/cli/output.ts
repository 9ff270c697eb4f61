// How the CLI writes for people. Text from feeds is input we did not choose: control characters (ANSI
// escapes could rewrite the terminal) are replaced before anything reaches a terminal. JSON output is
// already safe, since JSON.stringify escapes them.
import type { FeedSync } from '../../shared/api/follows.js'
import type { Profile, StatusView } from '../../shared/api/shapes.js'
import type { AppToken } from '../../shared/api/tokens.js'
import { shortKey } from '../../shared/keys.js'
import { textWithNames } from '../../shared/mention-display.js'
import { printableText } from '../../shared/printable.js'

export interface Io {
  out(text: string): void
  err(text: string): void
}

/** Messages are written as sentences; after "rstatus: " they read better starting in lower case. */
export function errorLine(message: string): string {
  const line = printableText(message).split('\n')[0] ?? ''
  return 'rstatus: ' + (/^[A-Z][a-z]/.test(line) ? line[0]!.toLowerCase() + line.slice(1) : line)
}

export function authorLabel(author: { key: string; name: string | null }): string {
  return author.name ? `${printableText(author.name)} (${shortKey(author.key)})` : shortKey(author.key)
}

export function formatProfile(p: Profile): string {
  const rows: Array<[string, string]> = [
    ['name', p.name === null ? '(not set)' : printableText(p.name)],
    ['bio', p.bio === '' ? '(empty)' : printableText(p.bio).replace(/\n/g, ' ')],
    ['key', p.key],
    ['uri', p.uri],
    ...(p.handle ? [['handle', `${p.handle} ${handleState(p)}`] as [string, string]] : [])
  ]
  return rows.map(([k, v]) => `${`${k} `.padEnd(5)}${v}`).join('\n')
}

function handleState(p: Profile): string {
  return p.handleVerified ? '(verified)' : p.handlePending ? '(not checked yet: the domain has not answered)' : '(not verified)'
}

export function formatFollowing(profiles: Profile[]): string {
  if (profiles.length === 0) return 'You follow no one yet: rstatus follow KEY'
  return profiles.map((p) => (p.name ? `${p.key}  ${printableText(p.name)}` : p.key)).join('\n')
}

export function formatTimeline(items: StatusView[], now = Date.now()): string {
  if (items.length === 0) return 'Your timeline is empty: post something, or follow someone.'
  return items.map((s) => formatStatus(s, now)).join('\n\n')
}

export function formatStatus(s: StatusView, now = Date.now()): string {
  const lines: string[] = []
  if (s.repostedBy) lines.push(`reposted by ${authorLabel(s.repostedBy)}`)
  const to = s.replyToAuthor ? `${authorLabel(s.replyToAuthor)}, ${s.replyTo}` : s.replyTo
  lines.push(`${authorLabel(s.author)} · ${relativeTime(s.sortAt ?? s.createdAt, now)}${s.replyTo ? ` · reply to ${to}` : ''}`)
  for (const line of printableText(textWithNames(s.text, s.mentions)).split('\n')) lines.push('  ' + line)
  const counts = [
    s.counts.replies ? `${s.counts.replies} repl${s.counts.replies === 1 ? 'y' : 'ies'}` : '',
    s.counts.reposts ? `${s.counts.reposts} repost${s.counts.reposts === 1 ? '' : 's'}` : '',
    s.counts.likes ? `${s.counts.likes} like${s.counts.likes === 1 ? '' : 's'}` : ''
  ].filter(Boolean)
  lines.push(`  ${s.uri}${counts.length ? '  ' + counts.join(', ') : ''}`)
  return lines.join('\n')
}

export function relativeTime(at: number, now: number): string {
  const s = Math.round((now - at) / 1000)
  if (s < 45) return 'just now'
  if (s < 3600) return `${Math.round(s / 60)}m ago`
  if (s < 86_400) return `${Math.round(s / 3600)}h ago`
  if (s < 7 * 86_400) return `${Math.round(s / 86_400)}d ago`
  return new Date(at).toISOString().slice(0, 10)
}

export function formatAppTokens(tokens: AppToken[]): string {
  if (tokens.length === 0) return 'No app tokens yet: rstatus token create --name NAME [--read-only]'
  const rows = [
    ['NAME', 'ACCESS', 'MESSAGES', 'CREATED (UTC)', 'LAST USED (UTC)'],
    ...tokens.map((t) => [
      printableText(t.name),
      t.readOnly ? 'read-only' : 'read-write',
      t.messages ? (t.readOnly ? 'read' : 'read, send') : 'no',
      dateTime(t.createdAt),
      t.lastUsedAt === null ? 'never' : dateTime(t.lastUsedAt)
    ])
  ]
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => [...(r[i] ?? '')].length)))
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell + ' '.repeat(widths[i]! - [...cell].length))).join('  ')).join('\n')
}

/** "2025-01-31 14:05" in UTC: short, sortable, and the same on every machine. */
function dateTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 16).replace('T', ' ')
}

/** One line for a followed feed that is no longer fetched whole: why, and how much of it is here. */
export function formatStopped(f: FeedSync): string {
  const who = f.name ? `${f.key} (${printableText(f.name)})` : f.key
  if (f.stopped === 'size-cap') {
    const fits = f.capLength ?? f.localLength
    return `${who} stopped at the size cap: the first ${fits} of its ${f.remoteLength} blocks are fetched and indexed (RSTATUS_MAX_FEED_MB sets the cap)`
  }
  return `${who} was forked by its author: frozen at the ${f.localLength} blocks held, ${f.indexedLength} of them indexed`
}

/**
 * The JSON contract of a timeline item: `author` is the identity key, beside `feed`, the feed the status is in;
 * `text` as stored, and `mentions` says whom each @name in it stands for: the key, and the name this peer knows.
 */
export function timelineItem(s: StatusView): Record<string, unknown> {
  const { card, mentions = [], ...rest } = s
  return {
    ...rest,
    author: s.author.key,
    authorName: s.author.name,
    mentions: mentions.map((m) => ({ key: m.key, name: m.profileName ?? m.name })),
    // The picture as `attachments` give theirs, so a script reads both one way (docs/API.md).
    ...(card ? { card: { url: card.url, title: card.title, description: card.description, ...(card.image ? { image: card.image } : {}) } } : {})
  }
}
