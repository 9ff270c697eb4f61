// `rstatus check`: recomputes, straight from the logs, what the views must say about every feed we hold,
// and lists each disagreement. The views are only a cache of the logs; this is how we prove it.
import type Hypercore from 'hypercore'
import type { FeedKey } from '../../../shared/keys.js'
import { parseStatusUri } from '../../../shared/keys.js'
import { PROTOCOL_VERSION } from '../../../shared/protocol/limits.js'
import { decodeBlock } from '../../../shared/protocol/validate.js'
import type { ViewStore } from './worker.js'

export interface CheckReport {
  feeds: number
  blocks: number
  problems: string[]
}

interface Expected {
  statuses: Set<number>
  profileName: string | null
  following: Set<FeedKey>
}

export async function checkFeed(views: ViewStore, feed: FeedKey, core: Hypercore): Promise<{ blocks: number; problems: string[] }> {
  const problems: string[] = []
  const length = core.contiguousLength
  const indexed = await views.indexedLength(feed)
  if (indexed !== length) problems.push(`${feed}: ${indexed} blocks indexed, ${length} held`)

  const expected = await expectedFromLog(feed, core, Math.min(indexed, length))
  const actual = new Set<number>()
  let cursor: string | undefined
  do {
    const page = await views.profileStatuses(feed, { limit: 500, cursor })
    for (const s of page.items) actual.add(s.seq)
    cursor = page.cursor ?? undefined
  } while (cursor)
  for (const seq of expected.statuses) if (!actual.has(seq)) problems.push(`${feed}/${seq}: in the log, missing from the views`)
  for (const seq of actual) if (!expected.statuses.has(seq)) problems.push(`${feed}/${seq}: in the views, not a live status in the log`)

  const profile = await views.profile(feed)
  if (profile.name !== expected.profileName) {
    problems.push(`${feed}: profile name is ${JSON.stringify(profile.name)}, the log says ${JSON.stringify(expected.profileName)}`)
  }
  const following = new Set(await views.following(feed))
  if (following.size !== expected.following.size || [...following].some((k) => !expected.following.has(k))) {
    problems.push(`${feed}: follow list differs from the log`)
  }
  return { blocks: length, problems }
}

async function expectedFromLog(feed: FeedKey, core: Hypercore, length: number): Promise<Expected> {
  const statuses = new Set<number>()
  const deleted = new Set<number>()
  const follows = new Map<FeedKey, boolean>()
  let profileName: string | null = null
  let seq = 0
  for await (const block of core.createReadStream({ start: 0, end: length })) {
    const decoded = decodeBlock(block, { feed, seq })
    const r = decoded.ok ? decoded.record : null
    // The indexer's rule (PROTOCOL.md "Versions"): a feed whose header names a newer version is not read.
    if (r?.type === 'header' && r.version > PROTOCOL_VERSION) return { statuses: new Set(), profileName: null, following: new Set() }
    if (r?.type === 'status') statuses.add(seq)
    else if (r?.type === 'delete') {
      const target = parseStatusUri(r.of)
      if (target.key === feed) deleted.add(target.seq)
    } else if (r?.type === 'profile') profileName = r.name
    else if (r?.type === 'follow') follows.set(r.feed, true)
    else if (r?.type === 'unfollow') follows.set(r.feed, false)
    seq++
  }
  for (const d of deleted) statuses.delete(d)
  return {
    statuses,
    profileName,
    following: new Set([...follows].filter(([, on]) => on).map(([k]) => k))
  }
}
