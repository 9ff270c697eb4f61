// Attachments of statuses and the avatar of profiles: images stored in the author's blobs core
// (PROTOCOL.md, "Attachments"). Like the rest of the decoder, these copy known fields only and throw
// Invalid with a reason.
import { parseKey } from '../keys.js'
import { Invalid } from './invalid.js'
import { MAX_ALT_CHARS, MAX_ATTACHMENTS, MAX_IMAGE_BYTES, MAX_IMAGE_SIDE, MAX_SOURCE_CHARS, MAX_THUMB_BYTES } from './limits.js'
import type { BlobRef, ImageAttachment, ImageMime } from './records.js'
import { countChars, forbiddenControl, isWellFormed } from './text.js'

export const IMAGE_MIMES: readonly ImageMime[] = ['image/jpeg', 'image/png', 'image/webp', 'image/gif']

/**
 * A status's `attachments`: at most MAX_ATTACHMENTS entries. Entries of a type this reader does not know are
 * dropped (the status stays valid); a bad image entry makes the status invalid. Absent when nothing is kept.
 */
export function parseAttachments(value: unknown): ImageAttachment[] | undefined {
  if (!Array.isArray(value)) throw new Invalid('attachments must be an array')
  if (value.length > MAX_ATTACHMENTS) throw new Invalid(`more than ${MAX_ATTACHMENTS} attachments`)
  const out: ImageAttachment[] = []
  for (const entry of value) {
    const fields = fieldsOf(entry, 'an attachment')
    if (typeof fields.type !== 'string') throw new Invalid('an attachment has no "type"')
    if (fields.type !== 'image') continue
    out.push(parseImage(fields, { alt: true }))
  }
  return out.length > 0 ? out : undefined
}

/** A profile's `avatar`: one image; its alt, if any, is not kept (the name says who it is). */
export function parseAvatar(value: unknown): ImageAttachment {
  const fields = fieldsOf(value, 'the avatar')
  if (fields.type !== 'image') throw new Invalid('the avatar must be an image')
  return parseImage(fields, { alt: false })
}

/** A link card's `image`: one small image, like an avatar; its alt is not kept (the card's title says what it is). */
export function parseCardImage(value: unknown): ImageAttachment {
  const fields = fieldsOf(value, 'the card image')
  if (fields.type !== 'image') throw new Invalid('the card image must be an image')
  return parseImage(fields, { alt: false })
}

/** `source` of an imported status: `<service>:<id>`, one line. */
export function parseSource(value: unknown): string {
  if (typeof value !== 'string' || !/^[a-z][a-z0-9-]{0,19}:[\x21-\x7e]+$/.test(value) || value.length > MAX_SOURCE_CHARS) {
    throw new Invalid(`"source" must be <service>:<id> in printable ASCII, at most ${MAX_SOURCE_CHARS} characters`)
  }
  return value
}

function parseImage(fields: Record<string, unknown>, opts: { alt: boolean }): ImageAttachment {
  const mime = fields.mime
  if (typeof mime !== 'string' || !(IMAGE_MIMES as readonly string[]).includes(mime)) {
    throw new Invalid(`an image's "mime" must be one of ${IMAGE_MIMES.join(', ')}`)
  }
  const image: ImageAttachment = {
    type: 'image',
    mime: mime as ImageMime,
    blobs: canonicalKey(fields.blobs),
    blob: blobRef(fields.blob, 'blob', MAX_IMAGE_BYTES),
    width: side(fields.width, 'width'),
    height: side(fields.height, 'height')
  }
  if (fields.thumb !== undefined) image.thumb = blobRef(fields.thumb, 'thumb', MAX_THUMB_BYTES)
  if (opts.alt && fields.alt !== undefined) image.alt = altText(fields.alt)
  return image
}

/** Where a blob lies: whole numbers, at least one block and one byte, and no more blocks than bytes. */
function blobRef(value: unknown, field: string, maxBytes: number): BlobRef {
  const fields = fieldsOf(value, `"${field}"`)
  const ref: BlobRef = {
    blockOffset: count(fields.blockOffset, `${field}.blockOffset`, 0),
    blockLength: count(fields.blockLength, `${field}.blockLength`, 1),
    byteOffset: count(fields.byteOffset, `${field}.byteOffset`, 0),
    byteLength: count(fields.byteLength, `${field}.byteLength`, 1)
  }
  if (ref.byteLength > maxBytes) throw new Invalid(`"${field}" is over ${maxBytes} bytes`)
  if (ref.blockLength > ref.byteLength) throw new Invalid(`"${field}" has more blocks than bytes`)
  return ref
}

function count(value: unknown, field: string, min: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
    throw new Invalid(`"${field}" must be a whole number of at least ${min}`)
  }
  return value
}

function side(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1 || value > MAX_IMAGE_SIDE) {
    throw new Invalid(`an image's "${field}" must be a whole number from 1 to ${MAX_IMAGE_SIDE}`)
  }
  return value
}

function altText(value: unknown): string {
  if (typeof value !== 'string') throw new Invalid('"alt" must be a string')
  if (!isWellFormed(value)) throw new Invalid('"alt" is not well-formed Unicode')
  const control = forbiddenControl(value)
  if (control) throw new Invalid(`"alt" holds the control character ${control}`)
  if (countChars(value) > MAX_ALT_CHARS) throw new Invalid(`"alt" is over ${MAX_ALT_CHARS} characters`)
  return value
}

function canonicalKey(value: unknown): string {
  let k: string
  try {
    k = parseKey(value)
  } catch {
    throw new Invalid('"blobs" is not a core key')
  }
  if (value !== k) throw new Invalid('"blobs" is not a canonical z-base-32 key')
  return k
}

function fieldsOf(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Invalid(`${what} must be an object`)
  const out: Record<string, unknown> = Object.create(null)
  for (const k of Object.keys(value)) out[k] = (value as Record<string, unknown>)[k]
  return out
}
