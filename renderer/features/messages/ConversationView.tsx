// One conversation: its messages oldest first (reading them marks them read), the composer, "delete for me"
// on each message, and leaving, or removing a member (for whoever started it, which the engine checks).
import { useEffect, useState } from 'react'
import type { FeedKey } from '../../../shared/keys.js'
import { uploadBytes } from '../../../shared/upload.js'
import { useApi, useCache } from '../../api/ApiContext.js'
import { useMutation } from '../../api/mutations.js'
import { useConversation, useConversations } from '../../api/queries.js'
import { Composer } from '../../components/Composer.js'
import { ConfirmDialog } from '../../components/ConfirmDialog.js'
import { RelativeTime } from '../../components/RelativeTime.js'
import { ErrorNote, Loading } from '../../components/States.js'
import { href, navigate } from '../../navigation/routes.js'
import { MessageImages } from './MessageImages.js'
import { MemberNames, PersonName } from './names.js'

export function ConversationView({ id, me }: { id: string; me: FeedKey }) {
  const messages = useConversation(id)
  const members = useConversations().data?.find((c) => c.id === id)?.members ?? []
  const cache = useCache()
  const api = useApi()
  const send = useMutation('dmSend')
  const hide = useMutation('dmDeleteForMe')
  const leave = useMutation('dmLeave')
  const remove = useMutation('dmRemoveMember')
  const [asking, setAsking] = useState<{ kind: 'leave' } | { kind: 'remove'; member: FeedKey } | null>(null)
  // Reading marked them read: the unread counts change.
  useEffect(() => {
    if (messages.data) cache.invalidate(['dmList'])
  }, [messages.data, cache])

  if (messages.loading) return <Loading />
  if (messages.error) return <ErrorNote error={messages.error} onRetry={() => void messages.refetch()} />
  return (
    <section className="conversation" aria-label="Conversation">
      <p><a href={href.messages()}>← All conversations</a></p>
      <h2>With <MemberNames members={members} me={me} /></h2>
      <ol className="message-list" aria-label="Messages">
        {messages.data!.map((m) => (
          <li key={m.id} className={m.from === me ? 'message mine' : 'message'} aria-label={`Message from ${m.from === me ? 'you' : m.from}`}>
            <p className="muted"><strong>{m.from === me ? 'You' : <PersonName feed={m.from} />}</strong> · <RelativeTime at={m.createdAt} />
              {m.from === me && m.seenBy.length > 0 && <> · Seen</>}</p>
            <p className="message-text">{m.text}</p>
            <MessageImages message={m.id} images={m.images} />
            <button type="button" className="link-button" onClick={() => void hide.run({ message: m.id })}>Delete for me</button>
          </li>
        ))}
      </ol>
      <Composer label="Write a private message" submitLabel="Send" allowImages
        onSubmit={async (text, drafts) => {
          const images: Array<{ upload: string; alt: string }> = []
          try {
            for (const draft of drafts) images.push({ upload: await uploadBytes(api, new Uint8Array(await draft.file.arrayBuffer())), alt: draft.alt.trim() })
          } catch (err) {
            return `Could not send the image: ${(err as Error).message}`
          }
          const out = await send.run(images.length > 0 ? { to: [id], text, images } : { to: [id], text })
          return out.ok ? null : out.error.message
        }} />
      <div className="conversation-actions">
        {members.length > 2 && members.filter((m) => m !== me).map((m) => (
          <button key={m} type="button" className="button" onClick={() => setAsking({ kind: 'remove', member: m })}>
            Remove <PersonName feed={m} />
          </button>
        ))}
        <button type="button" className="button danger" onClick={() => setAsking({ kind: 'leave' })}>Leave conversation</button>
      </div>
      {(leave.error ?? remove.error) && <ErrorNote error={(leave.error ?? remove.error)!} />}
      {asking?.kind === 'leave' && (
        <ConfirmDialog title="Leave this conversation?" danger confirmLabel="Leave"
          body="You will not be able to read what the others say from now on. What you already have stays here."
          onCancel={() => setAsking(null)}
          onConfirm={async () => {
            setAsking(null)
            if ((await leave.run({ conversation: id })).ok) navigate(href.messages())
          }} />
      )}
      {asking?.kind === 'remove' && (
        <ConfirmDialog title="Remove this person?" danger confirmLabel="Remove"
          body="They will not be able to read what is said from now on. What they already have stays with them."
          onCancel={() => setAsking(null)}
          onConfirm={async () => {
            const member = asking.member
            setAsking(null)
            await remove.run({ conversation: id, key: member })
          }} />
      )}
    </section>
  )
}
