// Changes a person makes. Each one calls the engine, then invalidates what it changed, so every screen
// showing that data refetches it.
import { useCallback, useState } from 'react'
import type { MethodName, Params, Result } from '../../shared/api.js'
import { useApi, useCache } from './ApiContext.js'
import { asError } from './cache.js'

export type Outcome<T> = { ok: true; result: T } | { ok: false; error: Error }

export interface Mutation<M extends MethodName> {
  run: (params: Params<M>) => Promise<Outcome<Result<M>>>
  pending: boolean
  error: Error | null
  reset: () => void
}

/** What blocking or muting someone changes: every list their statuses could be in. */
const HIDING: MethodName[] = [
  'blocked', 'timeline', 'profileStatuses', 'profile', 'status', 'thread', 'mentions', 'notifications', 'requests',
  'hashtag', 'search', 'people', 'suggestions', 'syncState', 'following'
]

const INVALIDATES: Partial<Record<MethodName, MethodName[]>> = {
  post: ['timeline', 'profileStatuses', 'profile', 'whoami', 'hashtag', 'search', 'storage'],
  reply: ['thread', 'status', 'timeline', 'profileStatuses', 'profile', 'whoami'],
  repost: ['timeline', 'status', 'thread', 'profileStatuses', 'hashtag', 'search'],
  unrepost: ['timeline', 'status', 'thread', 'profileStatuses', 'hashtag', 'search'],
  like: ['timeline', 'status', 'thread', 'profileStatuses', 'hashtag', 'search'],
  unlike: ['timeline', 'status', 'thread', 'profileStatuses', 'hashtag', 'search'],
  delete: ['timeline', 'status', 'thread', 'profileStatuses', 'profile', 'whoami', 'hashtag', 'search', 'mentions'],
  follow: ['profile', 'following', 'timeline', 'syncState', 'people', 'suggestions', 'requests', 'notifications'],
  unfollow: ['profile', 'following', 'timeline', 'syncState', 'suggestions', 'requests', 'notifications'],
  setProfile: ['whoami', 'profile', 'people', 'timeline', 'profileStatuses', 'following'],
  markNotificationsRead: ['notifications'],
  deviceInvite: ['devices'],
  deviceJoin: ['whoami', 'devices', 'profile', 'timeline', 'following'],
  deviceRemove: ['devices'],
  block: [...HIDING],
  unblock: [...HIDING],
  mute: [...HIDING],
  unmute: [...HIDING],
  createAppToken: ['appTokens'],
  revokeAppToken: ['appTokens']
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
        cache.invalidate(INVALIDATES[method] ?? [])
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
