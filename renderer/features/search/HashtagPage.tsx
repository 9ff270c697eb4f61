// Every status on this device with one hashtag.
import { useCallback } from 'react'
import { useApi } from '../../api/ApiContext.js'
import { StatusFeed } from '../../components/status/StatusFeed.js'
import { EmptyState } from '../../components/States.js'

export function HashtagPage({ tag }: { tag: string }) {
  const api = useApi()
  const fetchPage = useCallback(
    (cursor: string | undefined) => api.call('hashtag', { tag, limit: 30, ...(cursor ? { cursor } : {}) }),
    [api, tag]
  )
  return (
    <div className="tag-page">
      <header className="page-header"><h1>#{tag}</h1></header>
      <StatusFeed queryKey={`tag:${tag}`} fetchPage={fetchPage} methods={['hashtag']} label={`Statuses tagged ${tag}`}
        empty={<EmptyState title={`No statuses with #${tag} yet`}><p>Use it in a status, or follow people who do.</p></EmptyState>} />
    </div>
  )
}
