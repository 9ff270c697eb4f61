// The contract's Api as one app token may use it. Every call passes the contract's scope table (scopeAllows,
// the same check the RPC makes for app tokens), so whether an app may read or send the person's private
// conversations is decided by the methods' declared scopes and the token's grant, not route by route.
import type { Api } from '../../../shared/api/contract.js'
import { scopeAllows } from '../../../shared/rpc/server.js'
import type { AppGrant } from '../../engine/tokens/app-tokens.js'
import type { AppTokenVerifier } from './access.js'
import { mastodonErrors } from './errors.js'

export function grantedApi(api: Api, grant: AppGrant | null, apps: Pick<AppTokenVerifier, 'allowsMessages'>): Api {
  const scope = grant === null || grant.readOnly ? 'read-only' : 'app'
  return {
    call(method, params) {
      // Asked per call: taking the messages back from an app holds from its next request on.
      const messages = grant !== null && apps.allowsMessages(grant)
      if (!scopeAllows(scope, method, { messages })) return Promise.reject(mastodonErrors.outsideScope())
      return api.call(method, params)
    },
    on: (event, listener) => api.on(event, listener)
  }
}
