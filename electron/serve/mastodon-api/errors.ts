// Mastodon's error shape, {"error": "…"}, with the HTTP statuses and messages Mastodon itself answers, so a
// client reacts as it would against a Mastodon server. OAuth's endpoints answer RFC 6749's shape instead
// ({"error": "invalid_grant", "error_description": "…"}), as Mastodon's Doorkeeper does.
import { isRstatusError } from '../../../shared/errors.js'

export class MastodonError extends Error {
  override name = 'MastodonError'

  constructor(
    readonly status: number,
    message: string,
    /** RFC 6749's error code, for the OAuth endpoints. */
    readonly oauthCode?: string
  ) {
    super(message)
  }

  get body(): Record<string, string> {
    return this.oauthCode === undefined ? { error: this.message } : { error: this.oauthCode, error_description: this.message }
  }
}

export const mastodonErrors = {
  /** What Mastodon answers for a route it does not have, and for an id it does not know. */
  notFound: () => new MastodonError(404, 'Record not found'),
  invalidToken: () => new MastodonError(401, 'The access token is invalid'),
  needsUser: () => new MastodonError(401, 'This method requires an authenticated user'),
  outsideScope: () => new MastodonError(403, 'This action is outside the authorized scopes'),
  forbidden: () => new MastodonError(403, 'This action is not allowed'),
  badHost: () => new MastodonError(403, 'This server answers only to 127.0.0.1 and localhost'),
  validation: (message: string) => new MastodonError(422, `Validation failed: ${message}`),
  badRequest: (message: string) => new MastodonError(400, message),
  tooLarge: (bytes: number) => new MastodonError(413, `The request is over ${bytes} bytes`),
  unavailable: () => new MastodonError(503, 'rstatus is shutting down'),
  internal: () => new MastodonError(500, 'Internal error'),
  oauth: (status: number, code: string, description: string) => new MastodonError(status, description, code)
}

/** An engine error as Mastodon would say it; null for an unexpected one (the caller logs it and answers 500). */
export function fromRstatusError(err: unknown): MastodonError | null {
  if (err instanceof MastodonError) return err
  if (!isRstatusError(err)) return null
  switch (err.code) {
    case 'TEXT_TOO_LONG':
    case 'EMPTY_TEXT':
    case 'INVALID_INPUT':
    case 'INVALID_RECORD':
      return mastodonErrors.validation(lowerFirst(err.message))
    case 'INVALID_KEY':
    case 'INVALID_URI':
    case 'NOT_FOUND':
      return mastodonErrors.notFound()
    case 'NOT_ALLOWED':
      return mastodonErrors.forbidden()
    case 'FEED_BEHIND':
      return new MastodonError(409, err.message)
    case 'CLOSED':
      return mastodonErrors.unavailable()
    case 'TIMEOUT':
      return new MastodonError(504, 'Timed out')
    default:
      return null
  }
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1)
}
