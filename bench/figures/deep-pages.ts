// Figure 10: clients paging far back. The Twitter subset's `home_timeline.json?max_id=1&count=200` (the
// deepest page there is) and a page from the middle of the timeline, and the Mastodon API's
// `/api/v1/timelines/home?max_id=…` at the same places, over a million statuses (the store figure 3 reads),
// through a real `rstatus serve` process, each the first time it is asked (no id assigned yet) and then
// again. The baseline is each door's first page, measured in the same run: a deep page must cost about
// what it costs, and stay within 50 ms (issue 19).
import http from 'node:http'
import type { BenchContext } from '../context.js'
import { row, type Figure, type Row } from '../figure.js'
import { count as size, ms } from '../format.js'
import { median } from '../stats.js'
import { startServe } from '../serve-process.js'
import type { StoreShape } from '../store-builder.js'

const MAX_RATIO = 2
/** Issue 19: any page, at any depth, at 1M statuses. */
const LIMIT_MS = 50
const REPEATS = 5
const IDS_PER_MS = 2048

export const deepPages: Figure = {
  name: 'deep-pages',
  title: 'Deep pages of the Twitter subset',
  async run(ctx) {
    // The full run shares figure 3's 1M store, built once.
    const shape: StoreShape = ctx.quick ? { feeds: 100, perFeed: 100 } : { feeds: 1000, perFeed: 1000 }
    const store = await ctx.store(shape)
    const testnet = await ctx.testnet()
    const serve = await startServe({ dataDir: store.dataDir, bootstrap: testnet.bootstrap })
    ctx.defer(() => serve.stop())
    const url = new URL(serve.url)
    const uiToken = url.searchParams.get('token')!
    const port = Number(url.port)
    // The Mastodon door takes an app's token, never the UI's: made as a person makes one (docs/API.md).
    const made = await timedRequest(port, uiToken, '/api/createAppToken', { name: 'deep pages', readOnly: true })
    if (made.status !== 200) throw new Error(`createAppToken answered ${made.status}: ${made.body.slice(0, 200)}`)
    const appToken = (JSON.parse(made.body) as { token: string }).token
    const twitter = (path: string) => timedRequest(port, uiToken, path)
    const mastodon = (path: string) => timedRequest(port, appToken, path)

    // The middle of the timeline, by time: ids are time × 2048 (docs/API.md, "Ids").
    const newest = JSON.parse((await twitter('/1.1/statuses/home_timeline.json?count=1')).body) as Array<{ id_str: string }>
    const newestMs = Math.floor(Number(newest[0]!.id_str) / IDS_PER_MS)
    const middleId = (newestMs - Math.floor(store.statuses / 2) * 1000) * IDS_PER_MS

    const pages: Array<{ name: string; get: typeof twitter; path: string; size: number }> = [
      { name: 'twitter first', get: twitter, path: '/1.1/statuses/home_timeline.json?count=200', size: 200 },
      { name: 'twitter deepest', get: twitter, path: '/1.1/statuses/home_timeline.json?max_id=1&count=200', size: 0 },
      { name: 'twitter middle', get: twitter, path: `/1.1/statuses/home_timeline.json?max_id=${middleId}&count=200`, size: 200 },
      { name: 'mastodon first', get: mastodon, path: '/api/v1/timelines/home?limit=40', size: 40 },
      { name: 'mastodon deepest', get: mastodon, path: '/api/v1/timelines/home?max_id=1&limit=40', size: 0 },
      // Twitter's middle page numbered these statuses already: Mastodon's starts a little further down.
      { name: 'mastodon middle', get: mastodon, path: `/api/v1/timelines/home?max_id=${middleId - 1000 * 1000 * IDS_PER_MS}&limit=40`, size: 40 }
    ]
    const once: Record<string, number> = {}
    const again: Record<string, number> = {}
    for (const { name, get, path, size: want } of pages) {
      const first = await get(path)
      if (first.status !== 200) throw new Error(`${path} answered ${first.status}: ${first.body.slice(0, 200)}`)
      const returned = (JSON.parse(first.body) as unknown[]).length
      if (returned !== want) throw new Error(`${path} returned ${returned} statuses, not ${want}`)
      once[name] = first.ms
      const times: number[] = []
      for (let i = 0; i < REPEATS; i++) times.push((await get(path)).ms)
      again[name] = median(times)
      ctx.log(`${name}: first ${ms(first.ms)}, again ${ms(again[name]!)} (median of ${REPEATS}), ${returned} statuses`)
    }

    const rows: Row[] = []
    const add = (id: string, name: string, ours: number, baseline: number, label: string, note?: string) =>
      rows.push(
        row({
          id,
          name,
          ours: { value: ours, unit: 'ms' },
          baseline: { value: baseline, unit: 'ms', label },
          target: `≤ ${MAX_RATIO}× baseline and ≤ ${LIMIT_MS} ms`,
          pass: ours / baseline <= MAX_RATIO && ours <= LIMIT_MS,
          ...(note ? { note } : {})
        })
      )
    const n = size(store.statuses)
    add('10a', `Twitter: deepest page (max_id=1, count=200), ${n} statuses, first time`, once['twitter deepest']!, once['twitter first']!, 'first page, first time',
      `through a real rstatus serve (HTTP on 127.0.0.1; the UI's token for Twitter, a read-only app token for Mastodon); store of ${shape.feeds} feeds × ${shape.perFeed}; "again" rows are the median of ${REPEATS}`)
    add('10b', `Twitter: deepest page (max_id=1, count=200), ${n} statuses, again`, again['twitter deepest']!, again['twitter first']!, 'first page, again')
    add('10c', `Twitter: a page from the middle (count=200), ${n} statuses, first time`, once['twitter middle']!, once['twitter first']!, 'first page, first time')
    add('10d', `Twitter: a page from the middle (count=200), ${n} statuses, again`, again['twitter middle']!, again['twitter first']!, 'first page, again')
    add('10e', `Mastodon: deepest home page (max_id=1, limit=40), ${n} statuses, first time`, once['mastodon deepest']!, once['mastodon first']!, 'first page, first time')
    add('10f', `Mastodon: a home page from the middle (limit=40), ${n} statuses, first time`, once['mastodon middle']!, once['mastodon first']!, 'first page, first time')
    add('10g', `Mastodon: a home page from the middle (limit=40), ${n} statuses, again`, again['mastodon middle']!, again['mastodon first']!, 'first page, again')
    return rows
  }
}

/** A GET, or a POST of `json`, with a bearer token; its status, body and time. */
function timedRequest(port: number, token: string, path: string, json?: unknown): Promise<{ status: number; body: string; ms: number }> {
  const started = performance.now()
  const body = json === undefined ? undefined : JSON.stringify(json)
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: body === undefined ? 'GET' : 'POST',
        headers: {
          host: `127.0.0.1:${port}`,
          authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) })
        }
      },
      (res) => {
        let text = ''
        res.setEncoding('utf8')
        res.on('data', (c) => (text += c))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text, ms: performance.now() - started }))
      }
    )
    req.on('error', reject)
    req.end(body)
  })
}
