// A status in its conversation: the thread's first status, the one asked for, a reply box, the replies, and
// the statuses held here that quote it.
import { statusUri, type FeedKey } from '../../../shared/keys.js'
import { useMutation } from '../../api/mutations.js'
import { useQuotes, useThread } from '../../api/queries.js'
import { Composer } from '../../components/Composer.js'
import { StatusCard } from '../../components/status/StatusCard.js'
import { EmptyState, ErrorNote, Loading } from '../../components/States.js'
import { useToast } from '../../components/Toast.js'
import { href, navigate } from '../../navigation/routes.js'

/** Back where the person came from, or home when the thread was opened from a link. */
function goBack() {
  if (window.history.length > 1) window.history.back()
  else navigate(href.home())
}

export function ThreadPage({ feed, seq, reply }: { feed: FeedKey; seq: number; reply: boolean }) {
  const uri = statusUri(feed, seq)
  const thread = useThread(uri)
  const quotes = useQuotes(uri)
  const send = useMutation('reply')
  const toast = useToast()

  if (thread.loading) return <Loading />
  if (thread.error && !thread.data) return <ErrorNote error={thread.error} onRetry={() => void thread.refetch()} />
  const { root, focus, replies } = thread.data ?? { root: null, focus: null, replies: [] }

  if (!focus) {
    return (
      <EmptyState title="This status is not on this device">
        <p>
          It may have been deleted, or its author's feed has not reached you yet.{' '}
          <a href={href.profile(feed)}>Open the author's profile</a> to preview and follow them; their statuses
          arrive once a peer that has them is online.
        </p>
      </EmptyState>
    )
  }

  const replyName = focus.author.name ?? 'this status'
  const ordered = [...replies].filter((s) => s.uri !== focus.uri).sort((a, b) => a.sortAt - b.sortAt)
  // The engine returns the whole conversation; answers to this status come first, the rest after.
  const direct = ordered.filter((s) => s.replyTo === focus.uri || (!s.replyTo && s.root === focus.uri))
  const others = ordered.filter((s) => !direct.includes(s) && s.uri !== root?.uri)
  return (
    <div className="thread">
      <header className="page-header sticky row">
        <h1>Conversation</h1>
        <button type="button" className="button small" onClick={goBack}>Back</button>
      </header>
      {root && root.uri !== focus.uri && (
        <div className="thread-root">
          <StatusCard status={root} />
          <div className="thread-line" aria-hidden="true" />
        </div>
      )}
      <StatusCard status={focus} focus />
      <section className="card reply-box" aria-label={`Reply to ${replyName}`}>
        <Composer
          key={uri}
          label={`Reply to ${replyName}`}
          submitLabel="Reply"
          autoFocus={reply}
          onSubmit={async (text, _images, mentions) => {
            const outcome = await send.run({ to: focus.uri, text, ...(mentions.length > 0 ? { mentions } : {}) })
            if (!outcome.ok) return outcome.error.message
            toast('Reply posted')
            return null
          }}
        />
      </section>
      <section aria-label="Replies">
        <h2 className="section-title">{direct.length === 0 ? 'No replies yet' : `Replies (${direct.length})`}</h2>
        {direct.map((s) => (
          <StatusCard key={s.uri} status={s} underParent />
        ))}
      </section>
      {quotes.data && quotes.data.length > 0 && (
        <section aria-label="Quotes">
          <h2 className="section-title">{`Quotes (${quotes.data.length})`}</h2>
          {quotes.data.map((s) => (
            <StatusCard key={s.uri} status={s} />
          ))}
        </section>
      )}
      {others.length > 0 && (
        <section aria-label="More in this conversation">
          <h2 className="section-title">More in this conversation</h2>
          {others.map((s) => (
            <StatusCard key={s.uri} status={s} />
          ))}
        </section>
      )}
    </div>
  )
}
