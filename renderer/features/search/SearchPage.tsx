// Search results: matching people first, then matching statuses, newest first.
import { useCallback, useState } from 'react'
import type { Profile } from '../../../shared/api/shapes.js'
import { useApi } from '../../api/ApiContext.js'
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
      {people.length > 0 && (
        <section aria-label="People" className="card people">
          <h2 className="section-title">People</h2>
          {people.map((p) => <PersonRow key={p.key} feed={p.key} name={p.name} bio={p.bio} avatar={p.avatar} />)}
        </section>
      )}
      <h2 className="section-title">Statuses</h2>
      <StatusFeed queryKey={`search:${query}`} fetchPage={fetchPage} methods={['search']} label={`Statuses matching ${query}`}
        empty={<EmptyState title="No statuses match"><p>Search covers statuses on this device: your own and those of people you follow.</p></EmptyState>} />
    </div>
  )
}
