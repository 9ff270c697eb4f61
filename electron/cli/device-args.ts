// `rstatus device invite|join|list|remove`: the arguments (pure, like args.ts, which uses this).
import { MAX_INVITE_SECONDS, DEFAULT_INVITE_SECONDS } from '../../shared/api/devices.js'
import { isRstatusError } from '../../shared/errors.js'
import { parseRef, type FeedKey } from '../../shared/keys.js'
import { UsageError } from './exit.js'

export type DeviceCommand =
  | { name: 'device'; action: 'invite'; timeoutS: number }
  /** `code` null: read it from a prompt or stdin (device-code.ts), never from the command line. */
  | { name: 'device'; action: 'join'; code: string | null }
  | { name: 'device'; action: 'list'; json: boolean }
  | { name: 'device'; action: 'remove'; key: FeedKey }

export const DEVICE_OPTIONS = { timeout: 'value', json: 'flag' } as const

/** The positional arguments of each action, by name (for messages). */
export const DEVICE_ACTIONS: Record<string, string[]> = {
  invite: ['invite'],
  join: ['join', '[CODE]'],
  list: ['list'],
  remove: ['remove', 'KEY']
}

const CODE = /^[a-z0-9]{80,200}$/i

export function deviceCommand(action: string, arg: string, options: Map<string, string | true>): DeviceCommand {
  const only = (allowed: string[]) => {
    for (const o of options.keys()) {
      if (!allowed.includes(o)) throw new UsageError(`--${o} does not go with device ${action} (see rstatus --help)`)
    }
  }
  switch (action) {
    case 'invite': {
      only(['timeout'])
      const t = options.get('timeout')
      const text = typeof t === 'string' ? t.trim() : undefined
      const seconds = text === undefined ? DEFAULT_INVITE_SECONDS : /^\d+$/.test(text) ? Number(text) : NaN
      if (!Number.isSafeInteger(seconds) || seconds < 1 || seconds > MAX_INVITE_SECONDS) {
        throw new UsageError(`--timeout must be a whole number of seconds from 1 to ${MAX_INVITE_SECONDS}`)
      }
      return { name: 'device', action, timeoutS: seconds }
    }
    case 'join':
      only([])
      return { name: 'device', action, code: arg === '' ? null : deviceCode(arg) }
    case 'list':
      only(['json'])
      return { name: 'device', action, json: options.get('json') === true }
    default:
      only([])
      try {
        return { name: 'device', action: 'remove', key: parseRef(arg).key }
      } catch (err) {
        throw isRstatusError(err) ? new UsageError(err.message.replace(/^[A-Z]/, (c) => c.toLowerCase())) : err
      }
  }
}

/** A pairing code as typed, pasted or piped: trimmed and lower-cased, or one clear line. */
export function deviceCode(text: string): string {
  if (!CODE.test(text.trim())) throw new UsageError('that is not a device code: copy the whole code that rstatus device invite printed')
  return text.trim().toLowerCase()
}
