// The in-process transport of the RPC contract: one handler per method of shared/api.ts. Params are
// validated here too, so a direct caller gets the same checks as the MessagePort and WebSocket doors.
import type { Api, EventName, Events, MethodName, Params, Profile, Result, StatusView } from '../../shared/api.js'
import { parseParams } from '../../shared/api.js'
import { RstatusError } from '../../shared/errors.js'
import { feedUri, parseRef, parseStatusUri, statusUri, type FeedKey } from '../../shared/keys.js'
import { MAX_NAME_CHARS } from '../../shared/protocol/limits.js'
import type { Mention } from '../../shared/protocol/records.js'
import { mentionNamesOf } from '../../shared/protocol/text.js'
import type { Engine } from './engine.js'
import { attachImages, avatarFrom, createMediaHandlers, refuseAfterLeaving } from './media-handlers.js'
import { previewFeed } from './preview.js'
import { createSocialHandlers, FEED_WRITES } from './social-handlers.js'

type Handlers = { [M in MethodName]: (params: Params<M>) => Promise<Result<M>> }

const PREVIEW_TIMEOUT = 8_000

export function createApi(engine: Engine): Api {
  const handlers = createHandlers(engine)
  return {
    async call(method, params) {
      if (!Object.hasOwn(handlers, method)) throw new RstatusError('UNKNOWN_METHOD', `Unknown method "${String(method)}"`)
      const parsed = parseParams(method, params)
      await engine.ready()
      refuseAfterLeaving(engine, method)
      if (FEED_WRITES.has(method)) await engine.social.refuseIfRemoved()
      const handler = handlers[method] as (p: typeof parsed) => Promise<Result<typeof method>>
      return handler(parsed)
    },
    on<E extends EventName>(event: E, listener: (data: Events[E]) => void) {
      engine.events.on(event, listener)
      return () => void engine.events.off(event, listener)
    }
  }
}

function createHandlers(engine: Engine): Handlers {
  const views = () => engine.views

  async function appendStatus(text: string, reply?: { to: string; root: string }, images?: Params<'post'>['images']): Promise<StatusView> {
    const mentions = await resolveMentions(engine, text)
    const attachments = await attachImages(engine, text, images)
    const { seq } = await engine.ownFeed.append({
      type: 'status',
      text,
      ...(reply ? { replyTo: reply.to, root: reply.root } : {}),
      ...(mentions.length > 0 ? { mentions } : {}),
      ...(attachments.length > 0 ? { attachments } : {})
    })
    await engine.indexOwn()
    const view = await views().status(engine.key, seq)
    if (!view) throw new RstatusError('INTERNAL', 'The status was written but could not be read back')
    // A reply or mention reaches its addressee even when they do not follow this identity (the inbox).
    await engine.social.written(view).catch(() => {})
    return view
  }

  async function appendRef(type: 'repost' | 'like' | 'unlike', of: string): Promise<{ uri: string }> {
    const target = parseStatusUri(of)
    const { seq } = await engine.ownFeed.append({ type, of: statusUri(target.key, target.seq) })
    await engine.indexOwn()
    return { uri: statusUri(engine.key, seq) }
  }

  async function ownProfile(): Promise<Profile> {
    return views().profile(engine.key)
  }

  return {
    async whoami() {
      return { key: engine.identity, uri: feedUri(engine.identity), device: engine.key, profile: await ownProfile() }
    },
    post: ({ text, images }) => appendStatus(text, undefined, images),
    async reply({ to, text, images }) {
      const target = parseStatusUri(to)
      const uri = statusUri(target.key, target.seq)
      const parent = await views().status(target.key, target.seq)
      return appendStatus(text, { to: uri, root: parent?.root ?? uri }, images)
    },
    repost: ({ of }) => appendRef('repost', of),
    async unrepost({ of }) {
      const target = parseStatusUri(of)
      const mine = await views().repostsBy(engine.key, target.key, target.seq)
      if (mine.length === 0 && (await views().status(target.key, target.seq))?.repostedByMe) {
        throw new RstatusError('NOT_ALLOWED', 'A repost can be undone only on the device that made it')
      }
      const uris: string[] = []
      for (const seq of mine) {
        const written = await engine.ownFeed.append({ type: 'delete', of: statusUri(engine.key, seq) })
        uris.push(statusUri(engine.key, written.seq))
      }
      if (uris.length > 0) await engine.indexOwn()
      return { uris }
    },
    like: ({ of }) => appendRef('like', of),
    unlike: ({ of }) => appendRef('unlike', of),
    async delete({ uri }) {
      const target = parseStatusUri(uri)
      if (target.key !== engine.key && (await engine.social.myKeys()).includes(target.key)) {
        throw new RstatusError('NOT_ALLOWED', 'A status can be deleted only on the device that wrote it')
      }
      if (target.key !== engine.key) throw new RstatusError('NOT_ALLOWED', 'You can only delete your own statuses')
      if (target.seq >= engine.ownFeed.length) throw new RstatusError('NOT_FOUND', `No status at ${uri}`)
      const { seq } = await engine.ownFeed.append({ type: 'delete', of: statusUri(target.key, target.seq) })
      await engine.indexOwn()
      return { uri: statusUri(engine.key, seq) }
    },
    async follow({ key }) {
      const feed = parseRef(key).key
      if ((await engine.social.myKeys()).includes(feed)) throw new RstatusError('INVALID_INPUT', 'That is your own key; you cannot follow yourself')
      const following = await views().following(engine.identity)
      if (!following.includes(feed)) {
        await engine.ownFeed.append({ type: 'follow', feed })
        await engine.indexOwn()
        await engine.reconcileFollows()
      }
      return views().profile(feed)
    },
    async unfollow({ key }) {
      const feed = parseRef(key).key
      const following = await views().following(engine.identity)
      if (following.includes(feed)) {
        await engine.ownFeed.append({ type: 'unfollow', feed })
        await engine.indexOwn()
        await engine.reconcileFollows()
      }
      return { key: feed }
    },
    async following() {
      const keys = await views().following(engine.identity)
      return Promise.all(keys.map((k) => views().profile(k)))
    },
    async preview({ key, limit = 20, timeout = PREVIEW_TIMEOUT }) {
      const feed = parseRef(key).key
      const sparse = await engine.openSparse(feed)
      try {
        return await previewFeed(sparse.core, feed, { limit, timeout, waitForPeer: () => sparse.waitForPeer(timeout) })
      } finally {
        await sparse.close()
      }
    },
    timeline: (opts) => views().timeline(opts),
    profile: ({ key }) => views().profileView(parseRef(key).key),
    profileStatuses: ({ key, ...page }) => views().profileStatuses(parseRef(key).key, page),
    async status({ uri }) {
      const target = parseStatusUri(uri)
      return views().status(target.key, target.seq)
    },
    async thread({ uri }) {
      const target = parseStatusUri(uri)
      return views().thread(statusUri(target.key, target.seq))
    },
    mentions: (page) => views().mentions(page),
    hashtag: ({ tag, ...page }) => views().hashtag(tag, page),
    async search({ query, ...page }) {
      const [statuses, people] = await Promise.all([views().search(query, page), views().people(query, 10)])
      return { statuses, people }
    },
    people: ({ prefix, limit }) => views().people(prefix, limit),
    async setProfile({ name, bio, avatar }) {
      const current = await ownProfile()
      const nextName = (name ?? current.name ?? '').trim()
      if (!nextName) throw new RstatusError('INVALID_INPUT', 'Choose a display name first')
      if ([...nextName.normalize('NFC')].length > MAX_NAME_CHARS) {
        throw new RstatusError('INVALID_INPUT', `A display name can have at most ${MAX_NAME_CHARS} characters`)
      }
      const picture = await avatarFrom(engine, avatar, current.avatar)
      await engine.ownFeed.append({ type: 'profile', name: nextName, bio: (bio ?? current.bio).trim(), ...(picture ? { avatar: picture } : {}) })
      await engine.indexOwn()
      return ownProfile()
    },
    notifications: (page) => views().notifications(page),
    markNotificationsRead: () => views().markNotificationsRead(Date.now()),
    syncState: () => engine.syncState(),
    appTokens: async () => engine.appTokens.list(),
    createAppToken: async ({ name, readOnly }) => engine.appTokens.create(name, { readOnly: readOnly ?? false }),
    revokeAppToken: async ({ name }) => engine.appTokens.revoke(name),
    exportIdentity: async () => engine.exportIdentity(),
    ...createMediaHandlers(engine),
    ...createSocialHandlers(engine)
  }
}

/** "@alice" becomes a mention when alice is a unique known name, or when the text names a key directly. */
async function resolveMentions(engine: Engine, text: string): Promise<Mention[]> {
  const mentions: Mention[] = []
  for (const name of mentionNamesOf(text)) {
    let key: FeedKey | null = null
    try {
      key = parseRef(name).key
    } catch {
      const matches = (await engine.views.people(name, 5)).filter((p) => p.name?.toLowerCase() === name.toLowerCase())
      if (matches.length === 1) key = matches[0]!.key
    }
    if (key && !mentions.some((m) => m.key === key)) mentions.push({ key, name })
  }
  return mentions.slice(0, 20)
}
