// Twitter's error shape, {"errors":[{"code":N,"message":"…"}]}, with the codes and HTTP statuses Twitter's
// v1.1 API used for the same situations, so clients written for it react as they would there.
import { isRstatusError } from '../../../shared/errors.js'

export class TwitterError extends Error {
  override name = 'TwitterError'

  constructor(
    readonly status: number,
    readonly code: number,
    message: string
  ) {
    super(message)
  }

  get body(): { errors: Array<{ code: number; message: string }> } {
    return { errors: [{ code: this.code, message: this.message }] }
  }
}

export const twitterErrors = {
  badAuthentication: () => new TwitterError(400, 215, 'Bad Authentication data.'),
  invalidToken: () => new TwitterError(401, 89, 'Invalid or expired token.'),
  readOnly: () => new TwitterError(403, 261, 'Application cannot perform write actions.'),
  notFound: () => new TwitterError(404, 34, 'Sorry, that page does not exist.'),
  noStatus: () => new TwitterError(404, 144, 'No status found with that ID.'),
  noUser: () => new TwitterError(404, 50, 'User not found.'),
  missingStatus: () => new TwitterError(400, 170, 'Missing required parameter: status.'),
  missing: (name: string) => new TwitterError(400, 38, `${name} parameter is missing.`),
  invalid: (message: string) => new TwitterError(400, 38, message),
  tooLong: () => new TwitterError(403, 186, 'Tweet needs to be a bit shorter.'),
  replyTargetMissing: () =>
    new TwitterError(403, 385, 'You attempted to reply to a Tweet that is deleted or not visible to you.'),
  notYours: () => new TwitterError(403, 183, "You may not delete another user's status."),
  alreadyFavorited: () => new TwitterError(403, 139, 'You have already favorited this status.'),
  alreadyRetweeted: () => new TwitterError(403, 327, 'You have already retweeted this Tweet.'),
  badClientCredentials: () => new TwitterError(403, 99, 'Unable to verify your credentials'),
  missingGrantType: () => new TwitterError(403, 170, 'Missing required parameter: grant_type'),
  internal: () => new TwitterError(500, 131, 'Internal error.')
}

/** An engine error as Twitter would have said it; null for an unexpected one (the caller logs it: 131). */
export function fromRstatusError(err: unknown): TwitterError | null {
  if (err instanceof TwitterError) return err
  if (!isRstatusError(err)) return null
  switch (err.code) {
    case 'TEXT_TOO_LONG':
      return twitterErrors.tooLong()
    case 'EMPTY_TEXT':
      return twitterErrors.missingStatus()
    case 'NOT_FOUND':
      return twitterErrors.noStatus()
    case 'NOT_ALLOWED':
      return new TwitterError(403, 220, 'Your credentials do not allow access to this resource.')
    case 'INVALID_KEY':
    case 'INVALID_URI':
    case 'INVALID_INPUT':
    case 'INVALID_RECORD':
      return twitterErrors.invalid(err.message)
    case 'CLOSED':
    case 'TIMEOUT':
      return new TwitterError(503, 130, 'Over capacity.')
    default:
      return null
  }
}
