// Hands the one Api, its query cache and the connection state to every component. Tests wrap the app in
// this provider with an in-memory Api.
import { createContext, useContext, useEffect, useMemo, useSyncExternalStore, type ReactNode } from 'react'
import type { Api, MethodName } from '../../shared/api/contract.js'
import { QueryCache } from './cache.js'
import { alwaysOpen, type Connection, type ConnectionState } from './connection.js'

interface ApiContextValue {
  api: Api
  cache: QueryCache
  connection: Connection
}

const ApiContext = createContext<ApiContextValue | null>(null)

// What each engine event makes stale. Lists with their own pages listen to the same invalidations.
const STATUS_QUERIES: MethodName[] = [
  'status', 'thread', 'profile', 'profileStatuses', 'timeline', 'mentions', 'hashtag', 'search', 'whoami', 'people',
  'requests', 'devices', 'suggestions'
]

const STATUS_REFETCH_PAUSE_MS = 300

export function ApiProvider({ api, connection = alwaysOpen, children }: {
  api: Api
  connection?: Connection
  children: ReactNode
}) {
  const cache = useMemo(() => new QueryCache(api), [api])

  useEffect(() => {
    // While a feed syncs, `statuses` events come in bursts: refetch at most once per pause.
    let timer: ReturnType<typeof setTimeout> | null = null
    let pending = false
    const invalidateStatuses = () => {
      if (timer) return void (pending = true)
      cache.invalidate(STATUS_QUERIES)
      timer = setTimeout(() => {
        timer = null
        if (pending) {
          pending = false
          invalidateStatuses()
        }
      }, STATUS_REFETCH_PAUSE_MS)
    }
    const offs = [
      api.on('statuses', invalidateStatuses),
      api.on('sync', (state) => cache.setData('syncState', {}, state)),
      api.on('network', ({ online, peers }) => {
        const current = cache.state('syncState', {}).data
        if (current) cache.setData('syncState', {}, { ...current, online, peers })
      }),
      api.on('notifications', () => cache.invalidate(['notifications'])),
      api.on('messages', () => cache.invalidate(['dmList', 'dmRead', 'dmRequests'])),
      api.on('handles', () => cache.invalidate(['profile', 'whoami'])),
      api.on('privateData', () => cache.invalidate(['bookmarks', 'lists', 'listTimeline', 'drafts']))
    ]
    return () => {
      offs.forEach((off) => off())
      if (timer) clearTimeout(timer)
    }
  }, [api, cache])

  useEffect(() => {
    let previous = connection.get()
    return connection.subscribe(() => {
      const now = connection.get()
      // Whatever happened while the socket was down, the engine's events for it were missed.
      if (now === 'open' && previous !== 'open') cache.invalidate('all')
      previous = now
    })
  }, [connection, cache])

  const value = useMemo(() => ({ api, cache, connection }), [api, cache, connection])
  return <ApiContext.Provider value={value}>{children}</ApiContext.Provider>
}

function useApiContext(): ApiContextValue {
  const value = useContext(ApiContext)
  if (!value) throw new Error('useApi must be used inside <ApiProvider>')
  return value
}

export function useApi(): Api {
  return useApiContext().api
}

export function useCache(): QueryCache {
  return useApiContext().cache
}

export function useConnectionState(): { state: ConnectionState; kind: Connection['kind']; message: string | null; retry: () => void } {
  const { connection } = useApiContext()
  const state = useSyncExternalStore(connection.subscribe, connection.get)
  const message = useSyncExternalStore(connection.subscribe, connection.message)
  return { state, kind: connection.kind, message, retry: connection.retry }
}
