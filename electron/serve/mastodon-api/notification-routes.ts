// Notifications. Their ids come from the same store as status ids (twitter/ids.ts), from the time of each
// notification, so they are stable, ordered, and page with max_id, since_id and min_id like timelines.
// rstatus itself only marks notifications read; dismissing one, or clearing them all, is kept by this door
// (registry.ts), so a Mastodon client's choice does not change what the rstatus app shows.
import type { Notification } from '../../../shared/api/notifications.js'
import { notificationRef, type MastodonNotification } from './entities.js'
import { mastodonErrors } from './errors.js'
import { notificationType, type NotificationType } from './shapes.js'
import { answer, route, type Door, type Route, type RouteRequest } from './router.js'
import { linkHeader, pageQuery } from './timelines.js'

const TYPES: readonly NotificationType[] = ['mention', 'reblog', 'favourite', 'follow', 'quote']
const ENGINE_PAGE = 200
/** Notifications looked through for one answer: a filter (types, min_id) never walks further. */
const SCAN_LIMIT = 2000

interface Numbered {
  notification: Notification
  id: bigint
}

export function notificationRoutes(door: Door): Route[] {
  /** Newest first, with ids; dismissed and cleared ones left out. Walks until `enough` says stop. */
  const walk = async (enough: (found: Numbered[]) => boolean, keep: (n: Numbered) => boolean, floor: bigint | null = null): Promise<Numbered[]> => {
    const cleared = door.registry.clearedThrough === null ? null : BigInt(door.registry.clearedThrough)
    const dismissed = door.registry.dismissed
    const out: Numbered[] = []
    let cursor: string | undefined
    for (let seen = 0; seen < SCAN_LIMIT;) {
      const page = await door.api.call('notifications', { limit: ENGINE_PAGE, ...(cursor ? { cursor } : {}) })
      const ids = await door.ids.statusIds(page.items.map(notificationRef))
      for (const [i, notification] of page.items.entries()) {
        const id = BigInt(ids[i] as number)
        if ((cleared !== null && id <= cleared) || (floor !== null && id <= floor)) return out
        if (dismissed.has(String(id))) continue
        const n = { notification, id }
        if (keep(n)) out.push(n)
        if (enough(out)) return out
      }
      seen += page.items.length
      if (page.cursor === null || page.items.length === 0) return out
      cursor = page.cursor
    }
    return out
  }

  const typesOf = (r: RouteRequest): Set<NotificationType> => {
    const include = r.params.strings('types').filter((t): t is NotificationType => (TYPES as string[]).includes(t))
    const exclude = new Set(r.params.strings('exclude_types'))
    const asked = r.params.strings('types').length > 0 ? include : TYPES
    return new Set(asked.filter((t) => !exclude.has(t)))
  }

  const shape = (r: RouteRequest, list: Numbered[]): Promise<MastodonNotification[]> => {
    const b = door.builder(r.url)
    return Promise.all(list.map((n) => b.notification(n.notification, String(n.id))))
  }

  const find = async (id: string | undefined): Promise<Numbered> => {
    if (id === undefined || !/^\d{1,16}$/.test(id)) throw mastodonErrors.notFound()
    const found = await walk((list) => list.length > 0, (n) => n.id === BigInt(id))
    if (!found[0]) throw mastodonErrors.notFound()
    return found[0]
  }

  return [
    route('GET', /^\/api\/v1\/notifications$/, 'read', async (r) => {
      const q = pageQuery(r.params, 80, 15)
      const types = typesOf(r)
      const accountId = r.params.string('account_id')
      const keep = (n: Numbered) =>
        types.has(notificationType(n.notification.kind)) &&
        (accountId === undefined || n.notification.from.key === accountId) &&
        (q.maxId === null || n.id < q.maxId) &&
        (q.sinceId === null || n.id > q.sinceId) &&
        (q.minId === null || n.id > q.minId)
      // Below since_id / min_id nothing more can match: the walk stops there (ids fall as it goes).
      const found = await walk((list) => q.minId === null && list.length >= q.limit, keep, q.minId ?? q.sinceId)
      const list = q.minId === null ? found.slice(0, q.limit) : found.slice(-q.limit)
      const shown = await shape(r, list)
      const link = linkHeader(r.url, shown.map((n) => n.id))
      return answer(shown, link ? { headers: { Link: link } } : {})
    }),
    route('GET', /^\/api\/v1\/notifications\/(\d{1,16})$/, 'read', async (r) => (await shape(r, [await find(r.match[1])]))[0]),
    route('POST', /^\/api\/v1\/notifications\/clear$/, 'write', async () => {
      const [newest] = await walk((list) => list.length > 0, () => true)
      if (newest) door.registry.clearNotifications(String(newest.id))
      await door.api.call('markNotificationsRead', {})
      return {}
    }),
    route('POST', /^\/api\/v1\/notifications\/(\d{1,16})\/dismiss$/, 'write', async (r) => {
      const n = await find(r.match[1])
      door.registry.dismiss(String(n.id))
      return {}
    })
  ]
}
