// Replies and mentions from people you do not follow, kept apart from home and notifications (PROTOCOL.md
// "Inbox"). Following someone moves theirs to notifications; muting or blocking them hides them.
import { useCallback } from 'react'
import { useApi } from '../../api/ApiContext.js'
import { StatusFeed } from '../../components/status/StatusFeed.js'
import { EmptyState } from '../../components/States.js'

export function RequestsPage() {
  const api = useApi()
  const fetchPage = useCallback(
    (cursor: string | undefined) => api.call('requests', { limit: 30, ...(cursor ? { cursor } : {}) }),
    [api]
  )
  return (
    <>
      <header className="page-header sticky">
        <h1>Requests</h1>
        <p className="muted">
          Replies and mentions from people you don't follow. Follow someone to see theirs among your
          notifications; mute or block them (⋯ on a status) to see no more.
        </p>
      </header>
      <StatusFeed queryKey="requests" fetchPage={fetchPage} methods={['requests']} label="Requests"
        empty={<EmptyState title="No requests"><p>When someone you don't follow replies to you or mentions you, it shows up here.</p></EmptyState>} />
    </>
  )
}
