// What the person started writing and did not post: resume one, or delete it.
import { useDrafts } from '../../api/queries.js'
import { useMutation } from '../../api/mutations.js'
import { RelativeTime } from '../../components/RelativeTime.js'
import { EmptyState, ErrorNote, Loading } from '../../components/States.js'
import { href } from '../../navigation/routes.js'

export function DraftsPage() {
  const drafts = useDrafts()
  const remove = useMutation('draftDelete')
  return (
    <>
      <header className="page-header sticky"><h1>Drafts</h1></header>
      {drafts.error ? <ErrorNote error={drafts.error} onRetry={drafts.refetch} /> : !drafts.data ? <Loading /> : drafts.data.length === 0 ? (
        <EmptyState title="No drafts">
          <p>What you type in the box on Home is kept here until you post it, on each of your devices.</p>
        </EmptyState>
      ) : (
        <ul className="list-rows" aria-label="Drafts">
          {drafts.data.map((d) => (
            <li key={d.id}>
              <a href={href.draft(d.id)} aria-label={`Resume draft: ${d.text.slice(0, 60) || '(empty)'}`}>
                {d.cw && <strong>{d.cw}: </strong>}
                {d.text.trim() === '' ? <em>(empty)</em> : d.text.slice(0, 200)}
              </a>
              <RelativeTime at={d.savedAt} />
              <button type="button" className="button small danger" disabled={remove.pending} aria-label="Delete draft"
                onClick={() => void remove.run({ id: d.id })}>Delete</button>
            </li>
          ))}
        </ul>
      )}
    </>
  )
}
