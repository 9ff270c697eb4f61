// Figure 3: the newest 50 statuses of the home timeline, and the page after them, on stores of 10k, 100k
// and 1M statuses across 1,000 feeds. The 10k store is the baseline: a query that is indexed, not scanned,
// costs about the same on all three.
import { Engine } from '../../electron/engine/engine.js'
import type { BenchContext } from '../context.js'
import { row, type Figure, type Row } from '../figure.js'
import { count as size, ms } from '../format.js'
import { percentile } from '../stats.js'
import type { StoreShape } from '../store-builder.js'

const LIMIT_MS = 5
const MAX_RATIO = 2

interface Timings {
  statuses: number
  first: number[]
  next: number[]
}

export const timelineQueries: Figure = {
  name: 'timeline-queries',
  title: 'Timeline queries',
  async run(ctx) {
    const shapes: StoreShape[] = ctx.quick
      ? [{ feeds: 200, perFeed: 10 }, { feeds: 200, perFeed: 50 }]
      : [{ feeds: 1000, perFeed: 10 }, { feeds: 1000, perFeed: 100 }, { feeds: 1000, perFeed: 1000 }]
    const runs = ctx.quick ? 100 : 500
    const results: Timings[] = []
    for (const shape of shapes) results.push(await timeQueries(ctx, shape, runs))

    const base = results[0]!
    const largest = results[results.length - 1]!
    const rows: Row[] = []
    const letters = 'abcdefghijklmnop'
    for (const r of results.slice(1)) {
      for (const [page, pick] of [['newest 50', (t: Timings) => t.first], ['next 50', (t: Timings) => t.next]] as const) {
        for (const p of [50, 99]) {
          const ours = percentile(pick(r), p)
          const baseline = percentile(pick(base), p)
          const judged = r === largest
          rows.push(
            row({
              id: `3${letters[rows.length]}`,
              name: `Timeline ${page}, ${size(r.statuses)} statuses: p${p}`,
              ours: { value: ours, unit: 'ms' },
              baseline: { value: baseline, unit: 'ms', label: `${size(base.statuses)} store` },
              target: judged ? `≤ ${LIMIT_MS} ms and ≤ ${MAX_RATIO}× baseline` : '',
              pass: judged ? ours <= LIMIT_MS && ours / baseline <= MAX_RATIO : null,
              ...(rows.length === 0 ? { note: `${runs} queries after 20 warm-up ones, engine in process (api.call('timeline')); stores of ${shapes.map((s) => `${s.feeds} feeds × ${s.perFeed}`).join(', ')}` } : {})
            })
          )
        }
      }
    }
    return rows
  }
}

async function timeQueries(ctx: BenchContext, shape: StoreShape, runs: number): Promise<Timings> {
  const store = await ctx.store(shape)
  const engine = new Engine({ dataDir: store.dataDir })
  await engine.ready()
  try {
    const first: number[] = []
    const next: number[] = []
    for (let i = 0; i < runs + 20; i++) {
      const t0 = performance.now()
      const page = await engine.api.call('timeline', { limit: 50 })
      const t1 = performance.now()
      const more = await engine.api.call('timeline', { limit: 50, cursor: page.cursor! })
      const t2 = performance.now()
      if (page.items.length !== 50 || more.items.length !== 50) throw new Error(`a timeline page came back short (${page.items.length}, ${more.items.length})`)
      if (i < 20) continue
      first.push(t1 - t0)
      next.push(t2 - t1)
    }
    ctx.log(`${size(store.statuses)}: newest 50 p50 ${ms(percentile(first, 50))} p99 ${ms(percentile(first, 99))}; next 50 p50 ${ms(percentile(next, 50))} p99 ${ms(percentile(next, 99))}`)
    return { statuses: store.statuses, first, next }
  } finally {
    await engine.close()
  }
}
