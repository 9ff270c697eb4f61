// What a status or a bio says, split for rendering as text nodes and links (never HTML). The protocol's own
// parser (shared/protocol/text.ts) finds web links, #tags and @mentions, as indexing does; on top of that a
// reader opens rstatus:// links inside the app and bare www. addresses on the web, and a run of blank lines
// reads as one.
import { parseRef, type FeedKey } from '../../shared/keys.js'
import { parseText, type TextPart } from '../../shared/protocol/text.js'

export type RichPart =
  | TextPart
  /** rstatus://KEY opens the profile, rstatus://KEY/SEQ the thread. */
  | { kind: 'app-link'; text: string; key: FeedKey; seq?: number }

// Within plain text only: what parseText left as text. A www. address needs a dot after its first label.
const EXTRA = /(?<![\p{L}\p{M}\p{N}_/.@-])(rstatus:\/\/[^\s<>"]+|www\.[\p{L}\p{N}-]+\.[^\s<>"]+)/giu
/** Dropped from the end of a link: sentence punctuation is the writer's, not the link's. */
const TRAILING = /[.,;:!?'"*\u2026)\]}»”’]+$/u

/** Three or more line breaks (blank lines, or lines of spaces) become one blank line. */
export function collapseBlankLines(text: string): string {
  return text.replace(/\n[^\S\n]*(?:\n[^\S\n]*){2,}/g, '\n\n')
}

export function richParts(text: string): RichPart[] {
  const out: RichPart[] = []
  for (const part of parseText(collapseBlankLines(text))) {
    if (part.kind !== 'text') out.push(part)
    else out.push(...extraLinks(part.text))
  }
  return out
}

function extraLinks(text: string): RichPart[] {
  const out: RichPart[] = []
  let last = 0
  const plain = (to: number) => {
    if (to > last) out.push({ kind: 'text', text: text.slice(last, to) })
    last = to
  }
  for (const m of text.matchAll(EXTRA)) {
    const at = m.index ?? 0
    const candidate = m[0].replace(TRAILING, '')
    const part = linkOf(candidate)
    if (!part) continue
    plain(at)
    out.push(part)
    last = at + candidate.length
  }
  plain(text.length)
  return out
}

function linkOf(candidate: string): RichPart | null {
  if (/^www\./i.test(candidate)) return { kind: 'link', text: candidate, href: `https://${candidate}` }
  try {
    const ref = parseRef(candidate)
    return { kind: 'app-link', text: candidate, key: ref.key, ...(ref.seq !== undefined ? { seq: ref.seq } : {}) }
  } catch {
    return null
  }
}
