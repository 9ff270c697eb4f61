// Mentions, replies, reposts and likes of my statuses, and new followers we can see.
import type { Notification } from '../../../shared/api/notifications.js'
import { shortKey } from '../../../shared/keys.js'
import { useMutation } from '../../api/mutations.js'
import { useNotifications } from '../../api/queries.js'
import { Avatar } from '../../components/Avatar.js'
import { BellIcon, HeartIcon, ReplyIcon, RepostIcon, UserPlusIcon } from '../../components/icons.js'
import { RelativeTime } from '../../components/RelativeTime.js'
import { StatusCard } from '../../components/status/StatusCard.js'
import { EmptyState, ErrorNote, Loading } from '../../components/States.js'
import { href, statusHref } from '../../navigation/routes.js'

export function NotificationsPage() {
  const list = useNotifications()
  const markRead = useMutation('markNotificationsRead')

  if (list.loading) return <Loading />
  if (!list.data) return <ErrorNote error={list.error ?? 'Could not load notifications'} onRetry={() => void list.refetch()} />
  const { items, unread } = list.data

  return (
    <div className="notifications">
      <header className="page-header row">
        <h1>Notifications</h1>
        <button type="button" className="button" disabled={unread === 0 || markRead.pending}
          onClick={() => void markRead.run({})}>
          Mark all as read
        </button>
      </header>
      {markRead.error && <ErrorNote error={markRead.error} />}
      {items.length === 0 ? (
        <EmptyState title="Nothing yet">
          <p>When someone you follow mentions you, replies, reposts or likes your statuses, or follows you, it shows up here.</p>
        </EmptyState>
      ) : (
        <ul className="notification-list" aria-label={unread > 0 ? `Notifications, ${unread} unread` : 'Notifications'}>
          {items.map((n) => <NotificationItem key={n.id} n={n} />)}
        </ul>
      )}
    </div>
  )
}

const WHAT: Record<Notification['kind'], string> = {
  mention: 'mentioned you',
  reply: 'replied to you',
  repost: 'reposted your status',
  like: 'liked your status',
  follow: 'followed you'
}

function NotificationItem({ n }: { n: Notification }) {
  const who = n.from.name ?? shortKey(n.from.key)
  const showsStatus = (n.kind === 'mention' || n.kind === 'reply') && n.status
  return (
    <li className={n.read ? 'notification' : 'notification unread'}>
      <span className={`notification-icon kind-${n.kind}`} aria-hidden="true"><KindIcon kind={n.kind} /></span>
      <div className="notification-body">
        <p className="notification-line">
          <Avatar feed={n.from.key} name={n.from.name} size="sm" image={n.from.avatar} />
          <a href={href.profile(n.from.key)} className="strong">{who}</a> {WHAT[n.kind]}
          {!n.read && <span className="visually-hidden"> (unread)</span>}
          <span className="dot" aria-hidden="true">·</span>
          <RelativeTime at={n.createdAt} />
        </p>
        {showsStatus && n.status ? (
          <StatusCard status={n.status} />
        ) : n.subject && n.status ? (
          <a className="notification-subject" href={statusHref(n.subject)}>{excerpt(n.status.text)}</a>
        ) : n.subject ? (
          <a className="notification-subject" href={statusHref(n.subject)}>Open the status</a>
        ) : null}
      </div>
    </li>
  )
}

function KindIcon({ kind }: { kind: Notification['kind'] }) {
  switch (kind) {
    case 'like': return <HeartIcon />
    case 'repost': return <RepostIcon />
    case 'reply': return <ReplyIcon />
    case 'follow': return <UserPlusIcon />
    default: return <BellIcon />
  }
}

/** The subject as plain text inside its link (links inside a link would not work). */
function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim()
  return flat.length > 140 ? flat.slice(0, 137) + '…' : flat
}
