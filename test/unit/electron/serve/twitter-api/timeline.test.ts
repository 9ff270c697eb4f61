import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import type { Page, StatusView } from '../../../../../shared/api/shapes.js'
import { statusUri } from '../../../../../shared/keys.js'
import { Continuations, entryRef, readTimeline, type TimelineQuery } from '../../../../../electron/serve/twitter-api/timeline.js'
import { IDS_PER_MS } from '../../../../../electron/serve/twitter-api/ids.js'

const KEY = 'ybndrfg8ejkmcpqxot1uwisza345h769ybndrfg8ejkmcpqxot1u'

function status(seq: number, extra: Partial<StatusView> = {}): StatusView {
  return {
    uri: statusUri(KEY, seq), feed: KEY, seq, type: 'status', text: `s${seq}`, createdAt: seq * 1000, sortAt: seq * 1000,
    author: { key: KEY, name: null }, counts: { likes: 0, reposts: 0, replies: 0 }, likedByMe: false, repostedByMe: false,
    ...extra
  }
}

/** A timeline of `n` statuses, newest first, paged like the views (cursor = index), recording each call. */
function timeline(n: number, extra: (seq: number) => Partial<StatusView> = () => ({})) {
  const items = Array.from({ length: n }, (_, i) => status(n - i, extra(n - i)))
  const calls: Array<string | undefined> = []
  const source = async (cursor: string | undefined, limit: number): Promise<Page<StatusView>> => {
    calls.push(cursor)
    const start = cursor ? Number(cursor) : 0
    const page = items.slice(start, start + limit)
    return { items: page, cursor: start + limit < items.length ? String(start + limit) : null }
  }
  return { items, calls, source }
}

// status n is placed at n seconds, and its id is the first of that millisecond (ids.ts): the expectations are
// written in seqs, converted both ways
const PER_SEQ = 1000 * IDS_PER_MS
const idsOf = async (refs: Array<{ time: number }>) => refs.map((r) => r.time * IDS_PER_MS)
const seqs = (entries: Array<{ id: number }>) => entries.map((e) => e.id / PER_SEQ)
const id = (seq: number) => BigInt(seq * PER_SEQ)
const query = (q: Partial<TimelineQuery>): TimelineQuery => ({ count: 20, sinceId: null, maxId: null, excludeReplies: false, ...q })

describe('Twitter timeline paging', () => {
  test('count takes the newest', async () => {
    const { source } = timeline(10)
    assert.deepEqual(seqs(await readTimeline(source, 'home', query({ count: 3 }), idsOf, new Continuations())), [10, 9, 8])
  })

  test('since_id: only newer than it, the newest count of them', async () => {
    const { source } = timeline(10)
    assert.deepEqual(seqs(await readTimeline(source, 'home', query({ sinceId: id(7) }), idsOf, new Continuations())), [10, 9, 8])
    assert.deepEqual(seqs(await readTimeline(source, 'home', query({ sinceId: id(3), count: 2 }), idsOf, new Continuations())), [10, 9])
    assert.deepEqual(seqs(await readTimeline(source, 'home', query({ sinceId: id(10) }), idsOf, new Continuations())), [])
  })

  test('max_id is inclusive; with since_id it bounds both ends', async () => {
    const { source } = timeline(10)
    assert.deepEqual(seqs(await readTimeline(source, 'home', query({ maxId: id(5), count: 2 }), idsOf, new Continuations())), [5, 4])
    assert.deepEqual(seqs(await readTimeline(source, 'home', query({ maxId: id(6), sinceId: id(3) }), idsOf, new Continuations())), [6, 5, 4])
    assert.deepEqual(seqs(await readTimeline(source, 'home', query({ maxId: id(0) }), idsOf, new Continuations())), [])
  })

  test('paging back with max_id = last id - 1 walks the whole timeline once, resuming at the remembered cursor', async () => {
    const { source, calls, items } = timeline(1000)
    const continuations = new Continuations()
    const seen: number[] = []
    let maxId: bigint | null = null
    for (;;) {
      const page = await readTimeline(source, 'home', query({ count: 150, maxId }), idsOf, continuations)
      if (page.length === 0) break
      seen.push(...seqs(page))
      maxId = BigInt(page.at(-1)!.id - 1)
    }
    assert.deepEqual(seen, items.map((s) => s.seq))
    // every request after the first started from a cursor, never from the top again
    const fromTop = calls.filter((c) => c === undefined).length
    assert.equal(fromTop, 2, `calls: ${JSON.stringify(calls)}`)
  })

  test('exclude_replies leaves out replies but keeps reposts', async () => {
    const parent = statusUri(KEY, 1)
    const { source } = timeline(6, (seq) =>
      seq % 2 === 0 ? { replyTo: parent, root: parent } : {}
    )
    assert.deepEqual(seqs(await readTimeline(source, 'home', query({ excludeReplies: true }), idsOf, new Continuations())), [5, 3, 1])
  })

  test('a repost entry takes its id from the repost record, placed at the repost time', () => {
    const original = status(3)
    const repost = { ...original, repostedBy: { key: KEY, name: null, uri: statusUri(KEY, 9), createdAt: 9000 } }
    assert.deepEqual(entryRef(original), { uri: original.uri, time: 3000 })
    assert.deepEqual(entryRef(repost), { uri: statusUri(KEY, 9), time: 9000 })
    // a repost claiming the far future is placed no later than the clock skew allows
    const future = { ...original, repostedBy: { ...repost.repostedBy, createdAt: 10 ** 15 } }
    assert.ok(entryRef(future, 5000).time <= 5000 + 10 * 60 * 1000)
  })
})
