// How status text is measured and what is found inside it. Hashtags and links are derived from the
// text (never stored separately); mentions are stored as keys because names are not unique.
import { MAX_HASHTAG_CHARS, MAX_MENTION_NAME_CHARS } from './limits.js'

/** Characters as the protocol counts them: Unicode code points of the NFC form. */
export function countChars(text: string): number {
  let n = 0
  for (const _ of text.normalize('NFC')) n++
  return n
}

export function utf8Length(text: string): number {
  return new TextEncoder().encode(text).byteLength
}

/** Well-formed UTF-16 (no lone surrogates), so the text survives a UTF-8 round trip. */
export function isWellFormed(text: string): boolean {
  return !/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(text)
}

export type TextPart =
  | { kind: 'text'; text: string }
  | { kind: 'link'; text: string; href: string }
  | { kind: 'hashtag'; text: string; tag: string }
  | { kind: 'mention'; text: string; name: string }

const TOKEN = new RegExp(
  [
    '(https?:\\/\\/[^\\s<>"]+[^\\s<>".,;:!?)\\]}\'])', // links, not swallowing trailing punctuation
    `(?<![\\p{L}\\p{N}_&])#([\\p{L}\\p{N}_]{1,${MAX_HASHTAG_CHARS}})`,
    `(?<![\\p{L}\\p{N}_@])@([\\p{L}\\p{N}_](?:[\\p{L}\\p{N}_.-]{0,${MAX_MENTION_NAME_CHARS - 2}}[\\p{L}\\p{N}_])?)`
  ].join('|'),
  'gu'
)

/** Splits text into plain runs, links, hashtags and @mentions, for indexing and for rendering as text nodes. */
export function parseText(text: string): TextPart[] {
  const parts: TextPart[] = []
  let last = 0
  for (const m of text.matchAll(TOKEN)) {
    const at = m.index ?? 0
    if (at > last) parts.push({ kind: 'text', text: text.slice(last, at) })
    if (m[1] !== undefined) parts.push({ kind: 'link', text: m[0], href: m[1] })
    else if (m[2] !== undefined) parts.push({ kind: 'hashtag', text: m[0], tag: normalizeTag(m[2]) })
    else if (m[3] !== undefined) parts.push({ kind: 'mention', text: m[0], name: m[3] })
    last = at + m[0].length
  }
  if (last < text.length) parts.push({ kind: 'text', text: text.slice(last) })
  return mergeAdjacentText(parts)
}

export function normalizeTag(tag: string): string {
  return tag.replace(/^#/, '').normalize('NFC').toLowerCase()
}

export function hashtagsOf(text: string): string[] {
  const tags = new Set<string>()
  for (const p of parseText(text)) if (p.kind === 'hashtag') tags.add(p.tag)
  return [...tags]
}

export function mentionNamesOf(text: string): string[] {
  const names = new Set<string>()
  for (const p of parseText(text)) if (p.kind === 'mention') names.add(p.name)
  return [...names]
}

export function linksOf(text: string): string[] {
  return parseText(text).flatMap((p) => (p.kind === 'link' ? [p.href] : []))
}

/** Lower-cased word tokens for full-text search: letters and digits, at least two characters. */
export function searchTokens(text: string): string[] {
  const tokens = new Set<string>()
  for (const m of text.normalize('NFC').toLowerCase().matchAll(/[\p{L}\p{N}]{2,}/gu)) {
    if (m[0].length <= 40) tokens.add(m[0])
  }
  return [...tokens]
}

function mergeAdjacentText(parts: TextPart[]): TextPart[] {
  const out: TextPart[] = []
  for (const p of parts) {
    const prev = out[out.length - 1]
    if (p.kind === 'text' && prev?.kind === 'text') prev.text += p.text
    else out.push(p)
  }
  return out
}
