// The timelines: home (the person's and the people they follow, reposts as reblogs), a hashtag's, the
// public one, which on a peer is what it holds: the home timeline, and the person's bookmarks. A list's
// timeline is with the lists (lists.ts).
import type { PageSource } from '../twitter-api/timeline.js'
import { normalizeTag } from '../../../shared/protocol/text.js'
import { answer, route, type Door, type Route, type RouteRequest } from './router.js'
import { linkHeader, pageQuery, readPage } from './timelines.js'

export function timelineRoutes(door: Door): Route[] {
  const page = async (r: RouteRequest, name: string, source: PageSource) => {
    const entries = await readPage(source, name, pageQuery(r.params), {}, (refs) => door.ids.statusIds(refs), door.continuations)
    const statuses = await door.builder(r.url).entries(entries)
    const link = linkHeader(r.url, statuses.map((s) => s.id))
    return answer(statuses, link ? { headers: { Link: link } } : {})
  }
  // max_id seeks by time (twitter-api/timeline.ts): a page far back costs what the first page costs.
  const home: PageSource = (cursor, limit, before) =>
    door.api.call('timeline', { limit, ...(cursor ? { cursor } : {}), ...(before !== undefined ? { before } : {}) })
  return [
    route('GET', /^\/api\/v1\/timelines\/(home|public)$/, 'read', (r) => page(r, 'home', home)),
    // The latest bookmark first, one page: bookmarks are ordered by when they were made, which status ids
    // (a timeline's order) cannot page through.
    route('GET', /^\/api\/v1\/bookmarks$/, 'read', async (r) => {
      const { items } = await door.api.call('bookmarks', { limit: pageQuery(r.params).limit })
      const b = door.builder(r.url)
      const out = []
      for (const s of items) out.push(await b.status(s))
      return out
    }),
    route('GET', /^\/api\/v1\/timelines\/tag\/([^/]{1,300})$/, 'read', (r) => {
      const tag = normalizeTag(decodeURIComponent(r.match[1] as string)).slice(0, 100)
      return page(r, `tag:${tag}`, (cursor, limit, before) =>
        door.api.call('hashtag', { tag, limit, ...(cursor ? { cursor } : {}), ...(before !== undefined ? { before } : {}) })
      )
    })
  ]
}
