import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import type { Page, StatusView } from '../../../../../shared/api/shapes.js'
import { statusUri } from '../../../../../shared/keys.js'
import { MastodonParams } from '../../../../../electron/serve/mastodon-api/params.js'
import { idParam, linkHeader, pageQuery, readPage } from '../../../../../electron/serve/mastodon-api/timelines.js'
import { IDS_PER_MS } from '../../../../../electron/serve/twitter-api/ids.js'
import { Continuations } from '../../../../../electron/serve/twitter-api/timeline.js'

const KEY = 'ybndrfg8ejkmcpqxot1uwisza345h769ybndrfg8ejkmcpqxot1u'

/** A timeline of `n` statuses, newest first, one millisecond apart, paged like the engine's views. */
function timeline(n: number): (cursor: string | undefined, limit: number) => Promise<Page<StatusView>> {
  const all = Array.from({ length: n }, (_, i) => n - i).map((seq) => ({
    uri: statusUri(KEY, seq), feed: KEY, seq, type: 'status' as const, text: `s${seq}`, createdAt: seq, sortAt: seq,
    author: { key: KEY, name: null }, counts: { likes: 0, reposts: 0, replies: 0 }, likedByMe: false, repostedByMe: false,
    ...(seq % 3 === 0 ? { replyTo: statusUri(KEY, 1) } : {})
  }))
  return async (cursor, limit) => {
    const from = cursor === undefined ? 0 : Number(cursor)
    const items = all.slice(from, from + Math.min(limit, 7))
    return { items, cursor: from + items.length < all.length ? String(from + items.length) : null }
  }
}

/** Ids as the id store gives them, from the time: the first id of each millisecond. */
const idsOf = async (refs: Array<{ uri: string; time: number }>) => refs.map((r) => r.time * IDS_PER_MS)
/** The id of the status placed at `ms`. */
const id = (ms: number) => BigInt(ms * IDS_PER_MS)
const texts = (entries: Array<{ status: StatusView }>) => entries.map((e) => e.status.text)
const query = (q: Partial<{ limit: number; maxId: bigint; sinceId: bigint; minId: bigint }>) =>
  ({ limit: q.limit ?? 20, maxId: q.maxId ?? null, sinceId: q.sinceId ?? null, minId: q.minId ?? null })

describe('Mastodon paging over the engine\'s pages', () => {
  test('limit, max_id (exclusive), since_id (the newest above) and min_id (just above)', async () => {
    const source = timeline(30)
    const c = new Continuations()
    assert.deepEqual(texts(await readPage(source, 't', query({ limit: 3 }), {}, idsOf, c)), ['s30', 's29', 's28'])
    assert.deepEqual(texts(await readPage(source, 't', query({ limit: 3, maxId: id(28) }), {}, idsOf, c)), ['s27', 's26', 's25'])
    assert.deepEqual(texts(await readPage(source, 't', query({ limit: 3, sinceId: id(10) }), {}, idsOf, c)), ['s30', 's29', 's28'])
    assert.deepEqual(texts(await readPage(source, 't', query({ limit: 3, minId: id(10) }), {}, idsOf, c)), ['s13', 's12', 's11'])
    assert.deepEqual(texts(await readPage(source, 't', query({ limit: 3, minId: id(10), maxId: id(12) }), {}, idsOf, c)), ['s11'])
    assert.deepEqual(texts(await readPage(source, 't', query({ limit: 5, maxId: id(3) }), {}, idsOf, c)), ['s2', 's1'])
    assert.deepEqual(texts(await readPage(source, 't', query({ limit: 4, maxId: id(10) }), { excludeReplies: true }, idsOf, c)), ['s8', 's7', 's5', 's4'])
  })

  test('limit defaults to 20 and stays within 1 to 40; malformed ids are ignored', () => {
    assert.deepEqual(pageQuery(MastodonParams.empty()), { limit: 20, maxId: null, sinceId: null, minId: null })
    const p = (q: string) => pageQuery(new MastodonParams(new Map(new URLSearchParams(q))))
    assert.equal(p('limit=500').limit, 40)
    assert.equal(p('limit=0').limit, 1)
    assert.equal(p('limit=abc').limit, 20)
    assert.equal(p('max_id=12a').maxId, null)
    assert.equal(idParam('99999999999999999999'), 99999999999999999999n)
  })

  test('Link: next with max_id of the oldest, prev with min_id of the newest, other parameters kept', () => {
    const url = new URL('http://127.0.0.1:7420/api/v1/timelines/home?limit=2&max_id=99&only_media=true')
    assert.equal(
      linkHeader(url, ['50', '40']),
      '<http://127.0.0.1:7420/api/v1/timelines/home?limit=2&only_media=true&max_id=40>; rel="next", ' +
        '<http://127.0.0.1:7420/api/v1/timelines/home?limit=2&only_media=true&min_id=50>; rel="prev"'
    )
    assert.equal(linkHeader(url, []), undefined)
  })
})
