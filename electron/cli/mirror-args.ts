// `rstatus mirror serve|add|remove|list|sync`: the arguments (pure, like args.ts, which uses this).
import path from 'node:path'
import { isRstatusError } from '../../shared/errors.js'
import { parseKey, type FeedKey } from '../../shared/keys.js'
import { parseRelayKeys } from '../engine/replication/relay-keys.js'
import { UsageError } from './exit.js'

export type MirrorCommand =
  /** `storage` null: mirror/ in the data directory; `maxBytes` null: blind-peer's own default. */
  | { name: 'mirror'; action: 'serve'; storage: string | null; maxBytes: number | null; trust: FeedKey[] }
  | { name: 'mirror'; action: 'add' | 'remove'; key: FeedKey }
  | { name: 'mirror'; action: 'list'; json: boolean }
  | { name: 'mirror'; action: 'sync'; timeoutMs: number }

export const MIRROR_OPTIONS = { storage: 'value', 'max-storage': 'value', trust: 'value', json: 'flag', timeout: 'value' } as const

/** The positional arguments of each action, by name (for messages). */
export const MIRROR_ACTIONS: Record<string, string[]> = {
  serve: ['serve'],
  add: ['add', 'KEY'],
  remove: ['remove', 'KEY'],
  list: ['list'],
  sync: ['sync']
}

export const DEFAULT_MIRROR_SYNC_S = 60
const MAX_MIRROR_SYNC_S = 24 * 60 * 60
const MAX_STORAGE_MB = 1024 * 1024 * 1024

export function mirrorCommand(action: string, arg: string, options: Map<string, string | true>): MirrorCommand {
  const only = (allowed: string[]) => {
    for (const o of options.keys()) {
      if (!allowed.includes(o)) throw new UsageError(`--${o} does not go with mirror ${action} (see rstatus --help)`)
    }
  }
  const value = (o: string) => {
    const v = options.get(o)
    return typeof v === 'string' ? v : undefined
  }
  switch (action) {
    case 'serve': {
      only(['storage', 'max-storage', 'trust'])
      const storage = value('storage')
      if (storage !== undefined && storage.trim() === '') throw new UsageError('--storage needs a directory')
      const mb = value('max-storage')
      const maxMb = mb === undefined ? null : /^\d+$/.test(mb.trim()) ? Number(mb.trim()) : NaN
      if (maxMb !== null && (!Number.isSafeInteger(maxMb) || maxMb < 1 || maxMb > MAX_STORAGE_MB)) {
        throw new UsageError(`--max-storage must be a whole number of megabytes from 1 to ${MAX_STORAGE_MB}`)
      }
      const trust = value('trust')
      return {
        name: 'mirror',
        action,
        storage: storage === undefined ? null : path.resolve(storage),
        maxBytes: maxMb === null ? null : maxMb * 1024 * 1024,
        trust: trust === undefined ? [] : keys(trust, '--trust')
      }
    }
    case 'add':
    case 'remove':
      only([])
      return { name: 'mirror', action, key: key(arg) }
    case 'list':
      only(['json'])
      return { name: 'mirror', action, json: options.get('json') === true }
    default: {
      only(['timeout'])
      const t = value('timeout')?.trim()
      const seconds = t === undefined ? DEFAULT_MIRROR_SYNC_S : /^\d+(\.\d+)?$/.test(t) ? Number(t) : NaN
      if (!(seconds >= 0 && seconds <= MAX_MIRROR_SYNC_S)) {
        throw new UsageError(`--timeout must be a number of seconds from 0 to ${MAX_MIRROR_SYNC_S}`)
      }
      return { name: 'mirror', action: 'sync', timeoutMs: Math.round(seconds * 1000) }
    }
  }
}

function key(text: string): FeedKey {
  try {
    return parseKey(text)
  } catch (err) {
    if (!isRstatusError(err)) throw err
    throw new UsageError(`not a mirror key: the key rstatus mirror serve printed (52 z-base-32 or 64 hex characters)`)
  }
}

function keys(text: string, source: string): FeedKey[] {
  try {
    return parseRelayKeys(text, source)
  } catch (err) {
    throw new UsageError((err as Error).message)
  }
}
