// `rstatus bookmark|unbookmark|bookmarks|list|lists`: the arguments (pure, like args.ts, which uses this).
import { isRstatusError } from '../../shared/errors.js'
import { parseRef, parseStatusUri, statusUri, type FeedKey } from '../../shared/keys.js'
import { printable } from '../../shared/printable.js'
import { listNameProblem } from '../../shared/protocol/private-records.js'
import { UsageError } from './exit.js'

export type PrivateDataCommand =
  | { name: 'bookmark' | 'unbookmark'; uri: string }
  | { name: 'bookmarks'; json: boolean; limit: number }
  | { name: 'lists'; json: boolean }
  | { name: 'list'; action: 'create' | 'delete'; list: string }
  | { name: 'list'; action: 'add' | 'remove'; list: string; key: FeedKey }
  | { name: 'list'; action: 'show'; list: string; json: boolean; limit: number }

export const LIST_OPTIONS = { json: 'flag', limit: 'value' } as const

/** The positional arguments of each `list` action, by name (for messages). */
export const LIST_ACTIONS: Record<string, string[]> = {
  create: ['create', 'NAME'],
  delete: ['delete', 'NAME'],
  add: ['add', 'NAME', 'KEY'],
  remove: ['remove', 'NAME', 'KEY'],
  show: ['show', 'NAME']
}

export function listCommand(action: string, args: string[], options: Map<string, string | true>, limitOf: (text: string) => number, defaultLimit: number): PrivateDataCommand {
  const only = (allowed: string[]) => {
    for (const o of options.keys()) if (!allowed.includes(o)) throw new UsageError(`--${o} does not go with list ${action} (see rstatus --help)`)
  }
  const list = listName(args[0] ?? '')
  switch (action) {
    case 'create':
    case 'delete':
      only([])
      return { name: 'list', action, list }
    case 'add':
    case 'remove':
      only([])
      return { name: 'list', action, list, key: personKey(args[1] ?? '') }
    default: {
      only(['json', 'limit'])
      const limit = options.get('limit')
      return { name: 'list', action: 'show', list, json: options.get('json') === true, limit: typeof limit === 'string' ? limitOf(limit) : defaultLimit }
    }
  }
}

export function bookmarkUri(text: string): string {
  try {
    const { key, seq } = parseStatusUri(text)
    return statusUri(key, seq)
  } catch (err) {
    if (!isRstatusError(err)) throw err
    throw new UsageError(`not a status link: "${printable(text)}" (expected rstatus://<key>/<seq>)`)
  }
}

function listName(text: string): string {
  const name = text.trim().normalize('NFC')
  const problem = listNameProblem(name)
  if (problem) throw new UsageError(problem)
  return name
}

function personKey(text: string): FeedKey {
  try {
    return parseRef(text).key
  } catch (err) {
    if (!isRstatusError(err)) throw err
    throw new UsageError(`not a key: "${printable(text)}" (52 z-base-32 or 64 hex characters, or an rstatus:// link)`)
  }
}
