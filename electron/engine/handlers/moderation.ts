// The handlers of shared/api/moderation.ts: block and mute (moderation/moderation.ts).
import type { moderation } from '../../../shared/api/moderation.js'
import { parseRef, type FeedKey } from '../../../shared/keys.js'
import type { Moderation } from '../moderation/moderation.js'
import type { ViewStore } from '../views/worker.js'
import type { AreaHandlers } from './api.js'

export interface ModerationServices {
  moderation: Pick<Moderation, 'setBlocked' | 'setMuted' | 'list'>
  views: Pick<ViewStore, 'profile'>
}

export function moderationHandlers(s: ModerationServices): AreaHandlers<typeof moderation> {
  const profiles = (keys: FeedKey[]) => Promise.all(keys.map((k) => s.views.profile(k)))
  return {
    block: ({ key, deleteData }) => s.moderation.setBlocked(parseRef(key).key, true, { deleteData: deleteData ?? false }),
    unblock: ({ key }) => s.moderation.setBlocked(parseRef(key).key, false),
    mute: ({ key }) => s.moderation.setMuted(parseRef(key).key, true),
    unmute: ({ key }) => s.moderation.setMuted(parseRef(key).key, false),
    async blocked() {
      return { blocked: await profiles(s.moderation.list.blocked), muted: await profiles(s.moderation.list.muted) }
    }
  }
}
