// The shell: first-run onboarding, or the side bar, the centre column for the current route, and the
// search and network status on the right.
import { useEffect, useRef, useState } from 'react'
import { useConnectionState } from '../api/ApiContext.js'
import { useWhoAmI } from '../api/queries.js'
import { ErrorNote, Loading } from '../components/States.js'
import { ToastProvider } from '../components/Toast.js'
import { useDesktopNotifications } from '../components/desktop-notifications.js'
import { Onboarding } from '../features/onboarding/Onboarding.js'
import { SearchBox } from '../features/search/SearchBox.js'
import { NetworkIndicator } from '../features/sync/NetworkIndicator.js'
import { href, navigate, useRoute } from '../navigation/routes.js'
import { ConnectionBanner } from './ConnectionBanner.js'
import { KeyboardShortcuts } from './KeyboardShortcuts.js'
import { Nav } from './Nav.js'
import { Screen, titleOf } from './Screen.js'

export function App() {
  return (
    <ToastProvider>
      <ConnectionBanner />
      <Shell />
    </ToastProvider>
  )
}

function Shell() {
  const me = useWhoAmI()
  const route = useRoute()
  const { state: connection, kind } = useConnectionState()
  useDesktopNotifications()
  // Onboarding has two steps; saving the name in the first must not end it before the key is shown.
  const [onboarding, setOnboarding] = useState(false)
  const needsName = me.data !== undefined && me.data.profile.name === null
  useEffect(() => {
    if (needsName) setOnboarding(true)
  }, [needsName])

  const mainRef = useRef<HTMLElement>(null)
  const firstRoute = useRef(true)
  const routeId = JSON.stringify(route)
  useEffect(() => {
    document.title = `${titleOf(route)} · rstatus`
    if (firstRoute.current) {
      firstRoute.current = false
      return
    }
    // A new screen: start at its top, and put keyboard focus where its content starts.
    window.scrollTo(0, 0)
    mainRef.current?.focus({ preventScroll: true })
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [routeId])

  if (!me.data) {
    return (
      <main className="splash">
        <p className="brand-mark" aria-hidden="true">rstatus</p>
        {me.error && connection === 'open' ? (
          <ErrorNote error={me.error} onRetry={() => void me.refetch()} />
        ) : connection === 'lost' && kind === 'engine' ? (
          <p className="muted">The rstatus engine is not running; restart it from the banner above.</p>
        ) : connection === 'lost' ? (
          <p className="muted">
            Can't reach rstatus. If you opened this page yourself, open the link that <code>rstatus serve</code>{' '}
            printed instead: it carries this session's access key.
          </p>
        ) : (
          <Loading label="Starting rstatus…" />
        )}
      </main>
    )
  }

  if (needsName || onboarding) {
    return (
      <Onboarding
        me={me.data}
        onDone={() => {
          setOnboarding(false)
          navigate(href.home())
        }}
      />
    )
  }

  return (
    <div className="app">
      <button type="button" className="skip-link" onClick={() => mainRef.current?.focus()}>
        Skip to content
      </button>
      <KeyboardShortcuts me={me.data.key} />
      {/* Before the side bar in the tab order, wherever the layout draws it: search is a first thing people reach for. */}
      <aside className="rightbar" aria-label="Search and network">
        <SearchBox current={route.name === 'search' ? route.q : ''} />
        <NetworkIndicator />
        <p className="rightbar-note muted">
          Your statuses live on this device and travel directly to your followers.
        </p>
      </aside>
      <header className="sidebar">
        <Nav route={route} me={me.data.key} />
      </header>
      <main ref={mainRef} className="content" tabIndex={-1} aria-label={titleOf(route)}>
        <Screen route={route} />
      </main>
    </div>
  )
}
