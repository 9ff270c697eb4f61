// Own and followed statuses, newest first, live.
import { useCallback } from 'react'
import { useApi } from '../../api/ApiContext.js'
import { StatusFeed } from '../../components/status/StatusFeed.js'
import { EmptyState } from '../../components/States.js'
import { href } from '../../navigation/routes.js'

const PAGE = 30

export function HomeTimeline() {
  const api = useApi()
  const fetchPage = useCallback(
    (cursor: string | undefined) => api.call('timeline', { limit: PAGE, ...(cursor ? { cursor } : {}) }),
    [api]
  )
  return (
    <StatusFeed
      queryKey="home"
      fetchPage={fetchPage}
      methods={['timeline']}
      label="Home timeline"
      empty={
        <EmptyState title="Your timeline is quiet">
          <p>Post your first status above, or <a href={href.follow()}>follow someone</a> by pasting their key.</p>
          <p>To be followed, share your key from <a href={href.settings()}>Settings</a>.</p>
        </EmptyState>
      }
    />
  )
}
