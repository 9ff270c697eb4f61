// The handlers of shared/api/tokens.ts: the per-app tokens of tokens/app-tokens.ts.
import type { tokens } from '../../../shared/api/tokens.js'
import type { AppTokens } from '../tokens/app-tokens.js'
import type { AreaHandlers } from './api.js'

export interface TokenServices {
  tokens: Pick<AppTokens, 'list' | 'create' | 'revoke' | 'setMessages'>
}

export function tokenHandlers(s: TokenServices): AreaHandlers<typeof tokens> {
  return {
    appTokens: async () => s.tokens.list(),
    createAppToken: async ({ name, readOnly, messages }) => s.tokens.create(name, { readOnly: readOnly ?? false, messages: messages ?? false }),
    setAppTokenMessages: async ({ name, on }) => s.tokens.setMessages(name, on),
    revokeAppToken: async ({ name }) => s.tokens.revoke(name)
  }
}
