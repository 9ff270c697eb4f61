// The handlers of shared/api/media.ts: uploads in pieces, an image's bytes, and what is stored here.
import type { FeedStorage, media } from '../../../shared/api/media.js'
import { RstatusError } from '../../../shared/errors.js'
import { parseKey, parseRef, type FeedKey } from '../../../shared/keys.js'
import type { Media } from '../media/media.js'
import type { Replication } from '../replication/replication.js'
import type { ViewStore } from '../views/worker.js'
import type { OwnFeed } from '../writer/own-feed.js'
import type { AreaHandlers } from './api.js'

export interface MediaServices {
  own: Pick<OwnFeed, 'key'>
  media: Pick<Media, 'uploads' | 'read' | 'cache' | 'ownBytes'>
  replication: Pick<Replication, 'feedBytes'>
  views: Pick<ViewStore, 'profile'>
}

export function mediaHandlers(s: MediaServices): AreaHandlers<typeof media> {
  return {
    async uploadBegin({ size }) {
      return { upload: s.media.uploads.begin(size) }
    },
    async uploadChunk({ upload, offset, data }) {
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(data) || data.length % 4 !== 0) {
        throw new RstatusError('INVALID_INPUT', 'data must be base64')
      }
      return { received: s.media.uploads.chunk(upload, offset, Buffer.from(data, 'base64')) }
    },
    async blob({ feed, blobs, blob, timeout }) {
      const bytes = await s.media.read(parseRef(feed).key, parseKey(blobs), blob, timeout ? { timeout } : {})
      return { data: bytes.toString('base64') }
    },
    async storage() {
      const cached = s.media.cache.usageByFeed()
      const held = await s.replication.feedBytes()
      const keys = [...new Set<FeedKey>([...held.map((h) => h.key), ...cached.keys()])]
      const feeds: FeedStorage[] = []
      for (const key of keys) {
        const profile = await s.views.profile(key)
        const isMe = key === s.own.key
        feeds.push({
          key,
          name: profile.name,
          isMe,
          feedBytes: held.find((h) => h.key === key)?.bytes ?? 0,
          mediaBytes: isMe ? s.media.ownBytes : (cached.get(key) ?? 0)
        })
      }
      feeds.sort((a, b) => Number(b.isMe) - Number(a.isMe) || b.feedBytes + b.mediaBytes - (a.feedBytes + a.mediaBytes))
      return { feeds, mediaCache: { usedBytes: s.media.cache.usedBytes, capBytes: s.media.cache.capBytes } }
    }
  }
}
