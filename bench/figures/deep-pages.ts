// Figure 10: Twitter clients paging far back. `home_timeline.json?max_id=1&count=200` (the deepest page there
// is) and a page from the middle of the timeline, over tens of thousands of statuses, through a real
// `rstatus serve` process, each the first time it is asked (no id assigned yet) and then again. The baseline
// is the first page (`count=200`), measured in the same run: a deep page must cost about what it costs.
import http from 'node:http'
import type { BenchContext } from '../context.js'
import { row, type Figure, type Row } from '../figure.js'
import { count as size, ms } from '../format.js'
import { median } from '../stats.js'
import { startServe } from '../serve-process.js'
import type { StoreShape } from '../store-builder.js'

const MAX_RATIO = 2
const REPEATS = 5
const IDS_PER_MS = 2048

export const deepPages: Figure = {
  name: 'deep-pages',
  title: 'Deep pages of the Twitter subset',
  async run(ctx) {
    const shape: StoreShape = ctx.quick ? { feeds: 100, perFeed: 100 } : { feeds: 100, perFeed: 620 }
    const store = await ctx.store(shape)
    const testnet = await ctx.testnet()
    const serve = await startServe({ dataDir: store.dataDir, bootstrap: testnet.bootstrap })
    ctx.defer(() => serve.stop())
    const url = new URL(serve.url)
    const token = url.searchParams.get('token')!
    const get = (path: string) => timedGet(Number(url.port), token, path)

    // The middle of the timeline, by time: ids are time × 2048 (docs/API.md, "Ids").
    const newest = JSON.parse((await get('/1.1/statuses/home_timeline.json?count=1')).body) as Array<{ id_str: string }>
    const newestMs = Math.floor(Number(newest[0]!.id_str) / IDS_PER_MS)
    const middleId = (newestMs - Math.floor(store.statuses / 2) * 1000) * IDS_PER_MS

    const pages = {
      first: '/1.1/statuses/home_timeline.json?count=200',
      deepest: '/1.1/statuses/home_timeline.json?max_id=1&count=200',
      middle: `/1.1/statuses/home_timeline.json?max_id=${middleId}&count=200`
    }
    const once: Record<string, number> = {}
    const again: Record<string, number> = {}
    for (const [name, path] of Object.entries(pages)) {
      const first = await get(path)
      if (first.status !== 200) throw new Error(`${path} answered ${first.status}: ${first.body.slice(0, 200)}`)
      const returned = (JSON.parse(first.body) as unknown[]).length
      if (name !== 'deepest' && returned !== 200) throw new Error(`${path} returned ${returned} statuses, not 200`)
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
          target: `≤ ${MAX_RATIO}× baseline`,
          pass: ours / baseline <= MAX_RATIO,
          ...(note ? { note } : {})
        })
      )
    const n = size(store.statuses)
    add('10a', `Deepest page (max_id=1, count=200), ${n} statuses, first time`, once.deepest!, once.first!, 'first page, first time',
      `through a real rstatus serve (HTTP on 127.0.0.1, read-write token); store of ${shape.feeds} feeds × ${shape.perFeed}; "again" rows are the median of ${REPEATS}`)
    add('10b', `Deepest page (max_id=1, count=200), ${n} statuses, again`, again.deepest!, again.first!, 'first page, again')
    add('10c', `A page from the middle (count=200), ${n} statuses, first time`, once.middle!, once.first!, 'first page, first time')
    add('10d', `A page from the middle (count=200), ${n} statuses, again`, again.middle!, again.first!, 'first page, again')
    return rows
  }
}

function timedGet(port: number, token: string, path: string): Promise<{ status: number; body: string; ms: number }> {
  const started = performance.now()
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path, headers: { host: `127.0.0.1:${port}`, authorization: `Bearer ${token}` } }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (c) => (body += c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, ms: performance.now() - started }))
    })
    req.on('error', reject)
  })
}
