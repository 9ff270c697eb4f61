// A window-scrolled list that renders only the rows near the screen, so a timeline of 100,000 statuses
// keeps a small DOM. Rows measure themselves (statuses differ in height); near the end it asks for more.
import { useWindowVirtualizer } from '@tanstack/react-virtual'
import { useEffect, useLayoutEffect, useRef, useState, type ReactNode } from 'react'

export interface VirtualListProps<T> {
  items: readonly T[]
  getKey: (item: T) => string
  renderItem: (item: T) => ReactNode
  label: string
  hasMore?: boolean
  loadingMore?: boolean
  onEndReached?: () => void
  onVisibleChange?: (items: T[]) => void
  estimateSize?: number
}

// One row beyond each edge: enough for 30 px-a-frame scrolling with measured rows of ~130 px, and the whole
// document stays under 300 elements (docs/BENCHMARKS.md, figure 7a).
const OVERSCAN = 1
const LOAD_AHEAD = 8

export function VirtualList<T>(props: VirtualListProps<T>) {
  const { items, getKey, renderItem, estimateSize = 150 } = props
  const listRef = useRef<HTMLDivElement>(null)
  const [scrollMargin, setScrollMargin] = useState(0)

  useLayoutEffect(() => {
    const el = listRef.current
    if (!el) return
    const update = () => setScrollMargin(el.getBoundingClientRect().top + window.scrollY)
    update()
    const observer = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(update)
    if (el.parentElement) observer?.observe(el.parentElement)
    return () => observer?.disconnect()
  }, [])

  const virtualizer = useWindowVirtualizer({
    count: items.length,
    estimateSize: () => estimateSize,
    overscan: OVERSCAN,
    scrollMargin,
    // Re-render in React's own batch, not synchronously inside every scroll event (a profile's top item).
    useFlushSync: false,
    getItemKey: (i) => getKey(items[i]!),
    // a row measured at 0 (not laid out yet, or no layout at all) would pull every row into view
    measureElement: (el) => el.getBoundingClientRect().height || estimateSize
  })
  const rows = virtualizer.getVirtualItems()
  const first = rows[0]?.index ?? -1
  const last = rows[rows.length - 1]?.index ?? -1

  const { hasMore, loadingMore, onEndReached, onVisibleChange } = props
  useEffect(() => {
    if (hasMore && !loadingMore && last >= items.length - LOAD_AHEAD) onEndReached?.()
  }, [last, items.length, hasMore, loadingMore, onEndReached])

  useEffect(() => {
    if (first >= 0) onVisibleChange?.(items.slice(first, last + 1))
  }, [first, last, items, onVisibleChange])

  return (
    <div
      ref={listRef}
      className="vlist"
      role="feed"
      aria-label={props.label}
      aria-busy={loadingMore ?? false}
      style={{ height: virtualizer.getTotalSize() }}
    >
      {rows.map((row) => (
        <div
          key={row.key}
          ref={virtualizer.measureElement}
          data-index={row.index}
          className="vrow"
          style={{ transform: `translateY(${row.start - virtualizer.options.scrollMargin}px)` }}
        >
          {renderItem(items[row.index]!)}
        </div>
      ))}
    </div>
  )
}
