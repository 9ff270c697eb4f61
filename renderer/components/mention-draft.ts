// Mentions chosen from the composer's suggestions: the text shows a name, and the status stores the key it
// stands for, so "@alice" means the Alice picked even when two people share the name.
import type { Profile } from '../../shared/api/shapes.js'
import type { FeedKey } from '../../shared/keys.js'
import { mentionNamesOf } from '../../shared/protocol/text.js'

export interface ChosenMention {
  /** As written after "@". */
  name: string
  key: FeedKey
}

const MENTIONABLE = /^[\p{L}\p{N}_](?:[\p{L}\p{N}_.-]{0,62}[\p{L}\p{N}_])?$/u

/**
 * What to write after "@" for `person`: their name, made writable ("Ann Example" becomes Ann_Example); the key
 * when nothing writable is left, or when an earlier choice already wrote that name for someone else.
 */
export function mentionToken(person: Profile, chosen: readonly ChosenMention[]): string {
  const name = (person.name ?? '').trim()
  const writable = MENTIONABLE.test(name) ? name : name.replace(/[^\p{L}\p{N}_.-]+/gu, '_').replace(/^[_.-]+|[_.-]+$/gu, '').slice(0, 64)
  if (!MENTIONABLE.test(writable)) return person.key
  const taken = chosen.some((c) => c.name.toLowerCase() === writable.toLowerCase() && c.key !== person.key)
  return taken ? person.key : writable
}

/** The chosen mentions the text still holds, each name once: what the status stores beside its text. */
export function mentionsToSend(text: string, chosen: readonly ChosenMention[]): ChosenMention[] {
  const written = new Set(mentionNamesOf(text).map((n) => n.toLowerCase()))
  const out = new Map<string, ChosenMention>()
  for (const c of chosen) if (written.has(c.name.toLowerCase())) out.set(c.name.toLowerCase(), c)
  return [...out.values()]
}
