// The records of an identity's private store (docs/PROTOCOL.md "Private data"): bookmarks, lists and drafts,
// written by each of its devices into an encrypted core of its own and read by the others. Readers are the
// identity's own devices, but a record is still checked as hostile input: one that does not parse is skipped.
import { parseKey, parseStatusUri, statusUri } from '../keys.js'
import { MAX_CW_CHARS } from './limits.js'

export const PRIVATE_PROTOCOL = 'rstatus-private'
export const PRIVATE_VERSION = 1
/** A block larger than this is invalid. */
export const MAX_PRIVATE_BLOCK_BYTES = 16 * 1024
export const MAX_LIST_NAME_CHARS = 64
/** A draft may run past a status's 500 characters while it is being written. */
export const MAX_DRAFT_CHARS = 5000
const DRAFT_ID = /^[0-9a-z-]{1,64}$/

export type PrivateRecord =
  | { type: 'bookmark' | 'unbookmark'; uri: string; at: number }
  | { type: 'list-create' | 'list-delete'; name: string; at: number }
  | { type: 'list-add' | 'list-remove'; name: string; key: string; at: number }
  | { type: 'draft-put'; id: string; text: string; at: number; replyTo?: string; quote?: string; cw?: string; sensitive?: boolean }
  | { type: 'draft-delete'; id: string; at: number }

export type DraftRecord = Extract<PrivateRecord, { type: 'draft-put' }>

export function privateHeader(): { type: 'header'; protocol: string; version: number } {
  return { type: 'header', protocol: PRIVATE_PROTOCOL, version: PRIVATE_VERSION }
}

/** What reading one block gave: a record, the header, a type this reader does not know, or an invalid block. */
export type ParsedBlock = { kind: 'record'; record: PrivateRecord } | { kind: 'header' } | { kind: 'unknown' } | { kind: 'invalid' }

export function parsePrivateBlock(block: Uint8Array): ParsedBlock {
  if (block.byteLength > MAX_PRIVATE_BLOCK_BYTES) return { kind: 'invalid' }
  let value: unknown
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(block))
  } catch {
    return { kind: 'invalid' }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { kind: 'invalid' }
  const v = value as Record<string, unknown>
  if (v.type === 'header') return v.protocol === PRIVATE_PROTOCOL && v.version === PRIVATE_VERSION ? { kind: 'header' } : { kind: 'invalid' }
  if (typeof v.type !== 'string') return { kind: 'invalid' }
  if (!KNOWN.has(v.type)) return { kind: 'unknown' }
  const record = parsePrivateRecord(v)
  return record ? { kind: 'record', record } : { kind: 'invalid' }
}

const KNOWN = new Set(['bookmark', 'unbookmark', 'list-create', 'list-delete', 'list-add', 'list-remove', 'draft-put', 'draft-delete'])

/** A known record type checked field by field; null when any field is wrong. Unknown fields are dropped. */
export function parsePrivateRecord(v: Record<string, unknown>): PrivateRecord | null {
  if (!Number.isSafeInteger(v.at) || (v.at as number) < 0) return null
  const at = v.at as number
  switch (v.type) {
    case 'bookmark':
    case 'unbookmark': {
      const uri = canonicalUri(v.uri)
      return uri === null ? null : { type: v.type, uri, at }
    }
    case 'list-create':
    case 'list-delete':
      return listNameProblem(v.name) === null ? { type: v.type, name: v.name as string, at } : null
    case 'list-add':
    case 'list-remove': {
      if (listNameProblem(v.name) !== null || !isCanonicalKey(v.key)) return null
      return { type: v.type, name: v.name as string, key: v.key as string, at }
    }
    case 'draft-put': {
      if (typeof v.id !== 'string' || !DRAFT_ID.test(v.id)) return null
      if (typeof v.text !== 'string' || [...v.text].length > MAX_DRAFT_CHARS || !wellFormed(v.text)) return null
      const draft: DraftRecord = { type: 'draft-put', id: v.id, text: v.text, at }
      for (const field of ['replyTo', 'quote'] as const) {
        if (v[field] === undefined) continue
        const uri = canonicalUri(v[field])
        if (uri === null) return null
        draft[field] = uri
      }
      if (v.cw !== undefined) {
        if (typeof v.cw !== 'string' || [...v.cw].length > MAX_CW_CHARS || !wellFormed(v.cw)) return null
        draft.cw = v.cw
      }
      if (v.sensitive !== undefined) {
        if (typeof v.sensitive !== 'boolean') return null
        if (v.sensitive) draft.sensitive = true
      }
      return draft
    }
    case 'draft-delete':
      return typeof v.id === 'string' && DRAFT_ID.test(v.id) ? { type: 'draft-delete', id: v.id, at } : null
    default:
      return null
  }
}

/** Why a list name is refused, in words; null when it is fine. Names are compared exactly, after NFC. */
export function listNameProblem(name: unknown): string | null {
  if (typeof name !== 'string') return 'A list name must be text'
  if (name.trim() === '') return 'A list name cannot be empty'
  if (name !== name.trim()) return 'A list name cannot start or end with spaces'
  if (name.normalize('NFC') !== name) return 'A list name must be in Unicode NFC form'
  if ([...name].length > MAX_LIST_NAME_CHARS) return `A list name has at most ${MAX_LIST_NAME_CHARS} characters`
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(name)) return 'A list name cannot hold control characters or line breaks'
  if (!wellFormed(name)) return 'A list name must be valid text'
  return null
}

/** A new draft id: 26 random lower-case letters and digits. */
export function newDraftId(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789'
  const bytes = crypto.getRandomValues(new Uint8Array(26))
  return [...bytes].map((b) => alphabet[b % alphabet.length]).join('')
}

export function isDraftId(id: unknown): id is string {
  return typeof id === 'string' && DRAFT_ID.test(id)
}

function canonicalUri(value: unknown): string | null {
  try {
    const { key, seq } = parseStatusUri(value)
    const uri = statusUri(key, seq)
    return uri === value ? uri : null
  } catch {
    return null
  }
}

function isCanonicalKey(value: unknown): boolean {
  try {
    return parseKey(value) === value
  } catch {
    return false
  }
}

// A lone surrogate cannot be written as UTF-8.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g

function wellFormed(text: string): boolean {
  return text.search(LONE_SURROGATE) === -1
}

/** Text with each lone surrogate replaced by U+FFFD, as a UTF-8 encoder would write it. */
export function wellFormedText(text: string): string {
  return text.replace(LONE_SURROGATE, '\ufffd')
}
