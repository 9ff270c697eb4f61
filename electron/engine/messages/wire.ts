// The wire format of private conversations (docs/PROTOCOL.md "Messages"), in compact-encoding as the inbox
// is: the blocks of a conversation core, the sealed records inside them, the inbox items that carry
// invitations and key hand-overs, and the exact bytes that are signed or bound as associated data.
// Every decoder here takes hostile bytes: it answers a value or a reason, never throws, never allocates more
// than its limit, and refuses trailing bytes, so each message has one encoding.
import c from 'compact-encoding'
import { IMAGE_MIMES } from '../../../shared/protocol/attachments.js'
import { MAX_ALT_CHARS, MAX_IMAGE_BYTES, MAX_IMAGE_SIDE, MAX_STATUS_BYTES, MAX_STATUS_CHARS } from '../../../shared/protocol/limits.js'
import { countChars } from '../../../shared/protocol/text.js'
import {
  MAX_CHUNK_BYTES,
  MAX_CONVERSATION_BLOCK_BYTES,
  MAX_CONVERSATION_CORES,
  MAX_CORES_PER_MEMBER,
  MAX_ITEM_BYTES,
  MAX_MEMBERS,
  MAX_MESSAGE_IMAGES,
  MAX_SEALED_BYTES
} from '../../../shared/messages.js'
import { AEAD_BYTES, KEY_BYTES, SEAL_BYTES } from './crypto.js'

export const WIRE_VERSION = 1
/** Seeds one key hand-over may carry: every generation an identity ever had, up to this many. */
export const MAX_KEYRING_SEEDS = 16
/** Inbox items one `items` message may carry. */
export const MAX_ITEMS_PER_MESSAGE = 64

type C<T> = c.Encoding<T>

export type Decoded<T> = { ok: true; value: T } | { ok: false; reason: 'malformed' | 'oversized' }

// ---------------------------------------------------------------------------------------------------------
// Encodings with limits: an array or byte string longer than its limit fails before anything is allocated.

class Malformed extends Error {}

function bounded<T>(item: C<T>, max: number): C<T[]> {
  return {
    preencode(state, list) {
      c.uint.preencode(state, list.length)
      for (const x of list) item.preencode(state, x)
    },
    encode(state, list) {
      c.uint.encode(state, list.length)
      for (const x of list) item.encode(state, x)
    },
    decode(state) {
      const n = c.uint.decode(state)
      if (n > max) throw new Malformed()
      const out: T[] = []
      for (let i = 0; i < n; i++) out.push(item.decode(state))
      return out
    }
  }
}

function bytes(max: number): C<Buffer> {
  return {
    preencode: (state, b) => c.buffer.preencode(state, b),
    encode: (state, b) => c.buffer.encode(state, b),
    decode(state) {
      const b = c.buffer.decode(state)
      if (b === null || b.length > max) throw new Malformed()
      return b
    }
  }
}

const fatalUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

/** UTF-8 text of at most `maxBytes`; invalid UTF-8 is malformed, not replaced. */
function text(maxBytes: number): C<string> {
  return {
    preencode: (state, s) => c.buffer.preencode(state, Buffer.from(s, 'utf8')),
    encode: (state, s) => c.buffer.encode(state, Buffer.from(s, 'utf8')),
    decode(state) {
      const b = c.buffer.decode(state) ?? Buffer.alloc(0)
      if (b.length > maxBytes) throw new Malformed()
      try {
        return fatalUtf8.decode(b)
      } catch {
        throw new Malformed()
      }
    }
  }
}

/** A non-negative integer no larger than 2^53 − 1 (compact-encoding's uint reads up to 2^64). */
const safeUint: C<number> = {
  preencode: (state, n) => c.uint.preencode(state, n),
  encode: (state, n) => c.uint.encode(state, n),
  decode(state) {
    const n = c.uint.decode(state)
    if (!Number.isSafeInteger(n)) throw new Malformed()
    return n
  }
}

function struct<T extends object>(fields: Array<[keyof T & string, C<any>]>): C<T> {
  return {
    preencode(state, v) {
      for (const [name, enc] of fields) enc.preencode(state, (v as any)[name])
    },
    encode(state, v) {
      for (const [name, enc] of fields) enc.encode(state, (v as any)[name])
    },
    decode(state) {
      const out: Record<string, unknown> = {}
      for (const [name, enc] of fields) out[name] = enc.decode(state)
      return out as T
    }
  }
}

function encode<T>(enc: C<T>, value: T): Buffer {
  return c.encode(enc, value)
}

function decodeExact<T>(enc: C<T>, buffer: Uint8Array, max: number): Decoded<T> {
  if (buffer.length > max) return { ok: false, reason: 'oversized' }
  try {
    const state = c.state(0, buffer.length, buffer)
    const value = enc.decode(state)
    if (state.start !== state.end) return { ok: false, reason: 'malformed' }
    return { ok: true, value }
  } catch {
    return { ok: false, reason: 'malformed' }
  }
}

// ---------------------------------------------------------------------------------------------------------
// Blocks of a conversation core. Block 0 is the binding; then keys, sealed records and image chunks.

export interface Binding {
  conversation: Buffer
  identity: Buffer
  device: Buffer
  generation: number
  signature: Buffer
}

export interface Envelope {
  member: Buffer
  generation: number
  sealed: Buffer
}

export type Block =
  | ({ kind: 'binding' } & Binding)
  | { kind: 'key'; keyId: Buffer; envelopes: Envelope[] }
  | { kind: 'sealed'; keyId: Buffer; nonce: Buffer; ciphertext: Buffer }
  | { kind: 'chunk'; data: Buffer }

const BLOCK_KINDS = ['binding', 'key', 'sealed', 'chunk'] as const

const bindingEnc = struct<Binding>([
  ['conversation', c.fixed16],
  ['identity', c.fixed32],
  ['device', c.fixed32],
  ['generation', safeUint],
  ['signature', c.fixed64]
])
const envelopeEnc = struct<Envelope>([
  ['member', c.fixed32],
  ['generation', safeUint],
  ['sealed', bytes(KEY_BYTES + SEAL_BYTES)]
])
const keyEnc = struct<{ keyId: Buffer; envelopes: Envelope[] }>([
  ['keyId', c.fixed16],
  ['envelopes', bounded(envelopeEnc, MAX_MEMBERS)]
])
const sealedEnc = struct<{ keyId: Buffer; nonce: Buffer; ciphertext: Buffer }>([
  ['keyId', c.fixed16],
  ['nonce', c.fixed24],
  ['ciphertext', bytes(MAX_SEALED_BYTES)]
])
const chunkEnc = struct<{ data: Buffer }>([['data', bytes(MAX_CHUNK_BYTES)]])
const BODY: Record<Block['kind'], C<any>> = { binding: bindingEnc, key: keyEnc, sealed: sealedEnc, chunk: chunkEnc }

const blockEnc: C<Block> = {
  preencode(state, b) {
    c.uint.preencode(state, WIRE_VERSION)
    c.uint.preencode(state, BLOCK_KINDS.indexOf(b.kind))
    BODY[b.kind].preencode(state, b)
  },
  encode(state, b) {
    c.uint.encode(state, WIRE_VERSION)
    c.uint.encode(state, BLOCK_KINDS.indexOf(b.kind))
    BODY[b.kind].encode(state, b)
  },
  decode(state) {
    if (c.uint.decode(state) !== WIRE_VERSION) throw new Malformed()
    const kind = BLOCK_KINDS[c.uint.decode(state)]
    if (kind === undefined) throw new Malformed()
    return { kind, ...BODY[kind].decode(state) } as Block
  }
}

export function encodeBlock(block: Block): Buffer {
  return encode(blockEnc, block)
}

export function decodeConversationBlock(bytes: Uint8Array): Decoded<Block> {
  return decodeExact(blockEnc, bytes, MAX_CONVERSATION_BLOCK_BYTES)
}

// ---------------------------------------------------------------------------------------------------------
// Sealed records: the plaintext inside a `sealed` block.

export interface ImageRef {
  mime: string
  width: number
  height: number
  alt: string
  /** The first chunk block of the image in the same core, and how many there are. */
  start: number
  blocks: number
  byteLength: number
  key: Buffer
}

export interface CoreLength {
  core: Buffer
  length: number
}

export type Payload =
  | { type: 'message'; createdAt: number; text: string; images: ImageRef[] }
  | { type: 'seen'; positions: CoreLength[] }
  | { type: 'remove'; member: Buffer; cuts: CoreLength[] }
  | { type: 'cut'; cuts: CoreLength[] }

const PAYLOAD_TYPES = ['message', 'seen', 'remove', 'cut'] as const

const imageEnc = struct<ImageRef>([
  ['mime', text(64)],
  ['width', safeUint],
  ['height', safeUint],
  ['alt', text(MAX_ALT_CHARS * 4)],
  ['start', safeUint],
  ['blocks', safeUint],
  ['byteLength', safeUint],
  ['key', c.fixed32]
])
const coreLengthEnc = struct<CoreLength>([
  ['core', c.fixed32],
  ['length', safeUint]
])
const PAYLOAD_BODY: Record<Payload['type'], C<any>> = {
  message: struct([
    ['createdAt', safeUint],
    ['text', text(MAX_STATUS_BYTES)],
    ['images', bounded(imageEnc, MAX_MESSAGE_IMAGES)]
  ]),
  seen: struct([['positions', bounded(coreLengthEnc, MAX_CONVERSATION_CORES)]]),
  remove: struct([
    ['member', c.fixed32],
    ['cuts', bounded(coreLengthEnc, MAX_CORES_PER_MEMBER)]
  ]),
  cut: struct([['cuts', bounded(coreLengthEnc, MAX_CORES_PER_MEMBER)]])
}

const payloadEnc: C<Payload> = {
  preencode(state, p) {
    c.uint.preencode(state, PAYLOAD_TYPES.indexOf(p.type))
    PAYLOAD_BODY[p.type].preencode(state, p)
  },
  encode(state, p) {
    c.uint.encode(state, PAYLOAD_TYPES.indexOf(p.type))
    PAYLOAD_BODY[p.type].encode(state, p)
  },
  decode(state) {
    const type = PAYLOAD_TYPES[c.uint.decode(state)]
    if (type === undefined) throw new Malformed()
    return { type, ...PAYLOAD_BODY[type].decode(state) } as Payload
  }
}

export function encodePayload(payload: Payload): Buffer {
  return encode(payloadEnc, payload)
}

/** Decodes a record and checks every rule that needs nothing but the record itself. */
export function decodePayload(bytes: Uint8Array): Decoded<Payload> {
  const decoded = decodeExact(payloadEnc, bytes, MAX_SEALED_BYTES - AEAD_BYTES)
  if (!decoded.ok) return decoded
  const p = decoded.value
  if (p.type === 'message') {
    if (messageTextProblem(p.text) !== null) return { ok: false, reason: 'malformed' }
    if (!p.images.every(imageIsValid)) return { ok: false, reason: 'malformed' }
  }
  return decoded
}

/** Why a message's text may not be sent, or null when it may: the status text rules (PROTOCOL.md "Text"). */
export function messageTextProblem(value: string): string | null {
  if (value.trim().length === 0) return 'A message needs some text'
  if (countChars(value) > MAX_STATUS_CHARS) return `A message is at most ${MAX_STATUS_CHARS} characters`
  if (Buffer.byteLength(value, 'utf8') > MAX_STATUS_BYTES) return `A message is at most ${MAX_STATUS_BYTES} bytes`
  return null
}

/** Blocks an encrypted image of this size fills: its ciphertext (16 bytes longer) in MAX_CHUNK_BYTES pieces. */
export function chunksFor(byteLength: number): number {
  return Math.ceil((byteLength + AEAD_BYTES) / MAX_CHUNK_BYTES)
}

function imageIsValid(i: ImageRef): boolean {
  return (
    (IMAGE_MIMES as readonly string[]).includes(i.mime) &&
    i.width >= 1 &&
    i.width <= MAX_IMAGE_SIDE &&
    i.height >= 1 &&
    i.height <= MAX_IMAGE_SIDE &&
    countChars(i.alt) <= MAX_ALT_CHARS &&
    i.byteLength >= 1 &&
    i.byteLength <= MAX_IMAGE_BYTES &&
    i.blocks === chunksFor(i.byteLength)
  )
}

// ---------------------------------------------------------------------------------------------------------
// What is signed, and what each ciphertext is bound to.

const bindingSignableEnc = struct<{ label: string; conversation: Buffer; core: Buffer; identity: Buffer; device: Buffer; generation: number }>([
  ['label', c.string],
  ['conversation', c.fixed16],
  ['core', c.fixed32],
  ['identity', c.fixed32],
  ['device', c.fixed32],
  ['generation', c.uint]
])

export function bindingSignable(b: Omit<Binding, 'signature'>, core: Buffer): Buffer {
  return encode(bindingSignableEnc, { label: 'rstatus/dm/binding/1', core, ...b })
}

const sealedAdEnc = struct<{ label: string; conversation: Buffer; core: Buffer; seq: number; keyId: Buffer }>([
  ['label', c.string],
  ['conversation', c.fixed16],
  ['core', c.fixed32],
  ['seq', c.uint],
  ['keyId', c.fixed16]
])

/** A record's ciphertext is bound to its conversation, its core and its block index: moved, it fails. */
export function sealedAd(conversation: Buffer, core: Buffer, seq: number, keyId: Buffer): Buffer {
  return encode(sealedAdEnc, { label: 'rstatus/dm/sealed/1', conversation, core, seq, keyId })
}

const imageAdEnc = struct<{ label: string; conversation: Buffer; core: Buffer; start: number }>([
  ['label', c.string],
  ['conversation', c.fixed16],
  ['core', c.fixed32],
  ['start', c.uint]
])

export function imageAd(conversation: Buffer, core: Buffer, start: number): Buffer {
  return encode(imageAdEnc, { label: 'rstatus/dm/image/1', conversation, core, start })
}

// ---------------------------------------------------------------------------------------------------------
// Inbox items: sealed to one key, addressed by it, opaque to everyone who carries them.

export interface Item {
  /** The identity key (or, for a key hand-over, the device key) the item is for. */
  to: Buffer
  sealed: Buffer
}

export interface Invite {
  kind: 'invite'
  /** Who says they sent it; believed only once a core bound to them is read. */
  from: Buffer
  secret: Buffer
  creator: Buffer
  cores: Buffer[]
  sentAt: number
}

export interface Keyring {
  kind: 'keyring'
  identity: Buffer
  seeds: Array<{ generation: number; seed: Buffer }>
}

export type ItemPayload = Invite | Keyring

const itemEnc = struct<Item>([
  ['to', c.fixed32],
  ['sealed', bytes(MAX_ITEM_BYTES)]
])
const ITEM_KINDS = ['invite', 'keyring'] as const
const ITEM_BODY: Record<ItemPayload['kind'], C<any>> = {
  invite: struct([
    ['from', c.fixed32],
    ['secret', c.fixed32],
    ['creator', c.fixed32],
    ['cores', bounded(c.fixed32, MAX_CORES_PER_MEMBER)],
    ['sentAt', safeUint]
  ]),
  keyring: struct([
    ['identity', c.fixed32],
    [
      'seeds',
      bounded(
        struct<{ generation: number; seed: Buffer }>([
          ['generation', safeUint],
          ['seed', c.fixed32]
        ]),
        MAX_KEYRING_SEEDS
      )
    ]
  ])
}
const itemPayloadEnc: C<ItemPayload> = {
  preencode(state, p) {
    c.uint.preencode(state, WIRE_VERSION)
    c.uint.preencode(state, ITEM_KINDS.indexOf(p.kind))
    ITEM_BODY[p.kind].preencode(state, p)
  },
  encode(state, p) {
    c.uint.encode(state, WIRE_VERSION)
    c.uint.encode(state, ITEM_KINDS.indexOf(p.kind))
    ITEM_BODY[p.kind].encode(state, p)
  },
  decode(state) {
    if (c.uint.decode(state) !== WIRE_VERSION) throw new Malformed()
    const kind = ITEM_KINDS[c.uint.decode(state)]
    if (kind === undefined) throw new Malformed()
    return { kind, ...ITEM_BODY[kind].decode(state) } as ItemPayload
  }
}

/** An `items` message: encoded items, each decoded (and counted if bad) on its own. */
export const itemsEncoding: C<Buffer[]> = bounded(bytes(MAX_ITEM_BYTES + 64), MAX_ITEMS_PER_MESSAGE)
export const askEncoding: C<Buffer[]> = bounded(c.fixed32, 16)

export function encodeItemPayload(p: ItemPayload): Buffer {
  return encode(itemPayloadEnc, p)
}

export function decodeItemPayload(bytes: Uint8Array): Decoded<ItemPayload> {
  return decodeExact(itemPayloadEnc, bytes, MAX_ITEM_BYTES - SEAL_BYTES)
}

export function encodeItem(item: Item): Buffer {
  return encode(itemEnc, item)
}

export function decodeItem(bytes: Uint8Array): Decoded<Item> {
  return decodeExact(itemEnc, bytes, MAX_ITEM_BYTES + 64)
}

