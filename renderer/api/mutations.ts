// Changes a person makes. Each one calls the engine, then invalidates what it changed (the contract's
// `invalidates` for the method), so every screen showing that data refetches it.
import { useCallback, useState } from 'react'
import { invalidatedBy, type MethodName, type Params, type Result } from '../../shared/api/contract.js'
import { useApi, useCache } from './ApiContext.js'
import { asError } from './cache.js'

export type Outcome<T> = { ok: true; result: T } | { ok: false; error: Error }

export interface Mutation<M extends MethodName> {
  run: (params: Params<M>) => Promise<Outcome<Result<M>>>
  pending: boolean
  error: Error | null
  reset: () => void
}

/** Never rejects: the outcome says what happened, and `error` keeps the last failure for a form to show. */
export function useMutation<M extends MethodName>(method: M): Mutation<M> {
  const api = useApi()
  const cache = useCache()
  const [pending, setPending] = useState(false)
  const [error, setError] = useState<Error | null>(null)
  const run = useCallback(
    async (params: Params<M>): Promise<Outcome<Result<M>>> => {
      setPending(true)
      setError(null)
      try {
        const result = await api.call(method, params)
        cache.invalidate(invalidatedBy(method))
        return { ok: true, result }
      } catch (err) {
        const error = asError(err)
        setError(error)
        return { ok: false, error }
      } finally {
        setPending(false)
      }
    },
    [api, cache, method]
  )
  return { run, pending, error, reset: useCallback(() => setError(null), []) }
}
