// The handlers of shared/api/messages.ts: private conversations (messages/messages.ts).
import type { messages as contract } from '../../../shared/api/messages.js'
import { RstatusError } from '../../../shared/errors.js'
import { parseRef } from '../../../shared/keys.js'
import type { Messages } from '../messages/messages.js'
import type { AreaHandlers } from './api.js'

export interface MessageServices {
  messages: Pick<
    Messages,
    'send' | 'list' | 'read' | 'requests' | 'accept' | 'decline' | 'deleteForMe' | 'leave' | 'removeMember' | 'seenReceipts' | 'setSeenReceipts'
  >
  /** Makes sure the person can be answered: their messaging keys are in their feed. */
  beforeSend(): Promise<void>
}

/** A conversation id is 26 characters of z-base-32; keys are longer, links start with rstatus://. */
const CONVERSATION_ID = /^[ybndrfg8ejkmcpqxot1uwisza345h769]{26}$/

export function messageHandlers(s: MessageServices): AreaHandlers<typeof contract> {
  const { messages } = s
  return {
    dmSend: async ({ to, text }) => {
      const targets = to.map((t) => t.trim())
      if (targets.length === 0) throw new RstatusError('INVALID_INPUT', 'Name a conversation, or at least one person to write to')
      const target = targets.length === 1 && CONVERSATION_ID.test(targets[0]!) ? targets[0]! : targets.map((t) => parseRef(t).key)
      await s.beforeSend()
      return messages.send(target, text)
    },
    dmList: async () => messages.list(),
    dmRead: ({ conversation, limit, markRead }) => messages.read(conversation, { ...(limit !== undefined ? { limit } : {}), ...(markRead !== undefined ? { markRead } : {}) }),
    dmRequests: async () => messages.requests(),
    dmAccept: async ({ id }) => {
      messages.accept(id)
      return { id }
    },
    dmDecline: async ({ id }) => {
      await messages.decline(id)
      return { id }
    },
    dmDeleteForMe: async ({ message }) => {
      messages.deleteForMe(message)
      return { message }
    },
    dmLeave: async ({ conversation }) => {
      await messages.leave(conversation)
      return { conversation }
    },
    dmRemoveMember: async ({ conversation, key }) => {
      await messages.removeMember(conversation, parseRef(key).key)
      return { conversation }
    },
    dmSettings: async () => ({ seenReceipts: messages.seenReceipts }),
    dmSetSeenReceipts: async ({ on }) => {
      messages.setSeenReceipts(on)
      return { seenReceipts: messages.seenReceipts }
    }
  }
}
