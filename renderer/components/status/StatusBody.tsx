// What a status says, as every list and the thread show it: the warning it is folded behind, its text, its
// images (blurred while marked sensitive), its link card, its poll, the status it quotes, and "edited".
import { useState } from 'react'
import type { PollView, QuoteView, StatusView } from '../../../shared/api/shapes.js'
import { shortKey, type FeedKey } from '../../../shared/keys.js'
import type { ImageAttachment, LinkCard } from '../../../shared/protocol/records.js'
import { useMutation } from '../../api/mutations.js'
import { useImage } from '../../api/useImage.js'
import { statusHref } from '../../navigation/routes.js'
import { RelativeTime } from '../RelativeTime.js'
import { StatusText } from '../StatusText.js'
import { useToast } from '../Toast.js'
import { EditHistoryDialog } from './EditHistoryDialog.js'
import { StatusImages } from './StatusImages.js'
import { usePostSettings, warningHidden } from './post-settings.js'

export function StatusBody({ status }: { status: StatusView }) {
  const settings = usePostSettings()
  const [unfolded, setUnfolded] = useState<boolean | null>(null)
  const open = unfolded ?? settings.expandWarnings
  const folded = status.cw !== undefined && !open
  const [shownAnyway, setShownAnyway] = useState(false)
  // Sensitive media (the images and the card's picture) stay blurred until the reader asks, once for all of them.
  const [mediaShown, setMediaShown] = useState(false)
  const veiled = status.sensitive === true && !mediaShown
  const hasImages = status.attachments !== undefined && status.attachments.length > 0
  if (!shownAnyway && warningHidden(status.cw, settings.hiddenWarningWords)) {
    return (
      <p className="status-hidden">
        Hidden: its warning contains a word you hide.{' '}
        <button type="button" className="button" onClick={() => setShownAnyway(true)}>Show it</button>
      </p>
    )
  }
  return (
    <>
      {status.cw !== undefined && (
        <p className="status-cw">
          <span className="cw-text">{status.cw}</span>
          <button type="button" className="button cw-toggle" aria-expanded={open} onClick={() => setUnfolded(!open)}>
            {open ? 'Show less' : 'Show more'}
          </button>
        </p>
      )}
      {!folded && (
        <>
          <StatusText text={status.text} mentions={status.mentions} />
          {hasImages && (
            veiled
              ? <SensitiveImages status={status} onShow={() => setMediaShown(true)} />
              : <StatusImages feed={status.feed} images={status.attachments!} />
          )}
          {status.card && (
            veiled && status.card.image && !hasImages
              ? (
                <div className="status-sensitive">
                  <LinkCardView feed={status.feed} card={status.card} blurred />
                  <ShowSensitive onShow={() => setMediaShown(true)} />
                </div>
              )
              : <LinkCardView feed={status.feed} card={status.card} blurred={veiled} />
          )}
          {status.poll && <PollResults status={status} poll={status.poll} />}
          {status.quote && <QuotedStatus quote={status.quote} />}
        </>
      )}
      {status.edited !== undefined && <EditedMark status={status} edited={status.edited} />}
    </>
  )
}

/** Sensitive images stay blurred, and out of reach, until the reader asks to see them. */
function SensitiveImages({ status, onShow }: { status: StatusView; onShow: () => void }) {
  return (
    <div className="status-sensitive">
      <div className="sensitive-blur" aria-hidden="true" inert>
        <StatusImages feed={status.feed} images={status.attachments!} />
      </div>
      <ShowSensitive onShow={onShow} />
    </div>
  )
}

function ShowSensitive({ onShow }: { onShow: () => void }) {
  return <button type="button" className="button sensitive-show" onClick={onShow}>Sensitive media: show</button>
}

/** A card the author's client stored when posting: this reader never fetches the page, nor its picture. */
function LinkCardView({ feed, card, blurred = false }: { feed: FeedKey; card: LinkCard; blurred?: boolean }) {
  return (
    <a className="status-card" href={card.url} target="_blank" rel="noopener noreferrer nofollow">
      {card.image && <LinkCardImage feed={feed} image={card.image} blurred={blurred} />}
      <span className="card-title">{card.title}</span>
      {card.description && <span className="card-description">{card.description}</span>}
      <span className="card-host">{hostOf(card.url)}</span>
    </a>
  )
}

/** The picture comes from the author's blobs, like an attached image; the title says what it is, so its alt is empty. */
function LinkCardImage({ feed, image, blurred }: { feed: FeedKey; image: ImageAttachment; blurred: boolean }) {
  const { url, state } = useImage(feed, image, 'thumb')
  // The box has the picture's shape (within bounds) before its bytes arrive, so the status does not jump.
  const ratio = `${Math.min(Math.max(image.width / image.height, 1), 2.5)}`
  return (
    <span className={`card-image ${state}${blurred ? ' sensitive-blur' : ''}`} style={{ aspectRatio: ratio }}>
      {state === 'ready' && url && <img src={url} alt="" loading="lazy" width={image.width} height={image.height} />}
    </span>
  )
}

function hostOf(url: string): string {
  try {
    return new URL(url).host
  } catch {
    return url
  }
}

function PollResults({ status, poll }: { status: StatusView; poll: PollView }) {
  const vote = useMutation('vote')
  const toast = useToast()
  const ended = Date.now() > poll.endsAt
  const total = poll.choices.reduce((n, c) => n + c.votes, 0)

  async function choose(choice: number) {
    const outcome = await vote.run({ of: status.uri, choice })
    if (!outcome.ok) toast(`Could not vote: ${outcome.error.message}`)
  }

  return (
    <div className="status-poll" role="group" aria-label="Poll">
      <ol>
        {poll.choices.map((c, i) => {
          const share = total === 0 ? 0 : Math.round((c.votes / total) * 100)
          return (
            <li key={i} className={poll.mine === i + 1 ? 'poll-choice mine' : 'poll-choice'}>
              <span className="poll-bar" style={{ width: `${share}%` }} aria-hidden="true" />
              <span className="poll-text">{c.text}</span>
              <span className="poll-count">{c.votes === 1 ? '1 vote' : `${c.votes} votes`}</span>
              {!ended && (
                <button type="button" className="button poll-vote" disabled={vote.pending || poll.mine === i + 1}
                  aria-label={poll.mine === i + 1 ? `Your vote: ${c.text}` : `Vote for ${c.text}`}
                  onClick={() => void choose(i + 1)}>
                  {poll.mine === i + 1 ? 'Voted' : 'Vote'}
                </button>
              )}
            </li>
          )
        })}
      </ol>
      <p className="poll-note">
        {`From the ${poll.voters === 1 ? '1 person' : `${poll.voters} people`} whose feeds you hold. `}
        {ended ? 'Ended ' : 'Ends '}
        <time dateTime={new Date(poll.endsAt).toISOString()}>{new Date(poll.endsAt).toLocaleString()}</time>
        {!ended && '. Votes are public: anyone who holds your feed sees yours.'}
      </p>
    </div>
  )
}

function QuotedStatus({ quote }: { quote: QuoteView }) {
  if ('state' in quote) {
    if (quote.state === 'not-allowed') {
      // Its author switched quotes off: a plain link, as they asked.
      return <p className="status-quote plain"><a href={statusHref(quote.uri)}>{quote.uri}</a></p>
    }
    return <p className="status-quote missing">{quote.state === 'deleted' ? 'The quoted status was deleted.' : 'The quoted status is not available yet.'}</p>
  }
  return (
    <blockquote className="status-quote" aria-label="Quoted status">
      <a href={statusHref(quote.uri)} className="quote-author">{shortKey(quote.author)}</a>
      <StatusText text={quote.text} />
    </blockquote>
  )
}

function EditedMark({ status, edited }: { status: StatusView; edited: number }) {
  const [open, setOpen] = useState(false)
  return (
    <>
      <button type="button" className="status-edited" onClick={() => setOpen(true)} aria-label="Edited: show the history">
        edited <RelativeTime at={edited} />
      </button>
      {open && <EditHistoryDialog uri={status.uri} onClose={() => setOpen(false)} />}
    </>
  )
}
