// Status text from a feed, as React text nodes and links: never as HTML. Mentions link to the key the
// status itself names for that name; a name the status does not resolve stays plain text.
import { Fragment } from 'react'
import type { Mention } from '../../shared/protocol/records.js'
import { parseText } from '../../shared/protocol/text.js'
import { href } from '../navigation/routes.js'

export function StatusText({ text, mentions = [] }: { text: string; mentions?: readonly Mention[] | undefined }) {
  const parts = parseText(text)
  return (
    <p className="status-text">
      {parts.map((part, i) => {
        switch (part.kind) {
          case 'link':
            return (
              <a key={i} href={part.href} target="_blank" rel="noopener noreferrer" className="external">
                {displayUrl(part.href)}
              </a>
            )
          case 'hashtag':
            return (
              <a key={i} href={href.tag(part.tag)}>
                {part.text}
              </a>
            )
          case 'mention': {
            const m = mentions.find((x) => x.name === part.name) ??
              mentions.find((x) => x.name.toLowerCase() === part.name.toLowerCase())
            return m ? (
              <a key={i} href={href.profile(m.key)} className="mention">
                {part.text}
              </a>
            ) : (
              <Fragment key={i}>{part.text}</Fragment>
            )
          }
          default:
            return <Fragment key={i}>{part.text}</Fragment>
        }
      })}
    </p>
  )
}

/** Long links are shortened for reading; the href stays whole and the full address is in the title. */
function displayUrl(url: string): string {
  const bare = url.replace(/^https?:\/\//, '')
  return bare.length > 48 ? bare.slice(0, 45) + '…' : bare
}
