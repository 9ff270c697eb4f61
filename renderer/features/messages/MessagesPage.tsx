// Private conversations (PROTOCOL.md "Messages"): the list, the message requests from people you do not
// follow, and the conversation open. Everything here is end-to-end encrypted; nothing of it is in a feed.
import { useState } from 'react'
import type { FeedKey } from '../../../shared/keys.js'
import { useMutation } from '../../api/mutations.js'
import { useConversations, useMessageRequests, useWhoAmI } from '../../api/queries.js'
import { Composer } from '../../components/Composer.js'
import { RelativeTime } from '../../components/RelativeTime.js'
import { EmptyState, ErrorNote, Loading } from '../../components/States.js'
import { href, navigate } from '../../navigation/routes.js'
import { ConversationView } from './ConversationView.js'
import { MemberNames, PersonName } from './names.js'

export function MessagesPage({ open, to }: { open: string | null; to: FeedKey | null }) {
  const me = useWhoAmI().data?.key ?? null
  return (
    <div className="messages">
      <header className="page-header sticky">
        <h1>Messages</h1>
        <p className="muted">Only the people in a conversation can read it. A sent message cannot be taken back from their devices.</p>
      </header>
      {to && me && <NewConversation to={to} />}
      {open && me ? <ConversationView id={open} me={me} /> : me && <Lists me={me} />}
    </div>
  )
}

function NewConversation({ to }: { to: FeedKey }) {
  const send = useMutation('dmSend')
  return (
    <section className="card" aria-label="New message">
      <h2>To <PersonName feed={to} /></h2>
      <Composer label="Write a private message" submitLabel="Send" autoFocus
        onSubmit={async (text) => {
          const out = await send.run({ to: [to], text })
          if (!out.ok) return out.error.message
          navigate(href.messages({ id: out.result.conversation }))
          return null
        }} />
    </section>
  )
}

function Lists({ me }: { me: FeedKey }) {
  const conversations = useConversations()
  const requests = useMessageRequests()
  if (conversations.loading) return <Loading />
  if (conversations.error) return <ErrorNote error={conversations.error} onRetry={() => void conversations.refetch()} />
  return (
    <>
      {(requests.data ?? []).length > 0 && <Requests />}
      <section aria-label="Conversations">
        {(conversations.data ?? []).length === 0 ? (
          <EmptyState title="No conversations yet"><p>Open someone's profile and choose Message to write to them.</p></EmptyState>
        ) : (
          <ul className="conversation-list">
            {conversations.data!.map((c) => (
              <li key={c.id} className="card conversation-row">
                <a href={href.messages({ id: c.id })} aria-label={c.unread > 0 ? `Conversation, ${c.unread} unread` : 'Conversation'}>
                  <strong><MemberNames members={c.members} me={me} /></strong>
                  {c.unread > 0 && <span className="badge" aria-hidden="true">{c.unread}</span>}
                  {c.last && (
                    <span className="muted conversation-last">
                      {c.last.from === me ? 'You: ' : ''}{c.last.text} · <RelativeTime at={c.last.createdAt} />
                    </span>
                  )}
                </a>
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  )
}

/** First messages from people you do not follow: accept to answer, decline to delete (they are not told). */
function Requests() {
  const requests = useMessageRequests()
  const accept = useMutation('dmAccept')
  const decline = useMutation('dmDecline')
  const [busy, setBusy] = useState(false)
  return (
    <section className="card" aria-labelledby="message-requests">
      <h2 id="message-requests">Message requests</h2>
      <p className="muted">From people you don't follow. Declining deletes the message; the sender is not told.</p>
      <ul className="request-list">
        {(requests.data ?? []).map((r) => (
          <li key={r.id} aria-label={`Request from ${r.from}`}>
            <p><strong><PersonName feed={r.from} /></strong> · <RelativeTime at={r.createdAt} /></p>
            <p className="message-text">{r.text}</p>
            <button type="button" className="button primary" disabled={busy}
              onClick={async () => {
                setBusy(true)
                const out = await accept.run({ id: r.id })
                setBusy(false)
                if (out.ok) navigate(href.messages({ id: r.id }))
              }}>Accept</button>{' '}
            <button type="button" className="button" disabled={busy}
              onClick={async () => {
                setBusy(true)
                await decline.run({ id: r.id })
                setBusy(false)
              }}>Decline</button>
          </li>
        ))}
      </ul>
    </section>
  )
}
