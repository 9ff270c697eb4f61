// The error a rule of the feed format throws while validating; decodeBlock turns it into a skipped block,
// the writer into a message for people.
export class Invalid extends Error {
  override name = 'Invalid'
}
