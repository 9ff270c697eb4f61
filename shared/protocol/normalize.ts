// What a writer does to a person's text before it becomes a record (PROTOCOL.md, "Text": writers SHOULD
// write NFC and SHOULD trim). Readers accept text written otherwise; this is the writer's side only.
import type { ImageAttachment, NewRecord } from './records.js'
import { normalizeText } from './text.js'

/** The record as rstatus writes it: every text a person typed in NFC, with LF line breaks, trimmed. */
export function normalizeRecord<R extends NewRecord>(record: R): R {
  switch (record.type) {
    case 'status':
      return {
        ...record,
        text: typeof record.text === 'string' ? normalizeText(record.text) : record.text,
        ...(Array.isArray(record.mentions)
          ? { mentions: record.mentions.map((m) => (typeof m?.name === 'string' ? { ...m, name: normalizeText(m.name) } : m)) }
          : {}),
        ...(Array.isArray(record.attachments) ? { attachments: record.attachments.map(normalizeImage) } : {})
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
