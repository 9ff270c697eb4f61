// A person's verified handle beside their name: `@domain` and the mark, only once their domain named their key
// (PROTOCOL.md, "Handles"). A claim not verified shows nothing here: anyone can claim any domain, and a name
// line is no place to explain that (the profile page does).
import { CheckIcon } from './icons.js'

export function HandleMark({ person }: { person: { handle?: string | undefined; handleVerified?: true | undefined } }) {
  if (!person.handle || person.handleVerified !== true) return null
  return (
    <span className="handle-mark">
      <span className="handle-text">@{person.handle}</span>
      <span className="verified-mark" role="img" aria-label="verified" title={`${person.handle} names this key`}><CheckIcon /></span>
    </span>
  )
}
