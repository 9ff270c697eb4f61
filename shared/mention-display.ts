// Names from feeds as people read them, in the app and in the CLI's text. A name must not be able to
// reverse the text that follows it, so the bidirectional embedding and isolate controls are removed (the UI
// wraps names in <bdi> as well). A mention reads as the name of the profile held for its key.
import type { MentionView } from './api/shapes.js'
import { isKey, parseKey, shortKey } from './keys.js'
import { parseText } from './protocol/text.js'

const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g

/** The name without bidi controls; null when nothing is left. */
export function cleanName(name: string | null | undefined): string | null {
  const clean = name?.replace(BIDI_CONTROLS, '').trim() ?? ''
  return clean === '' ? null : clean
}

/** The mention a status names for "@written": by name (exact first, then ignoring case), or by its key. */
export function findMention(mentions: readonly MentionView[], written: string): MentionView | undefined {
  return (
    mentions.find((m) => m.name === written) ??
    mentions.find((m) => m.name.toLowerCase() === written.toLowerCase()) ??
    (isKey(written) ? mentions.find((m) => m.key === parseKey(written)) : undefined)
  )
}

/**
 * How a mention reads: the name of the profile held for its key; with the key beside it only where the name
 * would not say who (someone else known has it too, or no profile is held).
 */
export function mentionShown(written: string, m: MentionView): { name: string; key: string | null } {
  const profileName = cleanName(m.profileName)
  if (profileName !== null) return { name: profileName, key: m.nameShared ? shortKey(m.key) : null }
  if (isKey(written)) return { name: shortKey(m.key), key: null }
  // profileName absent: this peer did not look; null: it holds no profile for the key, so show the key.
  return { name: cleanName(written) ?? shortKey(m.key), key: m.profileName === null ? shortKey(m.key) : null }
}

/** The text with each resolved @mention written as it reads (mentionShown), "@Alice (ab12cd34)" with its key. */
export function textWithNames(text: string, mentions: readonly MentionView[] = []): string {
  if (mentions.length === 0) return text
  return parseText(text)
    .map((part) => {
      if (part.kind !== 'mention') return part.text
      const m = findMention(mentions, part.name)
      if (!m) return part.text
      const shown = mentionShown(part.name, m)
      return `@${shown.name}${shown.key ? ` (${shown.key})` : ''}`
    })
    .join('')
}
