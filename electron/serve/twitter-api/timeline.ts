// Twitter's timeline paging (count, since_id, max_id) over the engine's cursor-paged views. Ids grow with
// the time the timeline places a status at (ids.ts), so "id ≤ max_id" and "id > since_id" select a stretch
// of the timeline, as on Twitter. A page costs the same however deep it is: an id is at least its time × 2048,
// so every entry with an id ≤ max_id is placed at or before max_id / 2048 ms, and a timeline ordered by time
// (home, mentions, an author's statuses, a hashtag) starts there, one seek away. A source that cannot seek by
// time (a list's timeline) continues from where the client's last page ended (the engine cursor is
// remembered), and skips, without giving them ids, the statuses placed after that time.
import type { ProfileView } from '../../../shared/api/profile.js'
import type { Page, StatusView } from '../../../shared/api/shapes.js'
import type { FeedKey } from '../../../shared/keys.js'
import { isRstatusError } from '../../../shared/errors.js'
import { MAX_CLOCK_SKEW_MS } from '../../../shared/protocol/limits.js'
import { baseId, IDS_PER_MS } from './ids.js'

/** One engine page: from `cursor`, or, without one, from what is placed at or before `before` ms if the timeline can seek by time. */
export type PageSource = (cursor: string | undefined, limit: number, before?: number) => Promise<Page<StatusView>>

export interface TimelineQuery {
  count: number
  sinceId: bigint | null
  maxId: bigint | null
  excludeReplies: boolean
}

export interface TimelineEntry {
  status: StatusView
  /** The Twitter id of the entry: the status's, or for a repost the repost record's. */
  id: number
}

export const DEFAULT_COUNT = 20
export const MAX_COUNT = 200
const ENGINE_PAGE = 200

/** What an entry's id is made from: a status is placed by its sortAt; a repost entry by the repost's time. */
export function entryRef(s: StatusView, now = Date.now()): { uri: string; time: number } {
  if (s.repostedBy) return { uri: s.repostedBy.uri, time: s.repostedBy.sortAt ?? Math.min(s.repostedBy.createdAt, now + MAX_CLOCK_SKEW_MS) }
  return { uri: s.uri, time: s.sortAt }
}

/** The engine cursors where recent pages ended, by timeline and max_id; the oldest are forgotten first. */
export class Continuations {
  private readonly map = new Map<string, string>()

  constructor(private readonly max = 512) {}

  get(key: string): string | undefined {
    const v = this.map.get(key)
    if (v !== undefined) {
      this.map.delete(key)
      this.map.set(key, v)
    }
    return v
  }

  set(key: string, cursor: string): void {
    this.map.delete(key)
    this.map.set(key, cursor)
    if (this.map.size > this.max) this.map.delete(this.map.keys().next().value as string)
  }
}

export async function readTimeline(
  source: PageSource,
  timeline: string,
  query: TimelineQuery,
  idsOf: (refs: Array<{ uri: string; time: number }>) => Promise<number[]>,
  continuations: Continuations
): Promise<TimelineEntry[]> {
  const key = (maxId: bigint | number) => `${timeline}\0${maxId}`
  const out: TimelineEntry[] = []
  /** The cursor of the engine page holding the last entry returned. */
  let lastFrom: string | undefined
  const done = () => {
    // Clients ask next for max_id = last id - 1 (Twitter's advice) or the last id: both continue on that
    // page. (From the first page, starting at the top again costs one page.)
    const last = out.at(-1)
    if (last && lastFrom !== undefined) for (const next of [last.id - 1, last.id]) continuations.set(key(next), lastFrom)
    return out
  }
  let cursor = query.maxId === null ? undefined : continuations.get(key(query.maxId))
  const before = query.maxId === null ? undefined : Number(query.maxId / BigInt(IDS_PER_MS))
  for (;;) {
    const from = cursor
    let page: Page<StatusView>
    try {
      page = await source(from, ENGINE_PAGE, from === undefined ? before : undefined)
    } catch (err) {
      // A remembered cursor the views no longer accept: start from the top, which is always right.
      if (from === undefined || !isRstatusError(err) || err.code !== 'INVALID_INPUT') throw err
      cursor = undefined
      continue
    }
    // A status's id is at least baseId(sortAt): one placed after max_id's time is passed over unnumbered.
    const wanted = page.items.filter((s) => query.maxId === null || s.repostedBy || BigInt(baseId(s.sortAt)) <= query.maxId)
    const ids = await idsOf(wanted.map((s) => entryRef(s)))
    for (const [i, status] of wanted.entries()) {
      const id = ids[i] as number
      if (query.sinceId !== null && BigInt(id) <= query.sinceId) return done()
      if (query.maxId !== null && BigInt(id) > query.maxId) continue
      if (query.excludeReplies && status.replyTo !== undefined && !status.repostedBy) continue
      out.push({ status, id })
      lastFrom = from
      if (out.length >= query.count) return done()
    }
    if (page.cursor === null || page.items.length === 0) return done()
    cursor = page.cursor
  }
}

/**
 * Asks for the profiles of every author on a page at once, so the views thread answers them side by side:
 * asked for one at a time, as each entry is built, a page of 200 statuses waited for 200 round trips in a row.
 * A failure is heard where the profile is used.
 */
export function askForProfiles(entries: readonly TimelineEntry[], profile: (key: FeedKey) => Promise<ProfileView>): void {
  const keys = new Set<FeedKey>()
  for (const { status } of entries) {
    keys.add(status.feed)
    if (status.repostedBy) keys.add(status.repostedBy.key)
  }
  for (const key of keys) profile(key).catch(() => {})
}
