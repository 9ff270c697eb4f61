// A live, endless, virtualized list of statuses: the home timeline, a profile, a hashtag, search results.
import { useCallback, useEffect, useMemo, useRef, type ReactNode } from 'react'
import type { MethodName } from '../../../shared/api/contract.js'
import type { Page, StatusView } from '../../../shared/api/shapes.js'
import { entryKey, usePagedStatuses } from '../../api/usePagedStatuses.js'
import { ArrowUpIcon } from '../icons.js'
import { ErrorNote, Loading } from '../States.js'
import { VirtualList } from '../VirtualList.js'
import { StatusCard } from './StatusCard.js'

export interface StatusFeedProps {
  /** Changes when the question changes (another profile, another tag). */
  queryKey: string
  fetchPage: (cursor: string | undefined) => Promise<Page<StatusView>>
  methods: readonly MethodName[]
  label: string
  empty: ReactNode
}

/** Below this many pixels of scrolling the person is "at the top" and sees arrivals at once. */
const TOP_SLACK_PX = 80

const isAtTop = () => window.scrollY <= TOP_SLACK_PX
const renderStatus = (s: StatusView) => <StatusCard status={s} />

export function StatusFeed({ queryKey, fetchPage, methods, label, empty }: StatusFeedProps) {
  const feed = usePagedStatuses({ key: queryKey, fetchPage, methods, isAtTop })
  const items = useMemo(() => onceEach(feed.items), [feed.items])
  const listRef = useRef<HTMLDivElement>(null)
  // Set by the "N new" pill: once the arrivals are in the list, go to the top and focus the newest status.
  // A smooth scroll would be cut short as the rows above it are measured, and land halfway.
  const landOnNewest = useRef(false)

  const showNew = useCallback(() => {
    landOnNewest.current = true
    feed.showPending()
  }, [feed])

  useEffect(() => {
    if (!landOnNewest.current) return
    landOnNewest.current = false
    window.scrollTo({ top: 0, behavior: 'instant' })
    // The list renders the top rows a frame or two after the scroll; focus the first one once it is there.
    let frames = 0
    let frame = requestAnimationFrame(function focusNewest() {
      const newest = listRef.current?.querySelector<HTMLElement>('[data-index="0"] article')
      if (newest) newest.focus({ preventScroll: true })
      else if (++frames < 30) frame = requestAnimationFrame(focusNewest)
    })
    return () => cancelAnimationFrame(frame)
  }, [items])

  if (feed.loading) return <Loading />
  if (feed.error && feed.items.length === 0) return <ErrorNote error={feed.error} onRetry={feed.retry} />

  return (
    <div className="feed" ref={listRef}>
      {feed.pending > 0 && (
        <div className="pill-bar">
          <button type="button" className="pill" onClick={showNew}>
            <ArrowUpIcon /> {feed.pending} new {feed.pending === 1 ? 'status' : 'statuses'}
          </button>
        </div>
      )}
      {items.length === 0 ? (
        empty
      ) : (
        <VirtualList
          items={items}
          getKey={entryKey}
          renderItem={renderStatus}
          label={label}
          hasMore={feed.hasMore}
          loadingMore={feed.loadingMore}
          onEndReached={feed.loadMore}
          onVisibleChange={feed.setVisible}
        />
      )}
      {feed.loadingMore && <Loading label="Loading older statuses…" />}
      {feed.error && feed.items.length > 0 && <ErrorNote error={feed.error} onRetry={feed.retry} />}
      {!feed.hasMore && feed.items.length > 0 && <p className="list-end">You're all caught up.</p>}
    </div>
  )
}

/**
 * Each status once, where it last appeared: a status and a repost of it (my own, or two friends') would
 * otherwise show the same text twice. The list is newest first, so the first appearance is kept.
 */
function onceEach(items: StatusView[]): StatusView[] {
  const seen = new Set<string>()
  const out = items.filter((s) => {
    if (seen.has(s.uri)) return false
    seen.add(s.uri)
    return true
  })
  return out.length === items.length ? items : out
}
