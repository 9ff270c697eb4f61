// `rstatus dm send|list|read|requests|accept|decline`: the arguments (pure, like args.ts, which uses this).
import { MAX_DM_READ } from '../../shared/api/messages.js'
import { isRstatusError } from '../../shared/errors.js'
import { parseRef } from '../../shared/keys.js'
import { MAX_MEMBERS } from '../../shared/messages.js'
import { printable } from '../../shared/printable.js'
import { UsageError } from './exit.js'

export type DmCommand =
  /** `text` null: read it from stdin (`-`), which keeps it off the command line other local users can see. */
  | { name: 'dm'; action: 'send'; to: string[]; text: string | null }
  | { name: 'dm'; action: 'list'; json: boolean }
  | { name: 'dm'; action: 'read'; conversation: string; json: boolean; limit: number | null }
  | { name: 'dm'; action: 'requests'; json: boolean }
  | { name: 'dm'; action: 'accept' | 'decline'; id: string }

export const DM_OPTIONS = { json: 'flag', limit: 'value' } as const

/** The positional arguments of each action, by name (for messages). */
export const DM_ACTIONS: Record<string, string[]> = {
  send: ['send', 'KEY|URI|ID[,KEY…]', 'TEXT|-'],
  list: ['list'],
  read: ['read', 'ID|KEY'],
  requests: ['requests'],
  accept: ['accept', 'ID'],
  decline: ['decline', 'ID']
}

/** A conversation id: 26 characters of z-base-32. */
const CONVERSATION_ID = /^[ybndrfg8ejkmcpqxot1uwisza345h769]{26}$/

export function dmCommand(action: string, args: string[], options: Map<string, string | true>): DmCommand {
  const only = (allowed: string[]) => {
    for (const o of options.keys()) {
      if (!allowed.includes(o)) throw new UsageError(`--${o} does not go with dm ${action} (see rstatus --help)`)
    }
  }
  const json = options.get('json') === true
  const [a = '', b = ''] = args
  switch (action) {
    case 'send':
      only([])
      if (b === '') throw new UsageError('the message is empty')
      return { name: 'dm', action, to: recipients(a), text: b === '-' ? null : b }
    case 'list':
    case 'requests':
      only(['json'])
      return { name: 'dm', action, json }
    case 'read': {
      only(['json', 'limit'])
      const l = options.get('limit')
      return { name: 'dm', action, conversation: conversationRef(a), json, limit: typeof l === 'string' ? limit(l) : null }
    }
    default:
      only([])
      if (a.trim() === '') throw new UsageError(`dm ${action} needs the ID that dm requests prints`)
      return { name: 'dm', action: action as 'accept' | 'decline', id: a.trim() }
  }
}

/** One conversation id, or people's keys or links separated by commas. */
function recipients(text: string): string[] {
  const parts = text.split(',').map((p) => p.trim())
  if (parts.some((p) => p === '')) throw new UsageError('dm send needs a conversation ID or keys separated by commas, with none empty')
  if (parts.length === 1 && CONVERSATION_ID.test(parts[0]!)) return parts
  if (parts.length > MAX_MEMBERS - 1) throw new UsageError(`a conversation has at most ${MAX_MEMBERS} people, yourself included`)
  return parts.map(keyOf)
}

function conversationRef(text: string): string {
  const t = text.trim()
  return CONVERSATION_ID.test(t) ? t : keyOf(t)
}

function keyOf(text: string): string {
  try {
    return parseRef(text).key
  } catch (err) {
    if (isRstatusError(err)) throw new UsageError(`"${printable(text.slice(0, 80))}" is neither a conversation ID nor a key`)
    throw err
  }
}

function limit(text: string): number {
  const n = /^\d+$/.test(text.trim()) ? Number(text.trim()) : NaN
  if (!Number.isSafeInteger(n) || n < 1 || n > MAX_DM_READ) throw new UsageError(`--limit must be a whole number from 1 to ${MAX_DM_READ}`)
  return n
}
