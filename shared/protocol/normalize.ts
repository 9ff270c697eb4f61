// What a writer does to a person's text before it becomes a record (PROTOCOL.md, "Text": writers SHOULD
// write NFC and SHOULD trim). Readers accept text written otherwise; this is the writer's side only.
import type { ImageAttachment, LinkCard, NewRecord, Poll } from './records.js'
import { normalizeText } from './text.js'

/** The record as rstatus writes it: every text a person typed in NFC, with LF line breaks, trimmed. */
export function normalizeRecord<R extends NewRecord>(record: R): R {
  switch (record.type) {
    case 'status':
    case 'edit':
      return {
        ...record,
        text: typeof record.text === 'string' ? normalizeText(record.text) : record.text,
        ...(Array.isArray(record.mentions)
          ? { mentions: record.mentions.map((m) => (typeof m?.name === 'string' ? { ...m, name: normalizeText(m.name) } : m)) }
          : {}),
        ...(Array.isArray(record.attachments) ? { attachments: record.attachments.map(normalizeImage) } : {}),
        ...(typeof record.cw === 'string' ? { cw: normalizeText(record.cw) } : {}),
        ...(record.card && typeof record.card === 'object' ? { card: normalizeCard(record.card) } : {}),
        ...('poll' in record && record.poll && typeof record.poll === 'object' ? { poll: normalizePoll(record.poll) } : {})
      }
    case 'profile':
      return {
        ...record,
        name: typeof record.name === 'string' ? normalizeText(record.name) : record.name,
        ...(typeof record.bio === 'string' ? { bio: normalizeText(record.bio) } : {})
      }
    default:
      return record
  }
}

function normalizeImage(image: ImageAttachment): ImageAttachment {
  return typeof image?.alt === 'string' ? { ...image, alt: normalizeText(image.alt) } : image
}

/** A card's title and description come from a web page: one line each, as the format wants them. */
function normalizeCard(card: LinkCard): LinkCard {
  const line = (text: unknown) => (typeof text === 'string' ? normalizeText(text.replace(/\s+/g, ' ')) : text)
  return { ...card, title: line(card.title) as string, description: line(card.description) as string }
}

function normalizePoll(poll: Poll): Poll {
  return Array.isArray(poll.choices) ? { ...poll, choices: poll.choices.map((c) => (typeof c === 'string' ? normalizeText(c) : c)) } : poll
}
