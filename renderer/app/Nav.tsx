// The side bar: where a person can go, with the unread badge.
import type { ReactNode } from 'react'
import { useUnreadCount, useUnreadMessages } from '../api/queries.js'
import { BellIcon, BookmarkIcon, DraftIcon, ListIcon, DevicesIcon, GearIcon, HomeIcon, InboxIcon, KeyIcon, MessageIcon, SyncIcon, UserIcon, UserPlusIcon } from '../components/icons.js'
import { href, type Route } from '../navigation/routes.js'

export function Nav({ route, me }: { route: Route; me: string }) {
  const unread = useUnreadCount()
  const unreadMessages = useUnreadMessages()
  const current = (name: Route['name'], key?: string) =>
    route.name === name && (key === undefined || (route.name === 'profile' && route.key === key))
  return (
    <nav className="nav" aria-label="Main">
      <a className="brand" href={href.home()} aria-label="rstatus home">
        <span className="brand-logo" aria-hidden="true">r</span>
        <span className="brand-name">rstatus</span>
      </a>
      <ul>
        <NavItem to={href.home()} icon={<HomeIcon />} label="Home" active={current('home')} />
        <NavItem to={href.notifications()} icon={<BellIcon />} active={current('notifications')}
          label="Notifications" badge={unread} />
        <NavItem to={href.messages()} icon={<MessageIcon />} label="Messages" active={current('messages')} badge={unreadMessages} />
        <NavItem to={href.requests()} icon={<InboxIcon />} label="Requests" active={current('requests')} />
        <NavItem to={href.bookmarks()} icon={<BookmarkIcon />} label="Bookmarks" active={current('bookmarks')} />
        <NavItem to={href.lists()} icon={<ListIcon />} label="Lists" active={current('lists')} />
        <NavItem to={href.drafts()} icon={<DraftIcon />} label="Drafts" active={current('drafts')} />
        <NavItem to={href.follow()} icon={<UserPlusIcon />} label="Follow" active={current('follow')} />
        <NavItem to={href.profile(me)} icon={<UserIcon />} label="Profile" active={current('profile', me)} />
        <NavItem to={href.sync()} icon={<SyncIcon />} label="Sync" active={current('sync')} />
        <NavItem to={href.settings()} icon={<GearIcon />} label="Settings" active={current('settings')} />
        <NavItem to={href.apps()} icon={<KeyIcon />} label="Apps" active={current('apps')} />
        <NavItem to={href.devices()} icon={<DevicesIcon />} label="Devices" active={current('devices')} />
      </ul>
    </nav>
  )
}

function NavItem({ to, icon, label, active, badge = 0 }: {
  to: string; icon: ReactNode; label: string; active: boolean; badge?: number
}) {
  const shown = badge > 99 ? '99+' : String(badge)
  return (
    <li>
      <a href={to} className={active ? 'nav-item active' : 'nav-item'} aria-current={active ? 'page' : undefined}
        aria-label={badge > 0 ? `${label}, ${badge} unread` : label}>
        {icon}
        <span className="nav-label">{label}</span>
        {badge > 0 && <span className="badge" aria-hidden="true">{shown}</span>}
      </a>
    </li>
  )
}
