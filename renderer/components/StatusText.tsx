// Status and bio text from a feed, as React text nodes and links: never as HTML. Mentions show the name of
// the profile held for the key the status names (names.ts); rstatus:// links open inside the app and web
// links in the browser (rich-text.ts). The paragraph's direction follows its own text, and names are isolated,
// so neither can reorder what sits around it.
import { Fragment } from 'react'
import type { MentionView } from '../../shared/api/shapes.js'
import { href } from '../navigation/routes.js'
import { findMention, mentionShown } from '../../shared/mention-display.js'
import { richParts, type RichPart } from './rich-text.js'

export function StatusText({ text, mentions = [], bio = false }: {
  text: string
  mentions?: readonly MentionView[] | undefined
  /** A bio: its @names are not resolved by the feed, so they search for the name instead. */
  bio?: boolean
}) {
  return (
    <p className={bio ? 'profile-bio' : 'status-text'} dir="auto">
      {richParts(text).map((part, i) => <Part key={i} part={part} mentions={mentions} bio={bio} />)}
    </p>
  )
}

function Part({ part, mentions, bio }: { part: RichPart; mentions: readonly MentionView[]; bio: boolean }) {
  switch (part.kind) {
    case 'link':
      return (
        <a href={part.href} target="_blank" rel="noopener noreferrer" className="external">
          {displayUrl(part.text)}
        </a>
      )
    case 'app-link':
      return <a href={part.seq === undefined ? href.profile(part.key) : href.status(part.key, part.seq)}>{displayUrl(part.text)}</a>
    case 'hashtag':
      return <a href={href.tag(part.tag)}>{part.text}</a>
    case 'mention': {
      if (bio) return <a href={href.search(part.text)}>{part.text}</a>
      const m = findMention(mentions, part.name)
      if (!m) return <Fragment>{part.text}</Fragment>
      const shown = mentionShown(part.name, m)
      return (
        <a href={href.profile(m.key)} className="mention" title={m.key}>
          @<bdi>{shown.name}</bdi>
          {shown.key && <>{' '}<span className="mention-key">({shown.key})</span></>}
        </a>
      )
    }
    default:
      return <Fragment>{part.text}</Fragment>
  }
}

/** Long links are shortened for reading; the href stays whole and the full address is in the title. */
function displayUrl(url: string): string {
  const bare = url.replace(/^https?:\/\//, '')
  return bare.length > 48 ? bare.slice(0, 45) + '…' : bare
}
