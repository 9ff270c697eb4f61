// Decoding and validating blocks. Everything a peer's feed holds is hostile input: the decoder never
// throws, copies only the fields it knows into fresh objects (so "__proto__" and friends stay inert),
// and reports why a block was rejected so the indexer can count it.
import { isHandle } from '../handle.js'
import { parseKey, parseStatusUri, statusUri } from '../keys.js'
import { parseAttachments, parseAvatar, parseCardImage, parseSource } from './attachments.js'
import { encodeRecord } from './encode.js'
import { Invalid } from './invalid.js'
import {
  MAX_BIO_CHARS,
  MAX_BLOCK_BYTES,
  MAX_CARD_DESCRIPTION_CHARS,
  MAX_CARD_TITLE_CHARS,
  MAX_CARD_URL_CHARS,
  MAX_CW_CHARS,
  MAX_MENTION_NAME_CHARS,
  MAX_MENTIONS,
  MAX_NAME_CHARS,
  MAX_POLL_CHOICE_CHARS,
  MAX_POLL_CHOICES,
  MAX_POLL_MS,
  MAX_STATUS_BYTES,
  MAX_STATUS_CHARS,
  MIN_POLL_CHOICES,
  MIN_POLL_MS,
  PROTOCOL_NAME
} from './limits.js'
import type { EditRecord, FeedRecord, HeaderRecord, LinkCard, Mention, Poll, StatusRecord } from './records.js'
import { linksOf, notOneLine, textProblem } from './text.js'

export type Decoded =
  | { ok: true; record: FeedRecord }
  /** A well-formed block of a type this reader does not know: skipped silently, not counted as invalid. */
  | { ok: true; record: null; unknownType: string }
  | { ok: false; reason: string }

export interface BlockContext {
  /** The feed the block belongs to, z-base-32. */
  feed: string
  /** The block's index in its feed. */
  seq: number
}

// ignoreBOM keeps a byte order mark in the text, where JSON.parse refuses it: a block is JSON, not a file.
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

/** Decodes block `seq` of `feed`. Never throws. */
export function decodeBlock(bytes: Uint8Array, ctx: BlockContext): Decoded {
  if (bytes.byteLength > MAX_BLOCK_BYTES) return fail(`block is ${bytes.byteLength} bytes (limit ${MAX_BLOCK_BYTES})`)
  let text: string
  try {
    text = utf8.decode(bytes)
  } catch {
    return fail('block is not valid UTF-8')
  }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return fail('block is not JSON')
  }
  return validateRecord(value, ctx)
}

/** Validates a parsed JSON value as the record at `ctx.seq`. Never throws. */
export function validateRecord(value: unknown, ctx: BlockContext): Decoded {
  try {
    return validate(value, ctx)
  } catch (err) {
    return fail(err instanceof Invalid ? err.message : 'record could not be validated')
  }
}

/** Validates a record this peer is about to write; throws Invalid with a message for people. */
export function assertValidRecord(value: unknown, ctx: BlockContext): FeedRecord {
  const result = validate(value, ctx)
  if (!result.ok) throw new Invalid(result.reason)
  if (result.record === null) throw new Invalid(`unknown record type "${result.unknownType}"`)
  // Every field can be within its own limit while the whole is not (20 mentions with long names, say):
  // never write a block that readers would refuse.
  const bytes = encodeRecord(result.record).byteLength
  if (bytes > MAX_BLOCK_BYTES) throw new Invalid(`record is ${bytes} bytes as JSON (limit ${MAX_BLOCK_BYTES})`)
  return result.record
}

export { Invalid }

function validate(input: unknown, ctx: BlockContext): Decoded {
  if (!isPlainObject(input)) return fail('block is not a JSON object')
  const value = ownFields(input)
  const type = value.type
  if (typeof type !== 'string') return fail('record has no "type"')

  if (ctx.seq === 0) {
    if (type !== 'header') return fail('block 0 must be the header')
    return { ok: true, record: header(value) }
  }
  switch (type) {
    case 'header':
      return fail('a header is only allowed at block 0')
    case 'status':
      return ok(status(value, ctx))
    case 'repost':
    case 'like':
    case 'unlike':
      return ok({ type, of: reference(value.of, 'of', ctx), createdAt: createdAt(value) })
    case 'delete':
      return ok({ type, of: ownReference(value.of, ctx, 'a delete'), createdAt: createdAt(value) })
    case 'edit':
      return ok(edit(value, ctx))
    case 'vote':
      return ok({ type, of: reference(value.of, 'of', ctx), choice: choiceNumber(value.choice), createdAt: createdAt(value) })
    case 'pin':
    case 'unpin':
      return ok({ type, of: ownReference(value.of, ctx, `a${type === 'pin' ? '' : 'n'} ${type}`), createdAt: createdAt(value) })
    case 'profile':
      return ok({
        type,
        name: oneLine(boundedText(value.name, 'name', 1, MAX_NAME_CHARS), 'name'),
        bio: value.bio === undefined ? '' : boundedText(value.bio, 'bio', 0, MAX_BIO_CHARS),
        createdAt: createdAt(value),
        ...(value.avatar !== undefined ? { avatar: parseAvatar(value.avatar) } : {}),
        ...(value.left === true ? { left: true as const } : {}),
        ...(flag(value.quotable, 'quotable') === false ? { quotable: false as const } : {}),
        ...(value.handle !== undefined ? { handle: handle(value.handle) } : {})
      })
    case 'follow':
    case 'unfollow':
      return ok({ type, feed: key(value.feed, 'feed'), createdAt: createdAt(value) })
    case 'device':
    case 'identity':
      return ok({ type, feed: otherFeed(value.feed, ctx), createdAt: createdAt(value) })
    case 'device-remove':
      return ok({ type, feed: otherFeed(value.feed, ctx), after: count(value.after, 'after'), createdAt: createdAt(value) })
    default:
      if (type.length === 0 || type.length > 64) return fail('record type is empty or too long')
      return { ok: true, record: null, unknownType: type }
  }
}

function header(value: Record<string, unknown>): HeaderRecord {
  if (value.protocol !== PROTOCOL_NAME) throw new Invalid('header does not name the rstatus protocol')
  const version = value.version
  if (typeof version !== 'number' || !Number.isSafeInteger(version) || version < 1) {
    throw new Invalid('header version must be a positive integer')
  }
  return { type: 'header', protocol: PROTOCOL_NAME, version }
}

function status(value: Record<string, unknown>, ctx: BlockContext): StatusRecord {
  const t = createdAt(value)
  const record: StatusRecord = { type: 'status', ...content(value, 'status'), createdAt: t }
  if (value.replyTo !== undefined) {
    record.replyTo = reference(value.replyTo, 'replyTo', ctx)
    record.root = value.root === undefined ? record.replyTo : reference(value.root, 'root', ctx)
  } else if (value.root !== undefined) {
    throw new Invalid('a status with "root" must also have "replyTo"')
  }
  if (value.source !== undefined) record.source = parseSource(value.source)
  if (value.quote !== undefined) record.quote = reference(value.quote, 'quote', ctx)
  if (value.poll !== undefined) record.poll = poll(value.poll, t)
  return orderedStatus(record)
}

/** The author's new version of a status of their own feed: what a status carries besides its place and its poll. */
function edit(value: Record<string, unknown>, ctx: BlockContext): EditRecord {
  const of = ownReference(value.of, ctx, 'an edit')
  const { text, ...rest } = content(value, 'edit')
  return { type: 'edit', of, text, createdAt: createdAt(value), ...rest }
}

/** The fields a status and an edit share: the text and what goes with it. */
function content(value: Record<string, unknown>, what: 'status' | 'edit'): Pick<StatusRecord, 'text' | 'mentions' | 'attachments' | 'cw' | 'sensitive' | 'card'> {
  const text = value.text
  if (typeof text !== 'string') throw new Invalid(`${what} text must be a string`)
  checkText(text, `${what} text`, { maxChars: MAX_STATUS_CHARS, maxBytes: MAX_STATUS_BYTES }, ' (only tab and line breaks are allowed)')
  const out: ReturnType<typeof content> = { text }
  if (value.mentions !== undefined) out.mentions = mentions(value.mentions)
  if (value.attachments !== undefined) {
    const attachments = parseAttachments(value.attachments)
    if (attachments) out.attachments = attachments
  }
  if (value.cw !== undefined) out.cw = oneLine(boundedText(value.cw, 'cw', 1, MAX_CW_CHARS), 'cw')
  if (flag(value.sensitive, 'sensitive') === true) out.sensitive = true
  if (value.card !== undefined) out.card = card(value.card, text)
  return out
}

/**
 * The status's fields in the order rstatus has always written them, new ones after: one encoding per record.
 * Own fields only, so a polluted Object.prototype lends the record nothing.
 */
function orderedStatus(r: StatusRecord): StatusRecord {
  const order = ['type', 'text', 'createdAt', 'replyTo', 'root', 'mentions', 'attachments', 'source', 'quote', 'cw', 'sensitive', 'poll', 'card'] as const
  const out: Record<string, unknown> = {}
  for (const field of order) if (Object.hasOwn(r, field)) out[field] = r[field]
  return out as unknown as StatusRecord
}

/** 2 to 4 distinct one-line choices, and an end between MIN_POLL_MS and MAX_POLL_MS after the status's createdAt. */
function poll(value: unknown, created: number): Poll {
  const fields = objectFields(value, '"poll"')
  const choices = fields.choices
  if (!Array.isArray(choices) || choices.length < MIN_POLL_CHOICES || choices.length > MAX_POLL_CHOICES) {
    throw new Invalid(`a poll has ${MIN_POLL_CHOICES} to ${MAX_POLL_CHOICES} choices`)
  }
  const texts = choices.map((c) => oneLine(boundedText(c, 'poll choice', 1, MAX_POLL_CHOICE_CHARS), 'poll choice'))
  if (new Set(texts.map((t) => t.normalize('NFC'))).size !== texts.length) throw new Invalid('a poll has the same choice twice')
  const endsAt = fields.endsAt
  if (typeof endsAt !== 'number' || !Number.isSafeInteger(endsAt)) throw new Invalid('"poll.endsAt" must be an integer (ms since epoch)')
  const runs = endsAt - created
  if (runs < MIN_POLL_MS || runs > MAX_POLL_MS) {
    throw new Invalid(`a poll runs from ${MIN_POLL_MS / 60000} minutes to ${MAX_POLL_MS / 3_600_000} hours after its status's createdAt`)
  }
  return { choices: texts, endsAt }
}

/** A preview of one of the links in `text`: a card cannot describe a page the text does not link to. */
function card(value: unknown, text: string): LinkCard {
  const fields = objectFields(value, '"card"')
  const url = fields.url
  if (typeof url !== 'string' || url.length > MAX_CARD_URL_CHARS || !linksOf(text).includes(url)) {
    throw new Invalid('"card.url" must be one of the links in the text')
  }
  const out: LinkCard = {
    url,
    title: oneLine(boundedText(fields.title, 'card.title', 1, MAX_CARD_TITLE_CHARS), 'card.title'),
    description: fields.description === undefined ? '' : oneLine(boundedText(fields.description, 'card.description', 0, MAX_CARD_DESCRIPTION_CHARS), 'card.description')
  }
  if (fields.image !== undefined) out.image = parseCardImage(fields.image)
  return out
}

/** A vote names a choice by its number, from 1; a number the poll does not have counts for nothing. */
function choiceNumber(value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1 || value > MAX_POLL_CHOICES) {
    throw new Invalid(`"choice" must be a whole number from 1 to ${MAX_POLL_CHOICES}`)
  }
  return value
}

function handle(value: unknown): string {
  if (typeof value !== 'string' || !isHandle(value)) {
    throw new Invalid('"handle" must be a domain name in lower case ASCII, such as alice.example.org')
  }
  return value
}

/** An optional boolean: absent is undefined; anything but true or false makes the record invalid. */
function flag(value: unknown, field: string): boolean | undefined {
  if (value === undefined || typeof value === 'boolean') return value
  throw new Invalid(`"${field}" must be true or false`)
}

function objectFields(value: unknown, what: string): Record<string, unknown> {
  if (!isPlainObject(value)) throw new Invalid(`${what} must be an object`)
  return ownFields(value)
}

function mentions(value: unknown): Mention[] {
  if (!Array.isArray(value)) throw new Invalid('mentions must be an array')
  if (value.length > MAX_MENTIONS) throw new Invalid(`more than ${MAX_MENTIONS} mentions`)
  const seen = new Set<string>()
  const out: Mention[] = []
  for (const m of value) {
    if (!isPlainObject(m)) throw new Invalid('a mention must be an object')
    const fields = ownFields(m)
    const k = key(fields.key, 'mention key')
    const name = oneLine(boundedText(fields.name, 'mention name', 1, MAX_MENTION_NAME_CHARS), 'mention name')
    if (seen.has(k)) continue
    seen.add(k)
    out.push({ key: k, name })
  }
  return out
}

/**
 * A reference to another status, written exactly as statusUri() writes it: readers must agree on which
 * blocks are valid, so the feed holds one spelling of each link. One in the same feed must point
 * backwards: no self or future references.
 */
function reference(value: unknown, field: string, ctx: BlockContext): string {
  if (typeof value !== 'string' || value.length > 200) throw new Invalid(`"${field}" must be a status link`)
  let ref: { key: string; seq: number }
  try {
    ref = parseStatusUri(value)
  } catch {
    throw new Invalid(`"${field}" is not a status link`)
  }
  if (value !== statusUri(ref.key, ref.seq)) throw new Invalid(`"${field}" is not written as rstatus://<key>/<seq>`)
  if (ref.seq < 1) throw new Invalid(`"${field}" points at a header`)
  if (ref.key === ctx.feed && ref.seq >= ctx.seq) throw new Invalid(`"${field}" points at itself or a later block`)
  return value
}

/**
 * A delete, an edit or a pin names a block of its own feed. One naming another feed is invalid here, per
 * block, so every reader counts it alike; not even a linked device acts for another feed (PROTOCOL.md, "Devices").
 */
function ownReference(value: unknown, ctx: BlockContext, what: string): string {
  const uri = reference(value, 'of', ctx)
  if (parseStatusUri(uri).key !== ctx.feed) throw new Invalid(`${what} must name a record of its own feed`)
  return uri
}

/** A feed key in its canonical z-base-32 spelling (hex and other spellings are for people, not feeds). */
function key(value: unknown, field: string): string {
  let k: string
  try {
    k = parseKey(value)
  } catch {
    throw new Invalid(`"${field}" is not a feed key`)
  }
  if (value !== k) throw new Invalid(`"${field}" is not a canonical z-base-32 key`)
  return k
}

/** A device link names another feed: a feed is never its own device or its own identity. */
function otherFeed(value: unknown, ctx: BlockContext): string {
  const k = key(value, 'feed')
  if (k === ctx.feed) throw new Invalid('"feed" names the feed itself')
  return k
}

function count(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new Invalid(`"${field}" must be a non-negative integer`)
  }
  return value === 0 ? 0 : value
}

function boundedText(value: unknown, field: string, min: number, max: number): string {
  if (typeof value !== 'string') throw new Invalid(`"${field}" must be a string`)
  checkText(value, `"${field}"`, { maxChars: max, allowEmpty: min === 0 })
  return value
}

function checkText(text: string, what: string, limits: Parameters<typeof textProblem>[1], controlHint = ''): void {
  const problem = textProblem(text, limits)
  if (problem?.kind === 'not-unicode') throw new Invalid(`${what} is not well-formed Unicode`)
  if (problem?.kind === 'control') throw new Invalid(`${what} holds the control character ${problem.char}${controlHint}`)
  if (problem?.kind === 'empty') throw new Invalid(`${what} is empty`)
  if (problem) throw new Invalid(`${what} is over ${problem.limit} ${problem.unit}`)
}

/** Names are shown on one line: no control characters, no line or paragraph separators, no bidi overrides. */
function oneLine(value: string, field: string): string {
  const bad = notOneLine(value)
  if (bad) throw new Invalid(`"${field}" must be one line without control characters (it holds ${bad})`)
  return value
}

function createdAt(value: Record<string, unknown>): number {
  const t = value.createdAt
  if (typeof t !== 'number' || !Number.isSafeInteger(t) || t < 0) {
    throw new Invalid('"createdAt" must be a non-negative integer (ms since epoch)')
  }
  return t === 0 ? 0 : t // -0 becomes 0, as JSON writes it
}

function isPlainObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** The object's own fields only, in an object without a prototype: nothing inherited is read as data. */
function ownFields(value: object): Record<string, unknown> {
  const out: Record<string, unknown> = Object.create(null)
  for (const k of Object.keys(value)) out[k] = (value as Record<string, unknown>)[k]
  return out
}

function ok(record: FeedRecord): Decoded {
  return { ok: true, record }
}

function fail(reason: string): Decoded {
  return { ok: false, reason }
}
