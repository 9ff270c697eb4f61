// Lists: named sets of people, each a timeline of its own. Made, pinned in the nav, emptied and deleted here;
// people are added from their profile (ListMembership). Private, and the same on every device of the identity.
import { useState, type FormEvent } from 'react'
import { useLists } from '../../api/queries.js'
import { useMutation } from '../../api/mutations.js'
import { EmptyState, ErrorNote, Loading } from '../../components/States.js'
import { href } from '../../navigation/routes.js'
import { setListPinned, usePinnedLists } from './pinned-lists.js'

export function ListsPage() {
  const lists = useLists()
  const create = useMutation('listCreate')
  const remove = useMutation('listDelete')
  const [name, setName] = useState('')
  const pins = usePinnedLists()

  async function submit(e: FormEvent) {
    e.preventDefault()
    if (name.trim() === '') return
    const outcome = await create.run({ name })
    if (outcome.ok) setName('')
  }

  return (
    <>
      <header className="page-header sticky"><h1>Lists</h1></header>
      <form className="card inline-form" onSubmit={(e) => void submit(e)} aria-label="Make a list">
        <label htmlFor="new-list-name">New list</label>
        <input id="new-list-name" className="input" value={name} maxLength={64} placeholder="Friends, Work, …"
          onChange={(e) => setName(e.target.value)} />
        <button type="submit" className="button primary" disabled={create.pending || name.trim() === ''}>Create</button>
        {create.error && <p role="alert" className="error">{create.error.message}</p>}
      </form>
      {lists.error ? <ErrorNote error={lists.error} onRetry={lists.refetch} /> : !lists.data ? <Loading /> : lists.data.length === 0 ? (
        <EmptyState title="No lists">
          <p>Make a list, then add people to it from their profile. Only you see your lists.</p>
        </EmptyState>
      ) : (
        <ul className="list-rows" aria-label="Your lists">
          {lists.data.map((l) => (
            <li key={l.name}>
              <a href={href.list(l.name)}>{l.name}</a>
              <span>{l.members.length} {l.members.length === 1 ? 'person' : 'people'}</span>
              <button type="button" className="button small" aria-pressed={pins.includes(l.name)} aria-label={`Pin list ${l.name} in the navigation`}
                onClick={() => setListPinned(l.name, !pins.includes(l.name))}>{pins.includes(l.name) ? 'Unpin' : 'Pin'}</button>
              <button type="button" className="button small danger" disabled={remove.pending} aria-label={`Delete list ${l.name}`}
                onClick={() => {
                  setListPinned(l.name, false)
                  void remove.run({ name: l.name })
                }}>Delete</button>
            </li>
          ))}
        </ul>
      )}
    </>
  )
}
