// Engine data is a cache on this side: one entry per (method, params), shared by every component that asks
// the same question, refetched when the engine says something changed or a mutation invalidates it.
import type { Api, MethodName, Params, Result } from '../../shared/api/contract.js'

export interface QueryState<T> {
  data: T | undefined
  error: Error | undefined
  /** True while a request for this entry is in flight (first load or a refetch). */
  fetching: boolean
}

interface Entry {
  method: MethodName
  params: unknown
  state: QueryState<unknown>
  listeners: Set<() => void>
  inFlight: Promise<void> | null
  /** Set when invalidated during a fetch, so the answer that was already on its way is not trusted. */
  again: boolean
}

const MAX_IDLE_ENTRIES = 200

export class QueryCache {
  private readonly entries = new Map<string, Entry>()
  private readonly invalidateListeners = new Set<(methods: ReadonlySet<MethodName> | 'all') => void>()

  constructor(readonly api: Api) {}

  static key(method: MethodName, params: unknown): string {
    return `${method}:${JSON.stringify(params ?? {})}`
  }

  state<M extends MethodName>(method: M, params: Params<M>): QueryState<Result<M>> {
    return this.entry(method, params).state as QueryState<Result<M>>
  }

  /** Subscribes to one entry; the first subscriber (or a stale entry) triggers a fetch. */
  subscribe<M extends MethodName>(method: M, params: Params<M>, fn: () => void): () => void {
    const entry = this.entry(method, params)
    entry.listeners.add(fn)
    if (entry.state.data === undefined && !entry.inFlight) void this.fetch(entry)
    return () => {
      entry.listeners.delete(fn)
      this.trim()
    }
  }

  /** Fetches now, whatever is cached, and resolves with the answer. */
  async fetchNow<M extends MethodName>(method: M, params: Params<M>): Promise<Result<M>> {
    const entry = this.entry(method, params)
    await this.fetch(entry)
    if (entry.state.error) throw entry.state.error
    return entry.state.data as Result<M>
  }

  setData<M extends MethodName>(method: M, params: Params<M>, data: Result<M>): void {
    const entry = this.entry(method, params)
    this.update(entry, { data, error: undefined, fetching: entry.state.fetching })
  }

  /** Refetches what is on screen for these methods and forgets the rest. */
  invalidate(methods: readonly MethodName[] | 'all'): void {
    const set = methods === 'all' ? null : new Set(methods)
    for (const [key, entry] of this.entries) {
      if (set && !set.has(entry.method)) continue
      if (entry.listeners.size === 0) this.entries.delete(key)
      else void this.fetch(entry)
    }
    for (const fn of [...this.invalidateListeners]) fn(set ?? 'all')
  }

  /** For lists that keep their own pages (infinite scroll) but must hear the same invalidations. */
  onInvalidate(fn: (methods: ReadonlySet<MethodName> | 'all') => void): () => void {
    this.invalidateListeners.add(fn)
    return () => void this.invalidateListeners.delete(fn)
  }

  private entry(method: MethodName, params: unknown): Entry {
    const key = QueryCache.key(method, params)
    let entry = this.entries.get(key)
    if (!entry) {
      entry = {
        method,
        params,
        state: { data: undefined, error: undefined, fetching: false },
        listeners: new Set(),
        inFlight: null,
        again: false
      }
      this.entries.set(key, entry)
    }
    return entry
  }

  private fetch(entry: Entry): Promise<void> {
    if (entry.inFlight) {
      entry.again = true
      return entry.inFlight
    }
    this.update(entry, { ...entry.state, fetching: true })
    const run = async (): Promise<void> => {
      do {
        entry.again = false
        try {
          const data = await this.api.call(entry.method, entry.params as never)
          if (!entry.again) this.update(entry, { data, error: undefined, fetching: false })
        } catch (err) {
          if (!entry.again) this.update(entry, { data: entry.state.data, error: asError(err), fetching: false })
        }
      } while (entry.again)
      entry.inFlight = null
    }
    entry.inFlight = run()
    return entry.inFlight
  }

  private update(entry: Entry, state: QueryState<unknown>) {
    entry.state = state
    for (const fn of [...entry.listeners]) fn()
  }

  private trim() {
    if (this.entries.size <= MAX_IDLE_ENTRIES) return
    for (const [key, entry] of this.entries) {
      if (this.entries.size <= MAX_IDLE_ENTRIES) break
      if (entry.listeners.size === 0 && !entry.inFlight) this.entries.delete(key)
    }
  }
}

export function asError(err: unknown): Error {
  if (err instanceof Error) return err
  return new Error(typeof err === 'string' ? err : 'Something went wrong')
}
