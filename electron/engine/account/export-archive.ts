// The export archive (docs/EXPORT.md): the user's live statuses and reposts with their links and dates, the
// profile and the public follow list, read from the own feed's blocks, so it says exactly what the feed
// says. Images are referenced by their place in the blobs core; the CLI can embed their bytes.
import { ARCHIVE_FORMAT, ARCHIVE_VERSION, type ArchivedStatus, type ExportArchive } from '../../../shared/archive.js'
import { feedUri, parseStatusUri, statusUri } from '../../../shared/keys.js'
import type { Media } from '../media/media.js'
import type { ViewStore } from '../views/worker.js'
import type { OwnFeed } from '../writer/own-feed.js'
import { ownRecords } from './own-records.js'

export interface ExportServices {
  own: Pick<OwnFeed, 'key' | 'core'>
  views: Pick<ViewStore, 'profile' | 'following'>
  media: Pick<Media, 'ownKey'>
  /** Bookmarks, lists and drafts, or null when this device cannot read them yet. */
  privateData(): ExportArchive['private'] | null
}

export async function buildExport(s: ExportServices, now = Date.now()): Promise<ExportArchive> {
  const feed = s.own.key
  const core = s.own.core
  const statuses = new Map<number, ArchivedStatus>()
  const reposts = new Map<number, { uri: string; of: string; createdAt: number }>()
  const deleted = new Set<number>()
  for await (const { seq, record: r } of ownRecords(feed, core)) {
    const uri = statusUri(feed, seq)
    if (r.type === 'status') {
      statuses.set(seq, {
        uri,
        seq,
        text: r.text,
        createdAt: r.createdAt,
        ...(r.replyTo ? { replyTo: r.replyTo, root: r.root ?? r.replyTo } : {}),
        ...(r.mentions ? { mentions: r.mentions } : {}),
        ...(r.attachments ? { attachments: r.attachments } : {}),
        ...(r.source ? { source: r.source } : {})
      })
    } else if (r.type === 'repost') {
      reposts.set(seq, { uri, of: r.of, createdAt: r.createdAt })
    } else if (r.type === 'delete') {
      const target = parseStatusUri(r.of)
      if (target.key === feed) deleted.add(target.seq)
    }
  }
  const profile = await s.views.profile(feed)
  const privateData = s.privateData()
  return {
    format: ARCHIVE_FORMAT,
    version: ARCHIVE_VERSION,
    exportedAt: now,
    key: feed,
    uri: feedUri(feed),
    blobs: s.media.ownKey,
    profile: {
      name: profile.name,
      bio: profile.bio,
      ...(profile.avatar ? { avatar: profile.avatar } : {}),
      ...(profile.left ? { left: true } : {})
    },
    following: await s.views.following(feed),
    statuses: [...statuses.values()].filter((s) => !deleted.has(s.seq)),
    reposts: [...reposts.entries()].filter(([seq]) => !deleted.has(seq)).map(([, r]) => r),
    ...(privateData ? { private: privateData } : {})
  }
}
