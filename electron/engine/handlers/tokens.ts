// The handlers of shared/api/tokens.ts: the per-app tokens of tokens/app-tokens.ts.
import type { tokens } from '../../../shared/api/tokens.js'
import type { AppTokens } from '../tokens/app-tokens.js'
import type { AreaHandlers } from './api.js'

export interface TokenServices {
  tokens: Pick<AppTokens, 'list' | 'create' | 'revoke'>
}

export function tokenHandlers(s: TokenServices): AreaHandlers<typeof tokens> {
  return {
    appTokens: async () => s.tokens.list(),
    createAppToken: async ({ name, readOnly }) => s.tokens.create(name, { readOnly: readOnly ?? false }),
    revokeAppToken: async ({ name }) => s.tokens.revoke(name)
  }
}
