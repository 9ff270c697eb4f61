// Sync and network: online or offline, peers, where this peer sits behind its router, and for each followed
// feed how it is connected and how far it has arrived.
import type { FeedSync } from '../../../shared/api/follows.js'
import { shortKey } from '../../../shared/keys.js'
import { useSyncState } from '../../api/queries.js'
import { newerVersionNote } from '../../components/newer-version.js'
import { RelativeTime } from '../../components/RelativeTime.js'
import { EmptyState, ErrorNote, Loading } from '../../components/States.js'
import { href } from '../../navigation/routes.js'
import { connectionWords, reachNote } from './connection-words.js'

export function SyncPage() {
  const sync = useSyncState()
  if (sync.loading) return <Loading />
  if (!sync.data) return <ErrorNote error={sync.error ?? 'Could not read the sync state'} onRetry={() => void sync.refetch()} />
  const { online, peers, feeds, reach } = sync.data
  const where = online ? reachNote(reach) : null
  return (
    <div className="sync-page">
      <header className="page-header">
        <h1>Sync & network</h1>
        <p className={online ? 'net-status online' : 'net-status offline'} role="status">
          <span className="net-dot" aria-hidden="true" />
          {online ? `Online, connected to ${peers} ${peers === 1 ? 'peer' : 'peers'}` : 'Offline'}
        </p>
        {where && <p className={reach === 'hard-nat' ? 'warn' : 'muted'}>{where}</p>}
        <p className="muted">
          {online
            ? 'Statuses from people you follow arrive whenever one of their peers is online.'
            : 'Everything already on this device stays readable, and what you post goes out when you are back online.'}
        </p>
      </header>
      {feeds.length === 0 ? (
        <EmptyState title="You don't follow anyone yet"><p><a href={href.follow()}>Follow someone</a> to see their feed sync here.</p></EmptyState>
      ) : (
        <ul className="sync-list" aria-label="Followed feeds">
          {feeds.map((f) => <FeedRow key={f.key} feed={f} />)}
        </ul>
      )}
    </div>
  )
}

function FeedRow({ feed }: { feed: FeedSync }) {
  const name = feed.name ?? shortKey(feed.key)
  const total = Math.max(feed.remoteLength, feed.localLength)
  const done = total === 0 || feed.localLength >= total
  return (
    <li className="card sync-row">
      <div className="sync-head">
        <a href={href.profile(feed.key)} className="strong">{name}</a>
        <span className="muted">{shortKey(feed.key)}</span>
        <span className="sync-peers">
          {feed.peers} {feed.peers === 1 ? 'peer' : 'peers'}
          {connectionWords(feed.connection) && <> · {connectionWords(feed.connection)}</>}
        </span>
      </div>
      <progress className="sync-progress" max={Math.max(total, 1)} value={total === 0 ? 0 : feed.held}
        aria-label={`${name}: ${feed.held} of ${total} entries`} />
      <div className="sync-facts muted">
        <span>{done ? (total === 0 ? 'Waiting for a peer' : 'Up to date') : `${feed.held} of ${total} entries`}</span>
        <span>Last seen {feed.lastSeen ? <RelativeTime at={feed.lastSeen} /> : 'never'}</span>
        {feed.invalid > 0 && <span className="warn">{feed.invalid} {feed.invalid === 1 ? 'unreadable entry' : 'unreadable entries'} skipped</span>}
        {feed.stopped === 'size-cap' && <span className="warn">Stopped: this feed is larger than the size limit</span>}
        {feed.stopped === 'forked' && <span className="warn">Stopped: this feed was rewritten (forked); its history cannot be trusted</span>}
        {feed.newerVersion !== undefined && <span className="warn">{newerVersionNote(feed.newerVersion)}</span>}
      </div>
    </li>
  )
}

