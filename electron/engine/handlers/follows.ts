// The handlers of shared/api/follows.ts: following (the FeedWriter brings the replicas in line), a preview of
// a feed before following it, who to follow, and the sync state.
import type { follows } from '../../../shared/api/follows.js'
import { RstatusError } from '../../../shared/errors.js'
import { parseRef, type FeedKey } from '../../../shared/keys.js'
import { previewFeed } from '../replication/preview.js'
import type { Replication } from '../replication/replication.js'
import type { ViewStore } from '../views/worker.js'
import type { FeedWriter } from '../writer/feed-writer.js'
import type { AreaHandlers } from './api.js'

const PREVIEW_TIMEOUT = 8_000

export interface FollowServices {
  writer: Pick<FeedWriter, 'write'>
  views: Pick<ViewStore, 'identity' | 'following' | 'profile' | 'suggestions'>
  replication: Pick<Replication, 'openSparse' | 'syncState'>
  /** My feed, my identity and its devices: not to be followed. */
  myKeys(): Promise<FeedKey[]>
}

export function followHandlers(s: FollowServices): AreaHandlers<typeof follows> {
  const { views } = s
  return {
    async follow({ key }) {
      const feed = parseRef(key).key
      if ((await s.myKeys()).includes(feed)) throw new RstatusError('INVALID_INPUT', 'That is your own key; you cannot follow yourself')
      if (!(await views.following(views.identity)).includes(feed)) await s.writer.write({ type: 'follow', feed })
      return views.profile(feed)
    },
    async unfollow({ key }) {
      const feed = parseRef(key).key
      if ((await views.following(views.identity)).includes(feed)) await s.writer.write({ type: 'unfollow', feed })
      return { key: feed }
    },
    async following() {
      const keys = await views.following(views.identity)
      return Promise.all(keys.map((k) => views.profile(k)))
    },
    async preview({ key, limit = 20, timeout = PREVIEW_TIMEOUT }) {
      const feed = parseRef(key).key
      const sparse = await s.replication.openSparse(feed)
      try {
        return await previewFeed(sparse.core, feed, { limit, timeout, waitForPeer: () => sparse.waitForPeer(timeout) })
      } finally {
        await sparse.close()
      }
    },
    suggestions: ({ limit }) => views.suggestions(limit ?? 20),
    syncState: () => s.replication.syncState()
  }
}
