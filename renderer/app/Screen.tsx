// Which feature fills the centre column for a route.
import { AppsPage } from '../features/apps/AppsPage.js'
import { DevicesPage } from '../features/devices/DevicesPage.js'
import { RequestsPage } from '../features/requests/RequestsPage.js'
import { MessagesPage } from '../features/messages/MessagesPage.js'
import { BookmarksPage } from '../features/bookmarks/BookmarksPage.js'
import { DraftsPage } from '../features/drafts/DraftsPage.js'
import { ListsPage } from '../features/lists/ListsPage.js'
import { ListTimeline } from '../features/lists/ListTimeline.js'
import { ComposeStatus } from '../features/compose/ComposeStatus.js'
import { FollowPage } from '../features/follow/FollowPage.js'
import { NotificationsPage } from '../features/notifications/NotificationsPage.js'
import { ProfilePage } from '../features/profile/ProfilePage.js'
import { HashtagPage } from '../features/search/HashtagPage.js'
import { SearchPage } from '../features/search/SearchPage.js'
import { SettingsPage } from '../features/settings/SettingsPage.js'
import { SyncPage } from '../features/sync/SyncPage.js'
import { ThreadPage } from '../features/thread/ThreadPage.js'
import { HomeTimeline } from '../features/timeline/HomeTimeline.js'
import { EmptyState } from '../components/States.js'
import { href, type Route } from '../navigation/routes.js'

export function Screen({ route }: { route: Route }) {
  switch (route.name) {
    case 'home':
      return (
        <>
          <header className="page-header sticky"><h1>Home</h1></header>
          <ComposeStatus />
          <HomeTimeline />
        </>
      )
    case 'profile':
      return <ProfilePage key={route.key} feed={route.key} />
    case 'status':
      return <ThreadPage key={`${route.key}/${route.seq}`} feed={route.key} seq={route.seq} reply={route.reply} />
    case 'tag':
      return <HashtagPage key={route.tag} tag={route.tag} />
    case 'search':
      return <SearchPage key={route.q} q={route.q} />
    case 'notifications':
      return <NotificationsPage />
    case 'follow':
      return <FollowPage key={route.ref} initialRef={route.ref} />
    case 'sync':
      return <SyncPage />
    case 'settings':
      return <SettingsPage />
    case 'apps':
      return <AppsPage />
    case 'devices':
      return <DevicesPage />
    case 'requests':
      return <RequestsPage />
    case 'messages':
      return <MessagesPage key={`${route.id}|${route.to}`} open={route.id} to={route.to} />
    case 'bookmarks':
      return <BookmarksPage />
    case 'lists':
      return <ListsPage />
    case 'list':
      return <ListTimeline key={route.list} name={route.list} />
    case 'drafts':
      return <DraftsPage />
    case 'compose':
      return (
        <>
          <header className="page-header sticky"><h1>{route.quote ? 'Quote' : 'Draft'}</h1></header>
          <ComposeStatus key={`${route.draft}|${route.quote}`} draft={route.draft} quote={route.quote} />
        </>
      )
    case 'not-found':
      return (
        <EmptyState title="Nothing here">
          <p>This address does not lead anywhere in rstatus. Go to your <a href={href.home()}>home timeline</a>.</p>
        </EmptyState>
      )
  }
}

export function titleOf(route: Route): string {
  switch (route.name) {
    case 'home': return 'Home'
    case 'profile': return 'Profile'
    case 'status': return 'Status'
    case 'tag': return `#${route.tag}`
    case 'search': return route.q ? `Search: ${route.q}` : 'Search'
    case 'notifications': return 'Notifications'
    case 'follow': return 'Follow someone'
    case 'sync': return 'Sync & network'
    case 'settings': return 'Settings'
    case 'apps': return 'Apps and tokens'
    case 'devices': return 'Devices'
    case 'requests': return 'Requests'
    case 'messages': return 'Messages'
    case 'bookmarks': return 'Bookmarks'
    case 'lists': return 'Lists'
    case 'list': return route.list
    case 'drafts': return 'Drafts'
    case 'compose': return route.quote ? 'Quote' : 'Draft'
    case 'not-found': return 'Not found'
  }
}
