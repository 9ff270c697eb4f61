// The contract's private conversations (docs/PROTOCOL.md "Messages"). An app holding a per-app token reads
// and sends them only when the person granted it their messages, apart from any other access (docs/SECURITY.md
// "Private messages"); the settings stay the person's own.
import { MAX_MEMBERS, MAX_MESSAGE_IMAGES, type ConversationId, type DmConversation, type DmMessage, type DmRequest, type MessageId } from '../messages.js'
import { imagesInput } from './media.js'
import { method } from './method.js'
import { key, statusText } from './params.js'
import { array, bool, int, object, optional, str } from './schema.js'

/** A conversation id (26 characters), or the key or rstatus:// link of the one person it is with. */
const conversation = str({ min: 1, max: 300 })
const id = str({ min: 1, max: 100 })
export const MAX_DM_READ = 10_000

export interface DmSettings {
  /** Whether this device tells the other members what the person has read. */
  seenReceipts: boolean
}

/** What reading or changing conversations changes in the UI. */
const LISTS = ['dmList', 'dmRead'] as const

export const messages = {
  /**
   * Sends a message. `to` is one conversation id, or the people to write to (keys or links): the
   * conversation with exactly them and oneself, started if there is none. `images` are uploads (uploadBegin),
   * each with its description, encrypted into the conversation like the text.
   */
  dmSend: method<{ conversation: ConversationId; message: MessageId }>()(
    object({ to: array(str({ min: 1, max: 300 }), { max: MAX_MEMBERS }), text: statusText, images: imagesInput }),
    { scope: 'write-messages', invalidates: LISTS }
  ),
  /** Conversations, newest first (requests are apart: dmRequests). */
  dmList: method<DmConversation[]>()(object({}), { scope: 'read-messages' }),
  /** A conversation's messages, oldest first, the last `limit`; marks them read unless `markRead` is false. */
  dmRead: method<DmMessage[]>()(
    object({ conversation, limit: optional(int({ min: 1, max: MAX_DM_READ })), markRead: optional(bool()) }),
    { scope: 'read-messages', invalidates: ['dmList'] }
  ),
  /** First messages from people the person does not follow, newest first. */
  dmRequests: method<DmRequest[]>()(object({}), { scope: 'read-messages' }),
  /** Moves a request to the conversations. */
  dmAccept: method<{ id: ConversationId }>()(object({ id }), { scope: 'write-messages', invalidates: ['dmList', 'dmRequests'] }),
  /** Deletes a request and all of it held here; the sender is told nothing. */
  dmDecline: method<{ id: ConversationId }>()(object({ id }), { scope: 'write-messages', invalidates: ['dmRequests'] }),
  /** Hides a message on this device; the others keep their copies. */
  dmDeleteForMe: method<{ message: MessageId }>()(object({ message: str({ min: 1, max: 200 }) }), { scope: 'write-messages', invalidates: LISTS }),
  /** Leaves a conversation; what the others say afterwards is under a key this identity does not get. */
  dmLeave: method<{ conversation: ConversationId }>()(object({ conversation }), { scope: 'write-messages', invalidates: LISTS }),
  /** Removes a member (the person who started the conversation may) and rotates its key. */
  dmRemoveMember: method<{ conversation: ConversationId }>()(object({ conversation, key }), { scope: 'write-messages', invalidates: LISTS }),
  /** An image of a message, decrypted (base64); `data` null while its blocks have not arrived. */
  dmImage: method<{ data: string | null }>()(
    object({ message: str({ min: 1, max: 200 }), index: int({ min: 0, max: MAX_MESSAGE_IMAGES - 1 }) }),
    { scope: 'read-messages' }
  ),
  dmSettings: method<DmSettings>()(object({}), { scope: 'person' }),
  dmSetSeenReceipts: method<DmSettings>()(object({ on: bool() }), { scope: 'person', invalidates: ['dmSettings'] })
} as const
