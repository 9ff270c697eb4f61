// The contract's app tokens: other apps on this computer reach `rstatus serve` with one of these.
// Managing them is for the person only, never for an app holding a token.
import { method } from './method.js'
import { bool, object, optional, str } from './schema.js'

/** A per-app access token as listed: never the secret, which is shown once, when it is created. */
export interface AppToken {
  name: string
  /** A read-only token may call only the methods whose scope is 'read'. */
  readOnly: boolean
  createdAt: number
  /** ms since epoch of the last request made with it, to the minute; null if never used. */
  lastUsedAt: number | null
}

const name = str({ min: 1, max: 64 })

export const tokens = {
  appTokens: method<AppToken[]>()(object({}), { scope: 'person' }),
  createAppToken: method<AppToken & { token: string }>()(object({ name, readOnly: optional(bool()) }), {
    scope: 'person',
    invalidates: ['appTokens']
  }),
  revokeAppToken: method<{ name: string }>()(object({ name }), { scope: 'person', invalidates: ['appTokens'] })
} as const
