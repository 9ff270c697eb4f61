// The handlers of shared/api/profile.ts: who I am, profiles and their statuses, changing mine, people by name.
import type { profile } from '../../../shared/api/profile.js'
import { RstatusError } from '../../../shared/errors.js'
import { parseHandle } from '../../../shared/handle.js'
import { feedUri, parseRef, type FeedKey } from '../../../shared/keys.js'
import { MAX_NAME_CHARS } from '../../../shared/protocol/limits.js'
import type { Handles } from '../handles/handles.js'
import type { ViewStore } from '../views/worker.js'
import type { FeedWriter } from '../writer/feed-writer.js'
import type { OwnFeed } from '../writer/own-feed.js'
import type { AreaHandlers } from './api.js'
import { avatarFrom, type ImageServices } from './images.js'

export interface ProfileServices extends ImageServices {
  own: Pick<OwnFeed, 'key'>
  /** This device's network key (replication/peer-key.ts), z-base-32. */
  peer: FeedKey
  writer: Pick<FeedWriter, 'write' | 'check'>
  views: Pick<ViewStore, 'identity' | 'profile' | 'profileView' | 'profileStatuses' | 'people'>
  /** When a feed began (its first record's createdAt), if this peer holds that block. */
  startedAt(key: FeedKey): Promise<number | undefined>
  handles: Pick<Handles, 'mark' | 'markChecked' | 'resolve' | 'checks' | 'setChecks'>
}

export function profileHandlers(s: ProfileServices): AreaHandlers<typeof profile> {
  const { views } = s
  const ownProfile = () => views.profile(s.own.key)
  return {
    async whoami({ waitForHandle }) {
      const own = await ownProfile()
      const profile = waitForHandle === undefined ? s.handles.mark(own) : await s.handles.markChecked(own, waitForHandle)
      return { key: views.identity, uri: feedUri(views.identity), device: s.own.key, peer: s.peer, profile }
    },
    async profile({ key }) {
      const view = s.handles.mark(await views.profileView(parseRef(key).key))
      const createdAt = await s.startedAt(view.key)
      return createdAt === undefined ? view : { ...view, createdAt }
    },
    profileStatuses: ({ key, ...page }) => views.profileStatuses(parseRef(key).key, page),
    async setProfile({ name, bio, avatar, handle }) {
      const current = await ownProfile()
      const nextName = (name ?? current.name ?? '').trim()
      if (!nextName) throw new RstatusError('INVALID_INPUT', 'Choose a display name first')
      if ([...nextName.normalize('NFC')].length > MAX_NAME_CHARS) {
        throw new RstatusError('INVALID_INPUT', `A display name can have at most ${MAX_NAME_CHARS} characters`)
      }
      const claim = handle === undefined ? current.handle : handle.trim() === '' ? undefined : parseHandle(handle)
      const picture = await avatarFrom(s, avatar, current.avatar)
      await s.writer.write({
        type: 'profile',
        name: nextName,
        bio: (bio ?? current.bio).trim(),
        ...(picture ? { avatar: picture } : {}),
        ...(claim ? { handle: claim } : {})
      })
      return s.handles.mark(await ownProfile())
    },
    resolveHandle: ({ handle }) => s.handles.resolve(handle),
    handleSettings: async () => ({ checks: s.handles.checks }),
    async setHandleChecks({ on }) {
      s.handles.setChecks(on)
      return { checks: s.handles.checks }
    },
    people: ({ prefix, limit }) => views.people(prefix, limit)
  }
}
