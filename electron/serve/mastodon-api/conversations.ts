// Private conversations through the Mastodon door: `/api/v1/conversations` (Mastodon's Conversation entity),
// direct statuses (`POST /api/v1/statuses` with `visibility=direct`, sent as a message, never published), and
// a direct status read back by its id. Everything here calls the engine through `door.apiFor(grant)`, so an
// app without the person's grant of their messages is refused by the contract's scope table.
//
// A direct status's id comes from the same id store as every status, under `rstatus-dm:<conversation>/<message>`:
// ids grow with the time a message says it was written, so conversations page by their last status's id, as
// Mastodon pages them.
import type { Api } from '../../../shared/api/contract.js'
import { isRstatusError } from '../../../shared/errors.js'
import { parseRef, type FeedKey } from '../../../shared/keys.js'
import type { DmConversation, DmMessage } from '../../../shared/messages.js'
import { mentionNamesOf, parseText } from '../../../shared/protocol/text.js'
import type { AppGrant } from '../../engine/tokens/app-tokens.js'
import { statusHtml } from './content.js'
import { mastodonErrors, MastodonError } from './errors.js'
import { statusObject, type MastodonStatus } from './shapes.js'
import { answer, route, type Door, type Route, type RouteRequest } from './router.js'
import { linkHeader, pageQuery } from './timelines.js'

const DIRECT_PREFIX = 'rstatus-dm:'
const CONVERSATION = '([a-z0-9]{26})'
/** Recipients a direct status may name: a conversation's members but oneself. */
const MAX_RECIPIENTS = 31

export interface MastodonConversation {
  id: string
  unread: boolean
  accounts: MastodonStatus['account'][]
  last_status: MastodonStatus | null
}

export function isDirectUri(uri: string | null): uri is string {
  return uri !== null && uri.startsWith(DIRECT_PREFIX)
}

function directUri(conversation: string, message: string): string {
  return `${DIRECT_PREFIX}${conversation}/${message}`
}

function parseDirectUri(uri: string): { conversation: string; message: string } | null {
  const m = /^rstatus-dm:([a-z0-9]{26})\/(.+)$/.exec(uri)
  return m ? { conversation: m[1] as string, message: m[2] as string } : null
}

/** A message's status id, assigned now if it has none (from the time it says it was written, never the future). */
async function directId(door: Door, conversation: string, m: DmMessage): Promise<string> {
  return String((await door.ids.statusIds([{ uri: directUri(conversation, m.id), time: Math.min(m.createdAt, Date.now()) }]))[0])
}

export function conversationRoutes(door: Door): Route[] {
  const conversationEntity = async (r: RouteRequest, me: FeedKey, c: DmConversation & { last: DmMessage }, lastId: string): Promise<MastodonConversation> => {
    const b = door.builder(r.url)
    return {
      id: c.id,
      unread: c.unread > 0,
      accounts: await Promise.all(c.members.filter((k) => k !== me).map((k) => b.account(k))),
      last_status: await directStatusEntity(door, r, c.members, c.last, lastId)
    }
  }

  /** The conversations a Mastodon app lists: those with a message to show, not removed since it came. */
  const listed = async (api: Api): Promise<Array<{ c: DmConversation & { last: DmMessage }; id: bigint }>> => {
    const hidden = door.registry.hiddenConversations
    const shown = (await api.call('dmList', {})).filter((c): c is DmConversation & { last: DmMessage } => c.last !== null && hidden[c.id] !== c.last.id)
    const ids = await door.ids.statusIds(shown.map((c) => ({ uri: directUri(c.id, c.last.id), time: Math.min(c.last.createdAt, Date.now()) })))
    return shown.map((c, i) => ({ c, id: BigInt(ids[i] as number) })).sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0))
  }

  const one = async (api: Api, id: string): Promise<DmConversation & { last: DmMessage | null }> => {
    const found = (await api.call('dmList', {})).find((c) => c.id === id)
    if (!found) throw mastodonErrors.notFound()
    return found
  }

  return [
    route('GET', /^\/api\/v1\/conversations$/, 'read', async (r) => {
      const api = door.apiFor(r.grant)
      const q = pageQuery(r.params)
      let rows = await listed(api)
      if (q.maxId !== null) rows = rows.filter((x) => x.id < (q.maxId as bigint))
      if (q.sinceId !== null) rows = rows.filter((x) => x.id > (q.sinceId as bigint))
      if (q.minId !== null) rows = rows.filter((x) => x.id > (q.minId as bigint)).slice(-q.limit)
      rows = rows.slice(0, q.limit)
      const me = (await door.me()).key
      const out = await Promise.all(rows.map((x) => conversationEntity(r, me, x.c, String(x.id))))
      const link = linkHeader(r.url, rows.map((x) => String(x.id)))
      return answer(out, link ? { headers: { Link: link } } : {})
    }),
    route('DELETE', new RegExp(`^/api/v1/conversations/${CONVERSATION}$`), 'write', async (r) => {
      // Mastodon removes it from the person's list; rstatus keeps every message and hides it from Mastodon apps
      // until a newer message comes. Asking the engine first keeps the grant's check and the 404 in one place.
      const c = await one(door.apiFor(r.grant), r.match[1] as string)
      if (c.last) door.registry.hideConversation(c.id, c.last.id)
      return {}
    }),
    route('POST', new RegExp(`^/api/v1/conversations/${CONVERSATION}/read$`), 'write', async (r) => {
      const api = door.apiFor(r.grant)
      const id = r.match[1] as string
      await one(api, id)
      await api.call('dmRead', { conversation: id, limit: 1, markRead: true })
      const c = await one(api, id)
      if (!c.last) throw mastodonErrors.notFound()
      const me = (await door.me()).key
      const last = c.last
      return conversationEntity(r, me, { ...c, last }, await directId(door, c.id, last))
    })
  ]
}

/** GET /api/v1/statuses/:id for a direct status: the holder's own copy of the message, never marking it read. */
export async function readDirectStatus(door: Door, r: RouteRequest, id: string, uri: string): Promise<MastodonStatus> {
  const where = parseDirectUri(uri)
  if (!where) throw mastodonErrors.notFound()
  const api = door.apiFor(r.grant)
  const c = (await api.call('dmList', {})).find((x) => x.id === where.conversation)
  const m = c ? (await api.call('dmRead', { conversation: where.conversation, markRead: false })).find((x) => x.id === where.message) : undefined
  if (!c || !m) throw mastodonErrors.notFound()
  return directStatusEntity(door, r, c.members, m, id)
}

/** A message as Mastodon shows a direct status: mentioning the other members, visible to them only. */
async function directStatusEntity(door: Door, r: RouteRequest, members: readonly FeedKey[], m: DmMessage, id: string): Promise<MastodonStatus> {
  const b = door.builder(r.url)
  const [account, mentions] = await Promise.all([b.account(m.from), Promise.all(members.filter((k) => k !== m.from).map((k) => b.account(k)))])
  const status = statusObject(
    {
      status: {
        uri: directUri(m.conversation, m.id), feed: m.device, seq: 0, type: 'status', text: m.text, createdAt: m.createdAt, sortAt: m.createdAt,
        author: { key: m.from, name: null }, counts: { likes: 0, reposts: 0, replies: 0, quotes: 0 }, likedByMe: false, repostedByMe: false
      },
      id, account, inReplyTo: null, mentions, media: []
    },
    b.links
  )
  return { ...status, url: null, visibility: 'direct', content: statusHtml(m.text, [], b.links) }
}

/**
 * POST /api/v1/statuses with visibility=direct: a message to the people the text @mentions (a key, or a name
 * one known person has), or into the conversation of the direct status it replies to. The leading @mentions
 * are the address, as a Mastodon client writes it, and are not part of the message. Refused (422) when
 * someone named cannot be messaged; never published.
 */
export async function postDirect(door: Door, r: RouteRequest, grant: AppGrant | null): Promise<MastodonStatus> {
  const p = r.params
  const api = door.apiFor(grant)
  if (p.anyNested('poll') || p.present('scheduled_at') || (p.string('quoted_status_id') ?? '') !== '') {
    throw mastodonErrors.validation('a direct message carries text and images only')
  }
  if ((p.string('spoiler_text') ?? '') !== '') throw mastodonErrors.validation('a direct message has no content warning')
  const written = p.string('status') ?? ''
  const me = await door.me()
  let to: string[]
  const replyId = p.string('in_reply_to_id')
  const replyUri = replyId && /^\d{1,16}$/.test(replyId) ? await door.ids.statusUri(Number(replyId)) : null
  const replyTo = replyUri !== null && isDirectUri(replyUri) ? parseDirectUri(replyUri) : null
  if (replyTo) to = [replyTo.conversation]
  else {
    const keys = new Set<FeedKey>()
    for (const name of mentionNamesOf(written)) {
      const key = await resolveName(api, name)
      if (key === null) throw mastodonErrors.validation(`@${name.slice(0, 60)} is not someone rstatus knows: mention people by their key`)
      if (key !== me.key) keys.add(key)
    }
    if (keys.size === 0) throw mastodonErrors.validation('a direct message needs the @mention of someone to send it to')
    if (keys.size > MAX_RECIPIENTS) throw mastodonErrors.validation(`a conversation has at most ${MAX_RECIPIENTS + 1} people`)
    to = [...keys]
  }
  const text = withoutAddress(written)
  const mediaIds = p.strings('media_ids')
  const media = mediaIds.map((id) => {
    const item = door.pending.get(id)
    if (!item) throw mastodonErrors.validation(`media ${id.slice(0, 30)} was not found: upload it again`)
    return item
  })
  const images = media.map((m) => ({ upload: m.upload, ...(m.description ? { alt: m.description } : {}) }))
  let sent: { conversation: string; message: string }
  try {
    sent = await api.call('dmSend', { to, text, ...(images.length ? { images } : {}) })
  } catch (err) {
    // Someone who cannot be messaged yet, or a conversation this identity is not in: the person's to fix.
    if (!(err instanceof MastodonError) && isRstatusError(err) && (err.code === 'NOT_FOUND' || err.code === 'NOT_ALLOWED')) {
      throw mastodonErrors.validation(err.message.charAt(0).toLowerCase() + err.message.slice(1))
    }
    throw err
  }
  for (const m of media) door.pending.take(m.id)
  const messages = await api.call('dmRead', { conversation: sent.conversation, markRead: false, limit: 50 })
  const m = messages.find((x) => x.id === sent.message)
  const c = (await api.call('dmList', {})).find((x) => x.id === sent.conversation)
  if (!m || !c) throw mastodonErrors.internal()
  return directStatusEntity(door, r, c.members, m, await directId(door, c.id, m))
}

async function resolveName(api: Api, name: string): Promise<FeedKey | null> {
  try {
    return parseRef(name).key
  } catch {
    // not a key: a name, which must be one known person's
    const people = (await api.call('people', { prefix: name, limit: 5 })).filter((p) => p.name?.toLowerCase() === name.toLowerCase())
    return people.length === 1 ? (people[0] as { key: FeedKey }).key : null
  }
}

/** The text without its leading @mentions (and a trailing @host a client adds to each), as a Mastodon client addresses a message. */
function withoutAddress(text: string): string {
  let rest = text
  for (;;) {
    const trimmed = rest.replace(/^\s+/, '')
    const first = parseText(trimmed)[0]
    if (!first || first.kind !== 'mention' || !trimmed.startsWith(first.text)) return trimmed
    rest = trimmed.slice(first.text.length).replace(/^@[A-Za-z0-9.:[\]-]+/, '')
  }
}
