// The handlers of shared/api-social.ts (issue 6): devices, requests, block and mute, who to follow.
import type { MethodName, Params, Result } from '../../shared/api.js'
import { DEFAULT_INVITE_SECONDS, type socialMethods } from '../../shared/api-social.js'
import { parseRef } from '../../shared/keys.js'
import type { Engine } from './engine.js'

type SocialMethod = keyof typeof socialMethods
type SocialHandlers = { [M in SocialMethod]: (params: Params<M>) => Promise<Result<M>> }

/** Methods that write to the own feed: refused on a device its identity removed. */
export const FEED_WRITES: ReadonlySet<MethodName> = new Set<MethodName>([
  'post', 'reply', 'repost', 'unrepost', 'like', 'unlike', 'delete', 'follow', 'unfollow', 'setProfile'
])

/** How long `deviceJoin` waits for the inviting device by default. */
const JOIN_SECONDS = 60

export function createSocialHandlers(engine: Engine): SocialHandlers {
  const social = () => engine.social
  return {
    devices: () => social().devices(),
    deviceInvite: ({ timeout }) => social().invite((timeout ?? DEFAULT_INVITE_SECONDS) * 1000),
    deviceJoin: ({ code, timeout }) => social().join(code, (timeout ?? JOIN_SECONDS) * 1000),
    deviceRemove: ({ key }) => social().removeDevice(parseRef(key).key),
    requests: (page) => engine.views.requests(page),
    block: ({ key, deleteData }) => social().setBlocked(parseRef(key).key, true, { deleteData: deleteData ?? false }),
    unblock: ({ key }) => social().setBlocked(parseRef(key).key, false),
    mute: ({ key }) => social().setMuted(parseRef(key).key, true),
    unmute: ({ key }) => social().setMuted(parseRef(key).key, false),
    async blocked() {
      const profiles = (keys: string[]) => Promise.all(keys.map((k) => engine.views.profile(k)))
      return { blocked: await profiles(social().moderation.blocked), muted: await profiles(social().moderation.muted) }
    },
    suggestions: ({ limit }) => engine.views.suggestions(limit ?? 20)
  }
}
