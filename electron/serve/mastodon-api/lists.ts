// Lists (docs/API.md, "Lists"): the person's private lists (docs/PROTOCOL.md "Private data") as Mastodon's
// List entity, their members as accounts, and each list's timeline.
//
// A list is known by its name, so its id is derived from the name: the same on every device of the
// identity and after every restart, with no table to keep. Renaming a list (PUT with a new title) therefore
// gives it a new id, which the answer carries.
import { createHash } from 'node:crypto'
import type { ListSummary } from '../../../shared/api/private-data.js'
import type { FeedKey } from '../../../shared/keys.js'
import type { PageSource } from '../twitter-api/timeline.js'
import { keyOf } from './accounts.js'
import { mastodonErrors } from './errors.js'
import { answer, route, type Door, type Route, type RouteRequest } from './router.js'
import { linkHeader, pageQuery, readPage } from './timelines.js'

const LIST_ID = '(\\d{1,20})'
const KEY = '([A-Za-z0-9]{52}|[0-9a-fA-F]{64})'
const ACCOUNTS_DEFAULT = 40
const ACCOUNTS_MAX = 80
const MAX_TITLE_CHARS = 200

export interface MastodonList {
  id: string
  title: string
  /** rstatus shows every status of a list's members, replies included: Mastodon's "list". */
  replies_policy: 'list'
  exclusive: false
}

/** A decimal id from the name's SHA-256 (48 bits: no collision among one person's lists in practice). */
export function listId(name: string): string {
  return createHash('sha256').update(name, 'utf8').digest().readUIntBE(0, 6).toString()
}

export function listObject(list: Pick<ListSummary, 'name'>): MastodonList {
  return { id: listId(list.name), title: list.name, replies_policy: 'list', exclusive: false }
}

export function listRoutes(door: Door): Route[] {
  const all = () => door.api.call('lists', {})
  const byId = async (id: string | undefined): Promise<ListSummary> => {
    const found = (await all()).find((l) => listId(l.name) === id)
    if (!found) throw mastodonErrors.notFound()
    return found
  }
  const title = (r: RouteRequest): string => {
    const t = (r.params.string('title') ?? '').trim()
    if (t === '') throw mastodonErrors.validation("Title can't be blank")
    if ([...t].length > MAX_TITLE_CHARS) throw mastodonErrors.validation(`Title is too long (maximum is ${MAX_TITLE_CHARS} characters)`)
    return t
  }
  const accountIds = (r: RouteRequest): FeedKey[] => {
    const ids = r.params.strings('account_ids')
    if (ids.length === 0) throw mastodonErrors.validation("Account can't be blank")
    return ids.map((id) => keyOf(id))
  }

  return [
    route('GET', /^\/api\/v1\/lists$/, 'read', async () => (await all()).map(listObject)),
    route('POST', /^\/api\/v1\/lists$/, 'write', async (r) => {
      const name = title(r)
      if ((await all()).some((l) => l.name === name)) throw mastodonErrors.validation('Title has already been taken')
      return listObject(await door.api.call('listCreate', { name }))
    }),
    route('GET', new RegExp(`^/api/v1/lists/${LIST_ID}$`), 'read', async (r) => listObject(await byId(r.match[1]))),
    route('PUT', new RegExp(`^/api/v1/lists/${LIST_ID}$`), 'write', async (r) => {
      const list = await byId(r.match[1])
      // Only the title can change (replies_policy and exclusive have one value here).
      if (!r.params.has('title')) return listObject(list)
      const name = title(r)
      if (name === list.name) return listObject(list)
      if ((await all()).some((l) => l.name === name)) throw mastodonErrors.validation('Title has already been taken')
      // A rename is a new list with the same members, then the old one's deletion: the private store
      // knows lists by name. The new list is whole before the old one goes, so nothing is lost midway.
      await door.api.call('listCreate', { name })
      for (const key of list.members) await door.api.call('listAdd', { name, key })
      await door.api.call('listDelete', { name: list.name })
      return listObject({ name })
    }),
    route('DELETE', new RegExp(`^/api/v1/lists/${LIST_ID}$`), 'write', async (r) => {
      await door.api.call('listDelete', { name: (await byId(r.match[1])).name })
      return {}
    }),
    route('GET', new RegExp(`^/api/v1/lists/${LIST_ID}/accounts$`), 'read', async (r) => {
      const { members } = await byId(r.match[1])
      // Mastodon: limit 40, at most 80, and 0 for every member; pages go by max_id, an account id.
      const raw = r.params.string('limit')
      const asked = raw !== undefined && /^\d{1,4}$/.test(raw) ? Number(raw) : ACCOUNTS_DEFAULT
      const limit = asked === 0 ? members.length : Math.min(ACCOUNTS_MAX, asked)
      const after = r.params.string('max_id')
      const start = after === undefined ? 0 : members.indexOf(after as FeedKey) + 1
      const slice = members.slice(start, start + limit)
      const b = door.builder(r.url)
      const accounts = await Promise.all(slice.map((k) => b.account(k)))
      if (start + limit >= members.length || slice.length === 0) return accounts
      const next = new URL(r.url.href)
      next.searchParams.set('max_id', slice.at(-1) as string)
      return answer(accounts, { headers: { Link: `<${next.href}>; rel="next"` } })
    }),
    route('POST', new RegExp(`^/api/v1/lists/${LIST_ID}/accounts$`), 'write', async (r) => {
      const list = await byId(r.match[1])
      const keys = accountIds(r)
      if (keys.some((k) => list.members.includes(k))) throw mastodonErrors.validation('Account has already been taken')
      for (const key of keys) await door.api.call('listAdd', { name: list.name, key })
      return {}
    }),
    route('DELETE', new RegExp(`^/api/v1/lists/${LIST_ID}/accounts$`), 'write', async (r) => {
      const list = await byId(r.match[1])
      for (const key of accountIds(r)) await door.api.call('listRemove', { name: list.name, key })
      return {}
    }),
    route('GET', new RegExp(`^/api/v1/accounts/${KEY}/lists$`), 'read', async (r) => {
      const key = keyOf(r.match[1])
      return (await all()).filter((l) => l.members.includes(key)).map(listObject)
    }),
    route('GET', new RegExp(`^/api/v1/timelines/list/${LIST_ID}$`), 'read', async (r) => {
      const { name } = await byId(r.match[1])
      const source: PageSource = (cursor, limit) => door.api.call('listTimeline', { name, limit, ...(cursor ? { cursor } : {}) })
      // The timeline's name keys the paging's continuations: the id changes with the name, so it is enough.
      const entries = await readPage(source, `list:${listId(name)}`, pageQuery(r.params), {}, (refs) => door.ids.statusIds(refs), door.continuations)
      const statuses = await door.builder(r.url).entries(entries)
      const link = linkHeader(r.url, statuses.map((s) => s.id))
      return answer(statuses, link ? { headers: { Link: link } } : {})
    })
  ]
}
