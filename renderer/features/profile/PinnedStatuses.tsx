// A profile's pinned statuses (up to 3), first, above the rest.
import type { FeedKey } from '../../../shared/keys.js'
import { usePinned } from '../../api/queries.js'
import { StatusCard } from '../../components/status/StatusCard.js'

export function PinnedStatuses({ feed }: { feed: FeedKey }) {
  const pinned = usePinned(feed).data ?? []
  if (pinned.length === 0) return null
  return (
    <section className="pinned" aria-label="Pinned statuses">
      {pinned.map((s) => (
        <div key={s.uri} className="pinned-status">
          <p className="status-context">Pinned</p>
          <StatusCard status={s} />
        </div>
      ))}
    </section>
  )
}
