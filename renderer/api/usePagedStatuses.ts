// A list of statuses that grows page by page as the person scrolls, and stays live: when the engine says
// statuses changed, the newest page is fetched again and merged. New arrivals go on top at once when the
// person is at the top, and wait behind an "N new" pill when they are reading further down.
import { useCallback, useEffect, useRef, useState } from 'react'
import type { MethodName } from '../../shared/api/contract.js'
import type { Page, StatusView } from '../../shared/api/shapes.js'
import { useApi, useCache } from './ApiContext.js'
import { asError } from './cache.js'

export interface PagedStatusesOptions {
  /** Changes when the question changes (a different profile or tag); the list starts over. */
  key: string
  fetchPage: (cursor: string | undefined) => Promise<Page<StatusView>>
  /** Invalidations of these methods (engine events, mutations) refresh the list. */
  methods: readonly MethodName[]
  /** Whether new arrivals may be put on top right now (the person is at the top). */
  isAtTop?: () => boolean
}

export interface PagedStatuses {
  items: StatusView[]
  /** Arrivals held back while the person reads further down. */
  pending: number
  loading: boolean
  loadingMore: boolean
  error: Error | null
  hasMore: boolean
  loadMore: () => void
  showPending: () => void
  retry: () => void
  /** The list tells which items are on screen, so a change refreshes what the person sees. */
  setVisible: (items: StatusView[]) => void
}

/** The identity of a list entry: a status, or someone's repost of it. */
export function entryKey(s: StatusView): string {
  return s.repostedBy ? `${s.uri}|${s.repostedBy.uri}` : s.uri
}

export interface State {
  items: StatusView[]
  cursor: string | null
  pending: StatusView[]
  /** The pending head does not connect to the loaded list: showing it replaces the list. */
  gap: Page<StatusView> | null
  loading: boolean
  loadingMore: boolean
  error: Error | null
}

const INITIAL: State = { items: [], cursor: null, pending: [], gap: null, loading: true, loadingMore: false, error: null }
const REFRESH_PAUSE_MS = 300

export function usePagedStatuses(opts: PagedStatusesOptions): PagedStatuses {
  const api = useApi()
  const cache = useCache()
  const [state, setState] = useState<State>(INITIAL)
  const stateRef = useRef(state)
  stateRef.current = state
  const optsRef = useRef(opts)
  optsRef.current = opts
  const visibleRef = useRef<StatusView[]>([])
  const generation = useRef(0)

  const load = useCallback(async () => {
    const gen = ++generation.current
    setState({ ...INITIAL })
    try {
      const page = await optsRef.current.fetchPage(undefined)
      if (gen !== generation.current) return
      setState({ ...INITIAL, items: dedupe(page.items), cursor: page.cursor, loading: false })
    } catch (err) {
      if (gen !== generation.current) return
      setState({ ...INITIAL, loading: false, error: asError(err) })
    }
  }, [])

  useEffect(() => {
    void load()
    return () => {
      generation.current++
    }
  }, [opts.key, load])

  const loadMore = useCallback((afterError = false) => {
    const s = stateRef.current
    if (s.loading || s.loadingMore || s.cursor === null || (s.error && !afterError)) return
    const gen = generation.current
    const cursor = s.cursor
    setState((prev) => ({ ...prev, loadingMore: true, error: null }))
    optsRef.current.fetchPage(cursor).then(
      (page) => {
        if (gen !== generation.current) return
        setState((prev) => {
          const seen = new Set(prev.items.map(entryKey))
          const more = page.items.filter((item) => !seen.has(entryKey(item)))
          return { ...prev, items: prev.items.concat(more), cursor: page.cursor, loadingMore: false }
        })
      },
      (err) => {
        if (gen !== generation.current) return
        setState((prev) => ({ ...prev, loadingMore: false, error: asError(err) }))
      }
    )
  }, [])

  // ---- live refresh: at most one in flight, one more queued ----
  const refreshing = useRef(false)
  const refreshQueued = useRef(false)

  const refresh = useCallback(async () => {
    if (refreshing.current) {
      refreshQueued.current = true
      return
    }
    refreshing.current = true
    const gen = generation.current
    try {
      const head = await optsRef.current.fetchPage(undefined)
      if (gen !== generation.current) return
      const headKeys = new Set(head.items.map(entryKey))
      const stale = visibleRef.current.filter((s) => !headKeys.has(entryKey(s)))
      const fresh = await refetchEach(stale, (uri) => api.call('status', { uri }))
      if (gen !== generation.current) return
      setState((prev) => {
        if (prev.loading || prev.error) return prev
        const atTop = optsRef.current.isAtTop?.() ?? true
        return mergeHead(prev, head, fresh, atTop)
      })
    } catch {
      // a failed refresh keeps what is shown; the next change tries again
    } finally {
      refreshing.current = false
      if (refreshQueued.current && gen === generation.current) {
        refreshQueued.current = false
        setTimeout(() => void refresh(), REFRESH_PAUSE_MS)
      }
    }
  }, [api])

  // The engine's `statuses` events reach lists as invalidations (ApiProvider), like mutations do.
  useEffect(
    () =>
      cache.onInvalidate((methods) => {
        if (methods === 'all' || optsRef.current.methods.some((m) => methods.has(m))) void refresh()
      }),
    [cache, refresh]
  )

  const showPending = useCallback(() => {
    setState((prev) => {
      if (prev.gap) return { ...prev, items: dedupe(prev.gap.items), cursor: prev.gap.cursor, pending: [], gap: null }
      return { ...prev, items: dedupe(prev.pending.concat(prev.items)), pending: [] }
    })
  }, [])

  const setVisible = useCallback((items: StatusView[]) => {
    visibleRef.current = items
  }, [])

  return {
    items: state.items,
    pending: state.pending.length,
    loading: state.loading,
    loadingMore: state.loadingMore,
    error: state.error,
    hasMore: state.cursor !== null,
    loadMore: useCallback(() => loadMore(false), [loadMore]),
    showPending,
    retry: () => void (state.items.length === 0 ? load() : loadMore(true)),
    setVisible
  }
}

async function refetchEach(
  items: StatusView[],
  get: (uri: string) => Promise<StatusView | null>
): Promise<Map<string, StatusView | null>> {
  const out = new Map<string, StatusView | null>()
  const uris = [...new Set(items.map((s) => s.uri))]
  const answers = await Promise.all(uris.map((uri) => get(uri).catch(() => undefined)))
  uris.forEach((uri, i) => {
    const answer = answers[i]
    if (answer !== undefined) out.set(uri, answer)
  })
  return out
}

/** Exported for tests: how a fresh newest page and refreshed visible items fold into the loaded list. */
export function mergeHead(
  prev: State,
  head: Page<StatusView>,
  fresh: Map<string, StatusView | null>,
  atTop: boolean
): State {
  const headKeys = new Set(head.items.map(entryKey))
  const loadedKeys = prev.items.map(entryKey)
  const loaded = new Set(loadedKeys)
  let lastCommon = -1
  loadedKeys.forEach((k, i) => {
    if (headKeys.has(k)) lastCommon = i
  })
  const connected = lastCommon >= 0 || head.cursor === null || prev.items.length === 0

  // Below what the head covers, keep the loaded entries, refreshed where they were on screen.
  const below = connected ? prev.items.slice(lastCommon + 1) : prev.items
  const tail: StatusView[] = []
  for (const s of below) {
    if (headKeys.has(entryKey(s))) continue
    const answer = fresh.get(s.uri)
    if (answer === null) continue
    tail.push(answer ? { ...answer, ...(s.repostedBy ? { repostedBy: s.repostedBy } : {}) } : s)
  }

  if (!connected) {
    // More arrived than one page: the head does not reach what is loaded.
    if (atTop) return { ...prev, items: dedupe(head.items), cursor: head.cursor, pending: [], gap: null }
    return { ...prev, items: tail, pending: head.items, gap: head }
  }

  // The head replaces the part of the list it covers: new counts, deletions gone, late arrivals in place.
  const firstLoaded = head.items.findIndex((s) => loaded.has(entryKey(s)))
  const arrivals = firstLoaded < 0 ? head.items : head.items.slice(0, firstLoaded)
  const covered = firstLoaded < 0 ? [] : head.items.slice(firstLoaded)
  if (atTop || covered.length + tail.length === 0) {
    return { ...prev, items: dedupe(head.items.concat(tail)), pending: [], gap: null }
  }
  return { ...prev, items: dedupe(covered.concat(tail)), pending: arrivals, gap: null }
}

function dedupe(items: StatusView[]): StatusView[] {
  const seen = new Set<string>()
  return items.filter((s) => {
    const k = entryKey(s)
    if (seen.has(k)) return false
    seen.add(k)
    return true
  })
}
