// The handlers of shared/api/s.messages().ts: private conversations (messages/s.messages().ts).
import type { messages as contract } from '../../../shared/api/messages.js'
import { RstatusError } from '../../../shared/errors.js'
import { parseRef } from '../../../shared/keys.js'
import type { Messages } from '../messages/messages.js'
import type { AreaHandlers } from './api.js'
import { messageImage, type ImageServices } from './images.js'

export interface MessageServices {
  /** The Messages of the identity this device writes for now (it changes when the device pairs). */
  messages(): Pick<
    Messages,
    'send' | 'image' | 'list' | 'read' | 'requests' | 'accept' | 'decline' | 'deleteForMe' | 'leave' | 'removeMember' | 'seenReceipts' | 'setSeenReceipts'
  >
  media: ImageServices['media']
  /** Makes sure the person can be answered: their messaging keys are in their feed. */
  beforeSend(): Promise<void>
}

/** A conversation id is 26 characters of z-base-32; keys are longer, links start with rstatus://. */
const CONVERSATION_ID = /^[ybndrfg8ejkmcpqxot1uwisza345h769]{26}$/

export function messageHandlers(s: MessageServices): AreaHandlers<typeof contract> {
  return {
    dmSend: async ({ to, text, images }) => {
      const targets = to.map((t) => t.trim())
      if (targets.length === 0) throw new RstatusError('INVALID_INPUT', 'Name a conversation, or at least one person to write to')
      const target = targets.length === 1 && CONVERSATION_ID.test(targets[0]!) ? targets[0]! : targets.map((t) => parseRef(t).key)
      await s.beforeSend()
      const outgoing = []
      for (const image of images ?? []) outgoing.push(await messageImage(s, image))
      return s.messages().send(target, text, { images: outgoing })
    },
    dmList: async () => s.messages().list(),
    dmRead: ({ conversation, limit, markRead }) => s.messages().read(conversation, { ...(limit !== undefined ? { limit } : {}), ...(markRead !== undefined ? { markRead } : {}) }),
    dmRequests: async () => s.messages().requests(),
    dmAccept: async ({ id }) => {
      s.messages().accept(id)
      return { id }
    },
    dmDecline: async ({ id }) => {
      await s.messages().decline(id)
      return { id }
    },
    dmDeleteForMe: async ({ message }) => {
      s.messages().deleteForMe(message)
      return { message }
    },
    dmLeave: async ({ conversation }) => {
      await s.messages().leave(conversation)
      return { conversation }
    },
    dmRemoveMember: async ({ conversation, key }) => {
      await s.messages().removeMember(conversation, parseRef(key).key)
      return { conversation }
    },
    dmImage: async ({ message, index }) => {
      const bytes = await s.messages().image(message, index)
      return { data: bytes ? bytes.toString('base64') : null }
    },
    dmSettings: async () => ({ seenReceipts: s.messages().seenReceipts }),
    dmSetSeenReceipts: async ({ on }) => {
      s.messages().setSeenReceipts(on)
      return { seenReceipts: s.messages().seenReceipts }
    }
  }
}
