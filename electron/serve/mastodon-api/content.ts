// A status's `content` as Mastodon clients expect it: HTML, built here from the status text. Nothing in a
// feed is taken as markup: every character of the text is escaped, and the only elements are the ones made
// here (paragraphs, line breaks, links, mentions and hashtags), each with attributes that are escaped too.
import type { Mention } from '../../../shared/protocol/records.js'
import { parseText } from '../../../shared/protocol/text.js'

export interface ContentLinks {
  /** Where a mentioned key points (an account's url). */
  accountUrl(key: string): string
  /** Where a hashtag points. */
  tagUrl(tag: string): string
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] as string)
}

/**
 * Paragraphs for blank lines, <br /> for single line breaks; http(s) links, resolved @mentions and #tags as
 * links. A mention that rstatus did not resolve to a key stays text, as Mastodon leaves an unknown @name.
 */
export function statusHtml(text: string, mentions: readonly Mention[], links: ContentLinks): string {
  const byName = new Map(mentions.map((m) => [m.name.toLowerCase(), m.key]))
  const paragraphs = text.replace(/\r\n?/g, '\n').split(/\n{2,}/).filter((p) => p.trim() !== '')
  return paragraphs.map((p) => `<p>${inline(p, byName, links)}</p>`).join('')
}

function inline(text: string, mentions: ReadonlyMap<string, string>, links: ContentLinks): string {
  let html = ''
  for (const part of parseText(text)) {
    switch (part.kind) {
      case 'link':
        html += `<a href="${escapeHtml(part.href)}" target="_blank" rel="nofollow noopener noreferrer">${escapeHtml(part.text)}</a>`
        break
      case 'hashtag':
        html += `<a href="${escapeHtml(links.tagUrl(part.tag))}" class="mention hashtag" rel="tag">#<span>${escapeHtml(part.text.slice(1))}</span></a>`
        break
      case 'mention': {
        const key = mentions.get(part.name.toLowerCase())
        html += key === undefined
          ? text2html(part.text)
          : `<span class="h-card"><a href="${escapeHtml(links.accountUrl(key))}" class="u-url mention">@<span>${escapeHtml(part.name)}</span></a></span>`
        break
      }
      default:
        html += text2html(part.text)
    }
  }
  return html
}

function text2html(text: string): string {
  return escapeHtml(text).replace(/\n/g, '<br />')
}
