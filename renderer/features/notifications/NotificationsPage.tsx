// Mentions, replies, reposts and likes of my statuses, and new followers we can see. Viewing the page marks
// what it shows as read (the lines stay highlighted for this visit); likes, reposts and follows are grouped.
import { useEffect, useRef, useState } from 'react'
import type { Notification } from '../../../shared/api/notifications.js'
import { shortKey } from '../../../shared/keys.js'
import { useMutation } from '../../api/mutations.js'
import { useNotifications } from '../../api/queries.js'
import { Avatar } from '../../components/Avatar.js'
import { HandleMark } from '../../components/HandleMark.js'
import { BellIcon, HeartIcon, ReplyIcon, RepostIcon, UserPlusIcon } from '../../components/icons.js'
import { RelativeTime } from '../../components/RelativeTime.js'
import { StatusCard } from '../../components/status/StatusCard.js'
import { EmptyState, ErrorNote, Loading } from '../../components/States.js'
import { href, statusHref } from '../../navigation/routes.js'
import { cleanName } from '../../../shared/mention-display.js'
import { groupNotifications, whoLine, type NotificationGroup } from './group.js'

export function NotificationsPage() {
  const list = useNotifications()
  const markRead = useMutation('markNotificationsRead')
  // What was unread when this visit showed it: it stays highlighted after it is marked read.
  const [seenUnread] = useState(() => new Set<string>())
  const markedUpTo = useRef(0)

  const data = list.data
  useEffect(() => {
    if (!data || data.unread === 0) return
    for (const n of data.items) if (!n.read) seenUnread.add(n.id)
    const upTo = data.items.length > 0 ? Math.max(...data.items.map((n) => n.createdAt)) : Date.now()
    // Once per newer sighting: what sorts later than anything shown stays unread, and asking again would loop.
    if (upTo <= markedUpTo.current) return
    markedUpTo.current = upTo
    void markRead.run({ upTo })
  }, [data, markRead, seenUnread])

  if (list.loading) return <Loading />
  if (!data) return <ErrorNote error={list.error ?? 'Could not load notifications'} onRetry={() => void list.refetch()} />
  const { items, unread } = data
  const groups = groupNotifications(items.map((n) => (seenUnread.has(n.id) ? { ...n, read: false } : n)))

  return (
    <div className="notifications">
      <header className="page-header row">
        <h1>Notifications</h1>
      </header>
      {markRead.error && <ErrorNote error={markRead.error} />}
      {items.length === 0 ? (
        <EmptyState title="Nothing yet">
          <p>When someone you follow mentions you, replies, reposts or likes your statuses, or follows you, it shows up here.</p>
        </EmptyState>
      ) : (
        <ul className="notification-list" aria-label={unread > 0 ? `Notifications, ${unread} unread` : 'Notifications'}>
          {groups.map((g) => <NotificationItem key={g.lead.id} group={g} />)}
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
  follow: 'followed you',
  quote: 'quoted your status'
}

function NotificationItem({ group }: { group: NotificationGroup }) {
  const n = group.lead
  const who = cleanName(n.from.name) ?? shortKey(n.from.key)
  const others = group.others.map((o) => cleanName(o.from.name) ?? shortKey(o.from.key))
  const showsStatus = (n.kind === 'mention' || n.kind === 'reply') && n.status
  return (
    <li className={group.read ? 'notification' : 'notification unread'}>
      <span className={`notification-icon kind-${n.kind}`} aria-hidden="true"><KindIcon kind={n.kind} /></span>
      <div className="notification-body">
        <p className="notification-line">
          <Avatar feed={n.from.key} name={n.from.name} size="sm" image={n.from.avatar} />
          <a href={href.profile(n.from.key)} className="strong"><bdi>{who}</bdi></a>
          <HandleMark person={n.from} />
          {others.length > 0 && <span title={others.join(', ')}>{whoLine([who, ...others]).slice(who.length)}</span>}
          {' '}{WHAT[n.kind]}
          {!group.read && <span className="visually-hidden"> (unread)</span>}
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
