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

/** Why a piece of text does not fit its field's limits; each caller words it for its own readers. */
export type TextProblem =
  | { kind: 'not-unicode' }
  | { kind: 'control'; char: string }
  | { kind: 'empty' }
  | { kind: 'too-long'; unit: 'characters' | 'bytes'; length: number; limit: number }

/**
 * The protocol's checks of a text field, in the order readers apply them (PROTOCOL.md): well-formed, not
 * empty unless allowed (white space alone is empty), at most `maxChars` characters and `maxBytes` bytes of
 * UTF-8. Null when the text fits. The validator and the CLI both ask this, so they never disagree.
 */
export function textProblem(text: string, limits: { maxChars: number; maxBytes?: number; allowEmpty?: boolean }): TextProblem | null {
  if (!isWellFormed(text)) return { kind: 'not-unicode' }
  const control = forbiddenControl(text)
  if (control) return { kind: 'control', char: control }
  if (!limits.allowEmpty && text.trim().length === 0) return { kind: 'empty' }
  const chars = countChars(text)
  if (chars > limits.maxChars) return { kind: 'too-long', unit: 'characters', length: chars, limit: limits.maxChars }
  if (limits.maxBytes !== undefined) {
    const bytes = utf8Length(text)
    if (bytes > limits.maxBytes) return { kind: 'too-long', unit: 'bytes', length: bytes, limit: limits.maxBytes }
  }
  return null
}

/**
 * Control characters that no text field may hold: the C0 and C1 controls (Unicode category Cc) except the
 * tab, line feed and carriage return. A NUL or an ESC in a status is a terminal escape or a truncation
 * waiting to happen in some reader, and no person types one.
 */
const FORBIDDEN_CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/u

/** The first control character a text field may not hold, as U+XXXX, or null. */
export function forbiddenControl(text: string): string | null {
  const m = FORBIDDEN_CONTROLS.exec(text)
  return m ? codePoint(m[0]) : null
}

/**
 * What a one-line field (a name) may not hold besides: every control character (tab and line breaks too),
 * the line and paragraph separators, and the bidirectional embeddings, overrides and isolates (U+202A to
 * U+202E, U+2066 to U+2069), which can make a name appear to say something else. Other format characters
 * (Cf) stay: the zero-width joiner builds emoji and Indic conjuncts, the non-joiner is needed in Persian.
 */
const NOT_IN_ONE_LINE = /[\p{Cc}\u2028\u2029\u202a-\u202e\u2066-\u2069]/u

/** The first character a one-line field may not hold, as U+XXXX, or null. */
export function notOneLine(text: string): string | null {
  const m = NOT_IN_ONE_LINE.exec(text)
  return m ? codePoint(m[0]) : null
}

function codePoint(ch: string): string {
  return 'U+' + ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')
}

/**
 * Text as a writer SHOULD write it (PROTOCOL.md, "Text"): line breaks as LF, Unicode NFC, no white space at
 * either end. Readers accept text that is not written so; rstatus writes every person's text this way.
 */
export function normalizeText(text: string): string {
  return text.replace(/\r\n?/g, '\n').normalize('NFC').trim()
}

export type TextPart =
  | { kind: 'text'; text: string }
  | { kind: 'link'; text: string; href: string }
  | { kind: 'hashtag'; text: string; tag: string }
  | { kind: 'mention'; text: string; name: string }

// Letters, combining marks (vowel signs in Devanagari, Thai, ...), digits and "_" make up words.
const WORD = '\\p{L}\\p{M}\\p{N}_'
const TOKEN = new RegExp(
  [
    `(?<![${WORD}])(https?:\\/\\/[^\\s<>"]+)`,
    `(?<![${WORD}&])#([${WORD}]+)`,
    `(?<![${WORD}@])@([${WORD}](?:[${WORD}.-]*[${WORD}])?)`
  ].join('|'),
  'giu'
)
/** Dropped from the end of a link: sentence punctuation is the writer's, not the link's. */
const LINK_TRAILING = new Set([...'.,;:!?\'*\u2026\u3002\u3001\uff0c\uff01\uff1f\uff1a\uff1b\u00bb\u201d\u2019\u300d\u300f\uff09\u3011'])
/** Closing brackets stay when the link opened them, as in https://en.wikipedia.org/wiki/Rust_(language). */
const LINK_BRACKETS = new Map([
  [')', '('],
  [']', '['],
  ['}', '{']
])

/** Splits text into plain runs, links, hashtags and @mentions, for indexing and for rendering as text nodes. */
export function parseText(text: string): TextPart[] {
  const parts: TextPart[] = []
  let last = 0
  const plain = (from: number, to: number): void => {
    if (to > from) parts.push({ kind: 'text', text: text.slice(from, to) })
  }
  for (const m of text.matchAll(TOKEN)) {
    const at = m.index ?? 0
    plain(last, at)
    last = at + m[0].length
    if (m[1] !== undefined) {
      const href = trimLink(m[1])
      if (href === null) plain(at, last)
      else {
        parts.push({ kind: 'link', text: href, href })
        plain(at + href.length, last)
      }
    } else if (m[2] !== undefined) {
      if (isHashtag(m[2])) parts.push({ kind: 'hashtag', text: m[0], tag: normalizeTag(m[2]) })
      else plain(at, last)
    } else if (m[3] !== undefined) {
      if (countChars(m[3]) <= MAX_MENTION_NAME_CHARS) parts.push({ kind: 'mention', text: m[0], name: m[3] })
      else plain(at, last)
    }
  }
  plain(last, text.length)
  return mergeAdjacentText(parts)
}

/** The link without trailing punctuation, or null when nothing is left after the scheme. */
function trimLink(candidate: string): string | null {
  const unbalanced = new Map<string, number>()
  for (const [close, open] of LINK_BRACKETS) unbalanced.set(close, occurrences(candidate, close) - occurrences(candidate, open))
  let end = candidate.length
  while (end > 0) {
    const ch = candidate.charAt(end - 1)
    const extra = unbalanced.get(ch)
    if (LINK_TRAILING.has(ch)) end--
    else if (extra !== undefined && extra > 0) {
      unbalanced.set(ch, extra - 1)
      end--
    } else break
  }
  return end > candidate.indexOf('://') + 3 ? candidate.slice(0, end) : null
}

function occurrences(text: string, ch: string): number {
  return text.split(ch).length - 1
}

/** A hashtag has at most MAX_HASHTAG_CHARS characters and at least one letter, so "#1" stays text. */
function isHashtag(body: string): boolean {
  return countChars(body) <= MAX_HASHTAG_CHARS && /\p{L}/u.test(body)
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

/** Lower-cased word tokens for full-text search: letters, marks and digits, 2 to 40 UTF-16 units. */
export function searchTokens(text: string): string[] {
  const tokens = new Set<string>()
  for (const m of text.normalize('NFC').toLowerCase().matchAll(/[\p{L}\p{M}\p{N}]{2,}/gu)) {
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
