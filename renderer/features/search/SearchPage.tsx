// Search results: matching people first, then matching statuses, newest first. A handle (one word that is a
// domain name) is asked of its domain first, and opens the profile of the key it names.
import { useCallback, useEffect, useState } from 'react'
import type { Profile } from '../../../shared/api/shapes.js'
import { handleFrom } from '../../../shared/handle.js'
import { useApi } from '../../api/ApiContext.js'
import { asError } from '../../api/cache.js'
import { href, navigate } from '../../navigation/routes.js'
import { PersonRow } from '../../components/PersonRow.js'
import { StatusFeed } from '../../components/status/StatusFeed.js'
import { EmptyState } from '../../components/States.js'

export function SearchPage({ q }: { q: string }) {
  const api = useApi()
  const [people, setPeople] = useState<Profile[]>([])
  const query = q.trim()
  const fetchPage = useCallback(
    async (cursor: string | undefined) => {
      const result = await api.call('search', { query, limit: 30, ...(cursor ? { cursor } : {}) })
      if (!cursor) setPeople(result.people)
      return result.statuses
    },
    [api, query]
  )

  if (!query) {
    return <EmptyState title="Search rstatus"><p>Type words, a name, or a #hashtag in the search box.</p></EmptyState>
  }
  return (
    <div className="search-page">
      <header className="page-header"><h1>Results for “{query}”</h1></header>
      <HandleLookup query={query} />
      {people.length > 0 && (
        <section aria-label="People" className="card people">
          <h2 className="section-title">People</h2>
          {people.map((p) => <PersonRow key={p.key} feed={p.key} name={p.name} bio={p.bio} avatar={p.avatar} handle={p.handle} handleVerified={p.handleVerified} />)}
        </section>
      )}
      <h2 className="section-title">Statuses</h2>
      <StatusFeed queryKey={`search:${query}`} fetchPage={fetchPage} methods={['search']} label={`Statuses matching ${query}`}
        empty={<EmptyState title="No statuses match"><p>Search covers statuses on this device: your own and those of people you follow.</p></EmptyState>} />
    </div>
  )
}

function HandleLookup({ query }: { query: string }) {
  const api = useApi()
  const handle = handleFrom(query)
  const [failed, setFailed] = useState<string | null>(null)
  useEffect(() => {
    setFailed(null)
    if (!handle) return
    let current = true
    api.call('resolveHandle', { handle }).then(
      ({ key }) => current && navigate(href.profile(key)),
      (err: unknown) => current && setFailed(asError(err).message)
    )
    return () => void (current = false)
  }, [api, handle])
  if (!handle) return null
  return failed
    ? <p className="card muted" role="status">{failed}</p>
    : <p className="card muted" role="status">Asking {handle} which key it names…</p>
}

