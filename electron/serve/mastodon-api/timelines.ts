// Mastodon's paging (max_id, since_id, min_id, limit, and the Link header) over the engine's cursor-paged
// views, through the Twitter subset's reader (twitter/timeline.ts): ids grow with the time the timeline
// places a status at, so "id < max_id", "id > since_id" and "id > min_id" select stretches of it.
//
// - max_id: older than it (exclusive); since_id: the newest `limit` newer than it; min_id: the `limit`
//   immediately newer than it (what a client asks for to fill a gap upwards). All newest first.
import { Continuations, readTimeline, type PageSource, type TimelineEntry } from '../twitter-api/timeline.js'
import type { MastodonParams } from './params.js'

export const DEFAULT_LIMIT = 20
export const MAX_LIMIT = 40
/** How far above min_id a reader walks to find the entries just above it. */
const MIN_ID_WALK = 1000

export interface PageQuery {
  limit: number
  maxId: bigint | null
  sinceId: bigint | null
  minId: bigint | null
}

export function pageQuery(params: MastodonParams, max = MAX_LIMIT, fallback = DEFAULT_LIMIT): PageQuery {
  const raw = params.string('limit')
  const n = raw !== undefined && /^\d{1,6}$/.test(raw) ? Number(raw) : fallback
  return {
    limit: Math.max(1, Math.min(max, n)),
    maxId: idParam(params.string('max_id')),
    sinceId: idParam(params.string('since_id')),
    minId: idParam(params.string('min_id'))
  }
}

/** A decimal id, or ignored (as Mastodon ignores one it cannot compare). */
export function idParam(value: string | undefined): bigint | null {
  return value !== undefined && /^\d{1,20}$/.test(value) ? BigInt(value) : null
}

export async function readPage(
  source: PageSource,
  timeline: string,
  query: PageQuery,
  opts: { excludeReplies?: boolean; keep?: (e: TimelineEntry) => boolean },
  idsOf: (refs: Array<{ uri: string; time: number }>) => Promise<number[]>,
  continuations: Continuations
): Promise<TimelineEntry[]> {
  const keep = opts.keep ?? (() => true)
  const maxId = query.maxId === null ? null : query.maxId - 1n
  if (query.minId !== null) {
    const above = await readTimeline(
      source, timeline,
      { count: MIN_ID_WALK, sinceId: query.minId, maxId, excludeReplies: opts.excludeReplies ?? false },
      idsOf, continuations
    )
    return above.filter(keep).slice(-query.limit)
  }
  // A filter may drop entries: read a little more, then cut.
  const count = opts.keep ? query.limit * 3 : query.limit
  const entries = await readTimeline(
    source, timeline,
    { count, sinceId: query.sinceId, maxId, excludeReplies: opts.excludeReplies ?? false },
    idsOf, continuations
  )
  return entries.filter(keep).slice(0, query.limit)
}

/**
 * Mastodon's Link header: rel="next" for older entries (max_id = the oldest id here), rel="prev" for newer
 * ones (min_id = the newest id here). `url` is the request's own URL; its other parameters are kept.
 */
export function linkHeader(url: URL, ids: readonly string[]): string | undefined {
  if (ids.length === 0) return undefined
  const link = (param: 'max_id' | 'min_id', id: string) => {
    const u = new URL(url.href)
    for (const p of ['max_id', 'min_id', 'since_id']) u.searchParams.delete(p)
    u.searchParams.set(param, id)
    return `<${u.href}>`
  }
  return `${link('max_id', ids.at(-1) as string)}; rel="next", ${link('min_id', ids[0] as string)}; rel="prev"`
}
