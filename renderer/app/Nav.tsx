// The side bar: where a person can go, with the unread badges. It draws a list of entries, so a new page is
// one entry more. In a narrow window the entries marked `always` stay in the bar and the others go under
// "More", so every page stays one or two taps away whatever the width.
import { useEffect, useId, useRef, useState, type ReactNode } from 'react'
import { useLists, useUnreadCount, useUnreadMessages } from '../api/queries.js'
import { BellIcon, BookmarkIcon, DevicesIcon, DraftIcon, GearIcon, HomeIcon, InboxIcon, KeyIcon, ListIcon, MessageIcon, MoreIcon, SyncIcon, UserIcon, UserPlusIcon } from '../components/icons.js'
import { usePinnedLists } from '../features/lists/pinned-lists.js'
import { href, type Route } from '../navigation/routes.js'

export interface NavEntry {
  to: string
  icon: ReactNode
  label: string
  active: boolean
  badge?: number
  /** Kept in the bar of a narrow window; the others are under "More" there. */
  always?: boolean
}

export function Nav({ route, me }: { route: Route; me: string }) {
  const unread = useUnreadCount()
  const unreadMessages = useUnreadMessages()
  const lists = useLists()
  const pins = usePinnedLists()
  // A pin whose list was deleted (here or on another device) shows nothing.
  const held = new Set(lists.data?.map((l) => l.name) ?? [])
  const pinned: NavEntry[] = pins.filter((name) => held.has(name)).map((name) => ({
    to: href.list(name), icon: <ListIcon />, label: name, active: route.name === 'list' && route.list === name
  }))
  const current = (name: Route['name'], key?: string) =>
    route.name === name && (key === undefined || (route.name === 'profile' && route.key === key))
  const entries: NavEntry[] = [
    { to: href.home(), icon: <HomeIcon />, label: 'Home', active: current('home'), always: true },
    { to: href.notifications(), icon: <BellIcon />, label: 'Notifications', active: current('notifications'), badge: unread, always: true },
    { to: href.messages(), icon: <MessageIcon />, label: 'Messages', active: current('messages'), badge: unreadMessages, always: true },
    { to: href.requests(), icon: <InboxIcon />, label: 'Requests', active: current('requests') },
    { to: href.bookmarks(), icon: <BookmarkIcon />, label: 'Bookmarks', active: current('bookmarks') },
    { to: href.lists(), icon: <ListIcon />, label: 'Lists', active: current('lists') },
    ...pinned,
    { to: href.drafts(), icon: <DraftIcon />, label: 'Drafts', active: current('drafts') },
    { to: href.follow(), icon: <UserPlusIcon />, label: 'Follow', active: current('follow') },
    { to: href.profile(me), icon: <UserIcon />, label: 'Profile', active: current('profile', me), always: true },
    { to: href.sync(), icon: <SyncIcon />, label: 'Sync', active: current('sync') },
    { to: href.settings(), icon: <GearIcon />, label: 'Settings', active: current('settings') },
    { to: href.apps(), icon: <KeyIcon />, label: 'Apps', active: current('apps') },
    { to: href.devices(), icon: <DevicesIcon />, label: 'Devices', active: current('devices') }
  ]
  return (
    <nav className="nav" aria-label="Main">
      <a className="brand" href={href.home()}>
        <span className="brand-logo" aria-hidden="true">r</span>
        <span className="brand-name">rstatus</span>
      </a>
      <ul>
        {entries.map((e) => <NavItem key={e.to} entry={e} />)}
        <MoreMenu entries={entries.filter((e) => !e.always)} routeId={JSON.stringify(route)} />
      </ul>
    </nav>
  )
}

function NavItem({ entry, inMenu = false }: { entry: NavEntry; inMenu?: boolean }) {
  const { to, icon, label, active, badge = 0, always } = entry
  const shown = badge > 99 ? '99+' : String(badge)
  return (
    <li className={inMenu || always ? undefined : 'nav-secondary'}>
      <a href={to} className={active ? 'nav-item active' : 'nav-item'} aria-current={active ? 'page' : undefined}
        aria-label={badge > 0 ? `${label}, ${badge} unread` : label}>
        {icon}
        <span className="nav-label">{label}</span>
        {badge > 0 && <span className="badge" aria-hidden="true">{shown}</span>}
      </a>
    </li>
  )
}

/** Shown only in a narrow window (layout.css): the entries that do not fit the bar. */
function MoreMenu({ entries, routeId }: { entries: NavEntry[]; routeId: string }) {
  const [open, setOpen] = useState(false)
  const id = useId()
  const ref = useRef<HTMLLIElement>(null)
  useEffect(() => setOpen(false), [routeId])
  useEffect(() => {
    if (!open) return
    const away = (e: Event) => {
      if (!ref.current?.contains(e.target as Node)) setOpen(false)
    }
    const escape = (e: KeyboardEvent) => {
      if (e.key === 'Escape') setOpen(false)
    }
    document.addEventListener('pointerdown', away)
    document.addEventListener('keydown', escape)
    return () => {
      document.removeEventListener('pointerdown', away)
      document.removeEventListener('keydown', escape)
    }
  }, [open])
  const active = entries.some((e) => e.active)
  const badge = entries.reduce((n, e) => n + (e.badge ?? 0), 0)
  return (
    <li className="nav-more" ref={ref}>
      <button type="button" className={active ? 'nav-item active' : 'nav-item'} aria-expanded={open} aria-controls={id}
        aria-label={badge > 0 ? `More, ${badge} unread` : 'More'} onClick={() => setOpen(!open)}>
        <MoreIcon />
        <span className="nav-label">More</span>
      </button>
      <ul id={id} className="nav-more-list" hidden={!open}>
        {entries.map((e) => <NavItem key={e.to} entry={e} inMenu />)}
      </ul>
    </li>
  )
}
