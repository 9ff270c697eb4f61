// The statuses the person bookmarked, the latest bookmark first: private, and the same on every device.
import { useCallback } from 'react'
import { useApi } from '../../api/ApiContext.js'
import { useBookmarks } from '../../api/queries.js'
import { StatusFeed } from '../../components/status/StatusFeed.js'
import { EmptyState } from '../../components/States.js'

const PAGE = 30

export function BookmarksPage() {
  const api = useApi()
  // A removed bookmark is not a deleted status, which is all a live feed drops: the list starts over instead.
  const count = useBookmarks().data?.items.length ?? 0
  const fetchPage = useCallback((cursor: string | undefined) => api.call('bookmarks', { limit: PAGE, ...(cursor ? { cursor } : {}) }), [api])
  return (
    <>
      <header className="page-header sticky"><h1>Bookmarks</h1></header>
      <StatusFeed queryKey={`bookmarks:${count}`} fetchPage={fetchPage} methods={['bookmarks']} label="Bookmarks"
        empty={
          <EmptyState title="No bookmarks yet">
            <p>Bookmark a status to find it here again. Only you see your bookmarks, on each of your devices.</p>
          </EmptyState>
        } />
    </>
  )
}
