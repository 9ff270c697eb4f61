// Private conversations (docs/PROTOCOL.md "Messages"): what the engine answers about them, and the numbers of
// the format. The RPC contract and the CLI give these shapes to people and programs as they are.
import type { FeedKey } from './keys.js'

/** A conversation's id: 16 bytes in z-base-32 (26 characters), so it never looks like a 52-character key. */
export type ConversationId = string
/** A message's id: the z-base-32 key of the core that holds it, "/", and its block index. */
export type MessageId = string

/** People in a conversation, oneself included. */
export const MIN_MEMBERS = 2
export const MAX_MEMBERS = 32
/** Images per message; the text has the status limits (MAX_STATUS_CHARS, MAX_STATUS_BYTES). */
export const MAX_MESSAGE_IMAGES = 4
/** A sealed record (a message, a receipt, a removal) in bytes of ciphertext. */
export const MAX_SEALED_BYTES = 16 * 1024
/** One piece of an encrypted image. */
export const MAX_CHUNK_BYTES = 64 * 1024
/** Any block of a conversation core: the largest piece of an image, and its framing. */
export const MAX_CONVERSATION_BLOCK_BYTES = MAX_CHUNK_BYTES + 64
/** Cores a reader follows in one conversation (each device of each member writes one), and per member. */
export const MAX_CONVERSATION_CORES = 128
export const MAX_CORES_PER_MEMBER = 8
/** A sealed inbox item, in bytes of ciphertext. */
export const MAX_ITEM_BYTES = 2048
/** Invitations kept per sender identity per hour; more are dropped and counted. */
export const INVITES_PER_SENDER_PER_HOUR = 20

export interface DmImage {
  mime: string
  width: number
  height: number
  alt: string
  byteLength: number
}

/** One message, as `rstatus dm read --json` prints it (plus what the UI needs). */
export interface DmMessage {
  id: MessageId
  conversation: ConversationId
  /** The sender's identity key. */
  from: FeedKey
  /** The feed key of the sender's device that wrote it. */
  device: FeedKey
  text: string
  /** The sender's claim, in ms since 1970, as in a status. */
  createdAt: number
  images: DmImage[]
  /** The other members whose "seen" covers this message (only for one's own messages). */
  seenBy: FeedKey[]
}

/** A conversation, as `rstatus dm list --json` prints it. */
export interface DmConversation {
  id: ConversationId
  /** The members now, oneself included, in key order. */
  members: FeedKey[]
  unread: number
  last: DmMessage | null
}

/** A first message from someone the person does not follow, as `rstatus dm requests --json` prints it. */
export interface DmRequest {
  /** The conversation's id: `dm accept ID` and `dm decline ID` take it. */
  id: ConversationId
  from: FeedKey
  text: string
  createdAt: number
}

/**
 * Hostile or broken input met in conversations and inbox items: each is skipped and counted, never fatal.
 * The names say why a thing was dropped.
 */
export interface DmCounts {
  /** Not decodable: garbage bytes, a wrong version, trailing bytes, a field out of range. */
  malformed: number
  /** Larger than its limit. */
  oversized: number
  /** Did not decrypt: garbage ciphertext, or a ciphertext moved from where it was written. */
  undecryptable: number
  /** A ciphertext seen before in this conversation, written again. */
  replayed: number
  /** A claim the writer may not make: another sender, a bad signature, members that are not members. */
  forged: number
  /** Over a sender's hourly budget. */
  limited: number
  /** From, or about, an identity the person blocked. */
  blocked: number
}

export function emptyDmCounts(): DmCounts {
  return { malformed: 0, oversized: 0, undecryptable: 0, replayed: 0, forged: 0, limited: 0, blocked: 0 }
}
