// The one way a component reads engine data: a cached answer to one (method, params) question.
import { useCallback, useMemo, useSyncExternalStore } from 'react'
import type { MethodName, Params, Result } from '../../shared/api/contract.js'
import { QueryCache, type QueryState } from './cache.js'
import { useCache } from './ApiContext.js'

export interface Query<T> extends QueryState<T> {
  /** True until the first answer (or error) arrives. */
  loading: boolean
  refetch: () => Promise<unknown>
}

const IDLE: QueryState<never> = { data: undefined, error: undefined, fetching: false }
const noop = () => () => {}

/** Pass `null` as params to skip the question until its input is ready. */
export function useQuery<M extends MethodName>(method: M, params: Params<M> | null): Query<Result<M>> {
  const cache = useCache()
  const key = params === null ? null : QueryCache.key(method, params)
  // params objects are rebuilt on every render; the key says when the question really changed
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const stableParams = useMemo(() => params, [key])
  const subscribe = useCallback(
    (fn: () => void) => (stableParams === null ? noop() : cache.subscribe(method, stableParams, fn)),
    [cache, method, stableParams]
  )
  const getSnapshot = useCallback(
    () => (stableParams === null ? IDLE : cache.state(method, stableParams)),
    [cache, method, stableParams]
  )
  const state = useSyncExternalStore(subscribe, getSnapshot)
  const refetch = useCallback(
    () => (stableParams === null ? Promise.resolve() : cache.fetchNow(method, stableParams).catch(() => {})),
    [cache, method, stableParams]
  )
  return {
    ...state,
    loading: stableParams !== null && state.data === undefined && state.error === undefined,
    refetch
  }
}
