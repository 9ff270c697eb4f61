// Twitter's app-only sign-in, POST /oauth2/token (client credentials): a client sends its consumer key and
// secret as HTTP Basic and gets a bearer token back. Here the secret is an rstatus token (a per-app token or
// the app's own) and the key is any name; the answer hands back that same token, so twit, twitter-lite and
// twitter-api-v2's appLogin() work unchanged.
import { twitterErrors, type TwitterError } from './errors.js'
import { formPairs } from './params.js'

export const OAUTH2_TOKEN_PATH = '/oauth2/token'

/** The token a client-credentials request presents, or the Twitter error it gets instead. */
export function clientCredentials(authorization: string | undefined, query: string, body: Uint8Array): { token: string } | TwitterError {
  let grant: string | undefined
  try {
    const params = new Map([...formPairs(query), ...formPairs(new TextDecoder('utf-8', { fatal: true }).decode(body))])
    grant = params.get('grant_type')
  } catch {
    return twitterErrors.invalid('The body is not form-encoded UTF-8.')
  }
  if (grant !== 'client_credentials') return twitterErrors.missingGrantType()
  const basic = /^Basic +([A-Za-z0-9+/=]+)$/i.exec(authorization?.trim() ?? '')?.[1]
  if (!basic) return twitterErrors.badClientCredentials()
  const decoded = Buffer.from(basic, 'base64').toString('utf8')
  const colon = decoded.indexOf(':')
  // RFC 6749 2.3.1: both parts are form-encoded before they are joined
  const secret = colon === -1 ? '' : safeDecode(decoded.slice(colon + 1))
  return secret ? { token: secret } : twitterErrors.badClientCredentials()
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '))
  } catch {
    return ''
  }
}
