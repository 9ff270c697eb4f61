// Statuses: posting (with replies, media, a content warning, a poll and a quote), editing, reading one, its
// thread and its history, deleting, favourites, reblogs, pins and poll votes. rstatus statuses are public: a
// direct one is a private message (conversations.ts); unlisted or private, a poll with several answers or a
// schedule are refused with Mastodon's validation error rather than published without what the person asked
// for (docs/API.md, "What rstatus does not have yet").
import type { StatusView } from '../../../shared/api/shapes.js'
import type { AppGrant } from '../../engine/tokens/app-tokens.js'
import { isDirectUri, postDirect, readDirectStatus } from './conversations.js'
import { mastodonErrors } from './errors.js'
import { reblogObject } from './shapes.js'
import { answer, route, type Door, type Route, type RouteRequest } from './router.js'

const ID = '(\\d{1,16})'
const IDEMPOTENCY_TTL_MS = 60 * 60 * 1000
const MAX_IDEMPOTENCY_KEYS = 500
/** How far back unreblog looks for the person's own repost of a status. */
const REPOST_SEARCH_PAGES = 10
/** How many notifications favourited_by and reblogged_by look through. */
const NOTIFICATION_SCAN = 500

export function statusRoutes(door: Door): Route[] {
  const idempotent = new Map<string, { at: number; result: Promise<unknown> }>()

  const statusOf = async (id: string | undefined): Promise<StatusView> => {
    const uri = id !== undefined && /^\d{1,16}$/.test(id) ? await door.ids.statusUri(Number(id)) : null
    const status = uri === null || !uri.startsWith('rstatus://') ? null : await door.api.call('status', { uri })
    if (!status) throw mastodonErrors.notFound()
    return status
  }

  const post = async (r: RouteRequest): Promise<unknown> => {
    const p = r.params
    const visibility = p.string('visibility')
    if (visibility === 'direct') return postDirect(door, r, r.grant)
    if (visibility !== undefined && visibility !== '' && visibility !== 'public') {
      throw mastodonErrors.validation(`rstatus statuses are public: visibility "${visibility.slice(0, 20)}" is not supported yet`)
    }
    if (p.present('scheduled_at')) throw mastodonErrors.validation('scheduled statuses are not supported yet')
    const poll = p.anyNested('poll') ? pollParams(p) : undefined
    const quotedId = p.string('quoted_status_id')
    const quote = quotedId !== undefined && quotedId !== '' ? (await statusOf(quotedId)).uri : undefined
    const text = p.string('status') ?? ''
    const mediaIds = p.strings('media_ids')
    if (mediaIds.length > 4) throw mastodonErrors.validation('a status has at most 4 images')
    const media = mediaIds.map((id) => {
      const item = door.pending.get(id)
      if (!item) throw mastodonErrors.validation(`media ${id.slice(0, 30)} was not found: upload it again`)
      return item
    })
    const images = media.map((m) => ({ upload: m.upload, ...(m.description ? { alt: m.description } : {}) }))
    const replyId = p.string('in_reply_to_id')
    let status: StatusView
    if (replyId !== undefined && replyId !== '') {
      const parent = await statusOf(replyId)
      if (poll || quote) throw mastodonErrors.validation('a reply cannot carry a poll or a quote here: post it as a status of its own')
      status = await door.api.call('reply', { to: parent.uri, text, ...(images.length ? { images } : {}), ...warningParams(p) })
    } else {
      status = await door.api.call('post', { text, ...(images.length ? { images } : {}), ...warningParams(p), ...(poll ? { poll } : {}), ...(quote ? { quote } : {}) })
    }
    for (const m of media) door.pending.take(m.id)
    return door.builder(r.url).status(status)
  }

  /** The same Idempotency-Key from the same token within an hour answers the first result, posting once. */
  const withIdempotency = (r: RouteRequest, grant: AppGrant | null, fn: () => Promise<unknown>): Promise<unknown> => {
    const key = r.headers['idempotency-key']
    if (typeof key !== 'string' || key === '' || key.length > 200 || !grant) return fn()
    const now = Date.now()
    for (const [k, v] of idempotent) if (now - v.at > IDEMPOTENCY_TTL_MS) idempotent.delete(k)
    const slot = `${grant.id}\0${key}`
    const known = idempotent.get(slot)
    if (known) return known.result
    const result = fn()
    idempotent.set(slot, { at: now, result })
    result.catch(() => idempotent.delete(slot))
    while (idempotent.size > MAX_IDEMPOTENCY_KEYS) idempotent.delete(idempotent.keys().next().value as string)
    return result
  }

  const fresh = async (status: StatusView): Promise<StatusView> => (await door.api.call('status', { uri: status.uri })) ?? status

  /** The person's own repost of a status, found in the home timeline where it shows. */
  const myRepostOf = async (uri: string): Promise<string | null> => {
    const me = await door.me()
    let cursor: string | undefined
    for (let i = 0; i < REPOST_SEARCH_PAGES; i++) {
      const page = await door.api.call('timeline', { limit: 200, ...(cursor ? { cursor } : {}) })
      const found = page.items.find((s) => s.uri === uri && s.repostedBy && (s.repostedBy.key === me.key || s.repostedBy.key === me.device))
      if (found?.repostedBy) return found.repostedBy.uri
      if (page.cursor === null) return null
      cursor = page.cursor
    }
    return null
  }

  /** Who liked or reposted one of the person's statuses, as their notifications tell it. */
  const whoDid = async (r: RouteRequest, kind: 'like' | 'repost') => {
    const status = await statusOf(r.match[1])
    const keys = new Set<string>()
    let cursor: string | undefined
    for (let seen = 0; seen < NOTIFICATION_SCAN;) {
      const page = await door.api.call('notifications', { limit: 100, ...(cursor ? { cursor } : {}) })
      for (const n of page.items) if (n.kind === kind && n.subject === status.uri) keys.add(n.from.key)
      seen += page.items.length
      if (page.cursor === null || page.items.length === 0) break
      cursor = page.cursor
    }
    const b = door.builder(r.url)
    return Promise.all([...keys].map((k) => b.account(k)))
  }

  return [
    route('POST', /^\/api\/v1\/statuses$/, 'write', (r) => withIdempotency(r, r.grant, () => post(r))),
    route('GET', new RegExp(`^/api/v1/statuses/${ID}$`), 'read', async (r) => {
      const id = r.match[1] as string
      const uri = await door.ids.statusUri(Number(id))
      if (isDirectUri(uri)) return readDirectStatus(door, r, id, uri)
      return door.builder(r.url).status(await statusOf(id), id)
    }),
    route('DELETE', new RegExp(`^/api/v1/statuses/${ID}$`), 'write', async (r) => {
      const status = await statusOf(r.match[1])
      const shown = await door.builder(r.url).status(status, r.match[1])
      await door.api.call('delete', { uri: status.uri })
      // Mastodon answers the deleted status with its source text, for "delete and redraft".
      return { ...shown, text: status.text }
    }),
    route('GET', new RegExp(`^/api/v1/statuses/${ID}/context$`), 'read', async (r) => {
      const status = await statusOf(r.match[1])
      const thread = await door.api.call('thread', { uri: status.uri })
      const all = new Map<string, StatusView>()
      for (const s of [thread.root, ...thread.replies]) if (s) all.set(s.uri, s)
      const ancestors: StatusView[] = []
      for (let at = status.replyTo; at !== undefined && ancestors.length < 1000;) {
        const parent = all.get(at)
        if (!parent) break
        ancestors.unshift(parent)
        at = parent.replyTo
      }
      const inThread = new Set([status.uri])
      const descendants: StatusView[] = []
      for (const s of thread.replies) {
        if (s.replyTo !== undefined && inThread.has(s.replyTo)) {
          inThread.add(s.uri)
          descendants.push(s)
        }
      }
      const b = door.builder(r.url)
      return {
        ancestors: await Promise.all(ancestors.map((s) => b.status(s))),
        descendants: await Promise.all(descendants.map((s) => b.status(s)))
      }
    }),
    // Every version, oldest first; a status never edited has one, which is what Mastodon answers for it.
    route('GET', new RegExp(`^/api/v1/statuses/${ID}/history$`), 'read', async (r) => {
      const status = await statusOf(r.match[1])
      const shown = await door.builder(r.url).status(status, r.match[1])
      const versions = await door.api.call('history', { uri: status.uri })
      return versions.map((v, i) => ({
        content: i === versions.length - 1 ? shown.content : door.builder(r.url).html(v.text, status.mentions ?? []),
        spoiler_text: v.cw ?? '',
        sensitive: shown.sensitive,
        created_at: new Date(v.createdAt).toISOString(),
        account: shown.account,
        poll: null,
        media_attachments: shown.media_attachments,
        emojis: []
      }))
    }),
    route('GET', new RegExp(`^/api/v1/statuses/${ID}/source$`), 'read', async (r) => {
      const status = await statusOf(r.match[1])
      return { id: r.match[1], text: status.text, spoiler_text: status.cw ?? '' }
    }),
    route('PUT', new RegExp(`^/api/v1/statuses/${ID}$`), 'write', async (r) => {
      const status = await statusOf(r.match[1])
      const text = r.params.string('status')
      if (text === undefined) throw mastodonErrors.validation('status is missing')
      if (r.params.anyNested('poll')) throw mastodonErrors.validation('a poll cannot be changed by an edit')
      const edited = await door.api.call('edit', { uri: status.uri, text, ...warningParams(r.params) })
      return door.builder(r.url).status(edited, r.match[1])
    }),
    route('POST', new RegExp(`^/api/v1/statuses/${ID}/(pin|unpin)$`), 'write', async (r) => {
      const status = await statusOf(r.match[1])
      await door.api.call(r.match[2] === 'pin' ? 'pin' : 'unpin', { of: status.uri })
      return { ...(await door.builder(r.url).status(status, r.match[1])), pinned: r.match[2] === 'pin' }
    }),
    // A poll's id is its status's id (one poll per status).
    route('GET', new RegExp(`^/api/v1/polls/${ID}$`), 'read', async (r) => {
      const poll = (await door.builder(r.url).status(await statusOf(r.match[1]), r.match[1])).poll
      if (!poll) throw mastodonErrors.notFound()
      return poll
    }),
    route('POST', new RegExp(`^/api/v1/polls/${ID}/votes$`), 'write', async (r) => {
      const status = await statusOf(r.match[1])
      const choices = r.params.strings('choices')
      // Mastodon counts choices from 0; an rstatus vote names one choice, from 1.
      if (choices.length !== 1 || !/^\d$/.test(choices[0]!)) throw mastodonErrors.validation('choose exactly one option: rstatus polls take one answer')
      await door.api.call('vote', { of: status.uri, choice: Number(choices[0]) + 1 })
      const poll = (await door.builder(r.url).status(await fresh(status), r.match[1])).poll
      if (!poll) throw mastodonErrors.notFound()
      return poll
    }),
    route('POST', new RegExp(`^/api/v1/statuses/${ID}/(bookmark|unbookmark)$`), 'write', async (r) => {
      const status = await statusOf(r.match[1])
      await door.api.call(r.match[2] === 'bookmark' ? 'bookmark' : 'unbookmark', { uri: status.uri })
      return door.builder(r.url).status(status, r.match[1])
    }),
    route('POST', new RegExp(`^/api/v1/statuses/${ID}/favourite$`), 'write', async (r) => {
      const status = await statusOf(r.match[1])
      if (!status.likedByMe) await door.api.call('like', { of: status.uri })
      return door.builder(r.url).status(await fresh(status), r.match[1])
    }),
    route('POST', new RegExp(`^/api/v1/statuses/${ID}/unfavourite$`), 'write', async (r) => {
      const status = await statusOf(r.match[1])
      if (status.likedByMe) await door.api.call('unlike', { of: status.uri })
      return door.builder(r.url).status(await fresh(status), r.match[1])
    }),
    route('POST', new RegExp(`^/api/v1/statuses/${ID}/reblog$`), 'write', async (r) => {
      const status = await statusOf(r.match[1])
      const b = door.builder(r.url)
      if (status.repostedByMe) return b.status(status, r.match[1])
      const { uri } = await door.api.call('repost', { of: status.uri })
      const original = await b.status(await fresh(status), r.match[1])
      const me = await door.me()
      const createdAt = Date.now()
      const [id] = await door.ids.statusIds([{ uri, time: createdAt }])
      return reblogObject(original, { id: String(id), uri, createdAt, account: await b.account(me.key) })
    }),
    route('POST', new RegExp(`^/api/v1/statuses/${ID}/unreblog$`), 'write', async (r) => {
      const status = await statusOf(r.match[1])
      if (status.repostedByMe) {
        const repost = await myRepostOf(status.uri)
        if (repost) await door.api.call('delete', { uri: repost })
      }
      return door.builder(r.url).status(await fresh(status), r.match[1])
    }),
    route('GET', new RegExp(`^/api/v1/statuses/${ID}/favourited_by$`), 'read', (r) => whoDid(r, 'like')),
    route('GET', new RegExp(`^/api/v1/statuses/${ID}/reblogged_by$`), 'read', (r) => whoDid(r, 'repost')),
    // Lists of features that do not exist yet: empty, as for a Mastodon account that never used them.
    route('GET', /^\/api\/v1\/endorsements$/, 'read', async () => answer([]))
  ]
}


/** `spoiler_text` is rstatus's content warning; `sensitive` marks the images (Mastodon also sets it with a warning). */
function warningParams(p: RouteRequest['params']): { cw?: string; sensitive?: boolean } {
  const cw = (p.string('spoiler_text') ?? '').trim()
  return { ...(cw !== '' ? { cw } : {}), ...(p.flag('sensitive') ? { sensitive: true } : {}) }
}

const MIN_POLL_HOURS = 1
const MAX_POLL_HOURS = 168

/** Mastodon's poll[options][] and poll[expires_in] (seconds), as rstatus's choices and whole hours (1 to 168). */
function pollParams(p: RouteRequest['params']): { choices: string[]; hours: number } {
  const choices = p.nested('poll', 'options')
  const seconds = Number(p.nested('poll', 'expires_in')[0] ?? 86_400)
  if (p.nested('poll', 'multiple').some((v) => /^(true|1)$/i.test(v))) throw mastodonErrors.validation('rstatus polls take one answer: multiple is not supported')
  if (choices.length < 2 || choices.length > 4) throw mastodonErrors.validation('a poll has 2 to 4 options')
  if (!Number.isFinite(seconds) || seconds <= 0) throw mastodonErrors.validation('poll expires_in must be a number of seconds')
  return { choices, hours: Math.min(MAX_POLL_HOURS, Math.max(MIN_POLL_HOURS, Math.round(seconds / 3600))) }
}
