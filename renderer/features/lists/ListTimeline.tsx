// One list as a timeline: its members' statuses, newest first, live.
import { useCallback } from 'react'
import { useApi } from '../../api/ApiContext.js'
import { StatusFeed } from '../../components/status/StatusFeed.js'
import { EmptyState } from '../../components/States.js'
import { href } from '../../navigation/routes.js'

const PAGE = 30

export function ListTimeline({ name }: { name: string }) {
  const api = useApi()
  const fetchPage = useCallback((cursor: string | undefined) => api.call('listTimeline', { name, limit: PAGE, ...(cursor ? { cursor } : {}) }), [api, name])
  return (
    <>
      <header className="page-header sticky"><h1>{name}</h1></header>
      <StatusFeed queryKey={`list:${name}`} fetchPage={fetchPage} methods={['listTimeline', 'timeline']} label={`List ${name}`}
        empty={
          <EmptyState title="Nothing from this list yet">
            <p>Add people to it from their profile, or see <a href={href.lists()}>your lists</a>.</p>
          </EmptyState>
        } />
    </>
  )
}
