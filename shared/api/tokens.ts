// The contract's app tokens: other apps on this computer reach `rstatus serve` with one of these.
// Managing them is for the person only, never for an app holding a token.
import { method } from './method.js'
import { bool, object, optional, str } from './schema.js'

/** A per-app access token as listed: never the secret, which is shown once, when it is created. */
export interface AppToken {
  name: string
  /** A read-only token may call only the methods whose scope is 'read'. */
  readOnly: boolean
  /**
   * The person let this app read their private conversations, and send in them unless it is read-only. Never
   * on unless asked for by name: the methods whose scope is read-messages or write-messages.
   */
  messages: boolean
  createdAt: number
  /** ms since epoch of the last request made with it, to the minute; null if never used. */
  lastUsedAt: number | null
}

const name = str({ min: 1, max: 64 })

export const tokens = {
  appTokens: method<AppToken[]>()(object({}), { scope: 'person' }),
  createAppToken: method<AppToken & { token: string }>()(object({ name, readOnly: optional(bool()), messages: optional(bool()) }), {
    scope: 'person',
    invalidates: ['appTokens']
  }),
  /** Grants an app's token the person's private conversations, or takes them back; the token stays. */
  setAppTokenMessages: method<AppToken>()(object({ name, on: bool() }), { scope: 'person', invalidates: ['appTokens'] }),
  revokeAppToken: method<{ name: string }>()(object({ name }), { scope: 'person', invalidates: ['appTokens'] })
} as const
