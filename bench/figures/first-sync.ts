// Figure 1: follow a feed written by a stock Hypercore writer; time until it is downloaded, indexed and its
// newest status is on the home timeline, against a stock reader replicating and reading the same feed.
// Each size runs `reps` times, the two sides taking turns to go first; the rows give the medians.
import { spawnPeer } from '../../test/helpers/peer.js'
import { startStockWriter } from '../../test/helpers/stock-writer.js'
import type { BenchContext } from '../context.js'
import { row, type Figure, type Row } from '../figure.js'
import { ms } from '../format.js'
import { median } from '../stats.js'
import type { FeedTimes } from '../stock-reader-main.js'
import { spawnStockReader } from '../stock-reader.js'
import { timeFirstSync, type FirstSync } from '../sync-watch.js'

const NEWEST_TARGET_MS = 2_000

export const firstSync: Figure = {
  name: 'first-sync',
  title: 'First sync of one feed',
  async run(ctx) {
    // [statuses, runs]
    const sizes: Array<[number, number]> = ctx.quick ? [[20_000, 1]] : [[20_000, 3], [100_000, 2]]
    const rows: Row[] = []
    for (const [size, reps] of sizes) rows.push(...(await measure(ctx, size, reps, rows.length)))
    return rows
  }
}

async function measure(ctx: BenchContext, size: number, reps: number, before: number): Promise<Row[]> {
  const id = (i: number) => `1${'abcd'[before + i]}`
  const { bootstrap } = await ctx.testnet()
  const dir = ctx.dir(`first-sync-${size}`)
  const writer = await startStockWriter({ dataDir: `${dir}/writer`, bootstrap, count: size })
  ctx.defer(() => writer.stop())
  const length = writer.length
  const k = `${size / 1000}k`

  const stocks: FeedTimes[] = []
  const ours: FirstSync[] = []
  for (let rep = 0; rep < reps; rep++) {
    const sides = [
      async () => {
        const reader = await spawnStockReader({ dataDir: `${dir}/reader-${rep}`, bootstrap })
        ctx.defer(() => reader.stop())
        const stock = (await reader.start([writer.key], 'sync'))!.feeds[0]!
        await reader.stop()
        ctx.log(`stock reader, ${k}: newest held ${ms(stock.newestAt)}, downloaded ${ms(stock.downloadedAt)}, read ${ms(stock.readAt)}`)
        stocks.push(stock)
      },
      async () => {
        const peer = await spawnPeer({ dataDir: `${dir}/peer-${rep}`, bootstrap })
        ctx.defer(() => peer.close())
        const run = await timeFirstSync(peer.api, writer.key, length, `status number ${size}`, 600_000)
        await peer.close()
        ctx.log(`rstatus, ${k}: newest on timeline ${ms(run.newestAt)} (holding ${run.heldAtNewest} blocks), all held ${ms(run.downloadedAt)}, all indexed ${ms(run.doneAt)}`)
        ours.push(run)
      }
    ]
    if (rep % 2 === 1) sides.reverse()
    for (const side of sides) await side()
  }
  await writer.stop()

  const done = median(ours.map((r) => r.doneAt))
  const read = median(stocks.map((s) => s.readAt))
  const newest = median(ours.map((r) => r.newestAt))
  const held = Math.max(...ours.map((r) => r.heldAtNewest))
  const runs = reps > 1 ? `median of ${reps} runs each, sides alternating; ` : ''
  return [
    row({
      id: id(0),
      name: `First sync, ${k} statuses: downloaded + indexed + newest on timeline`,
      ours: { value: done, unit: 'ms' },
      baseline: { value: read, unit: 'ms', label: 'stock reader: replicate + createReadStream' },
      target: '≤ 1.0× baseline',
      pass: done <= read,
      note:
        `${runs}rstatus runs ${ours.map((r) => ms(r.doneAt)).join(', ')}, stock ${stocks.map((s) => ms(s.readAt)).join(', ')}; ` +
        `rstatus held every block after ${ms(median(ours.map((r) => r.downloadedAt)))}; the stock download took ${ms(median(stocks.map((s) => s.downloadedAt)))}, its read-back ${ms(median(stocks.map((s) => s.readAt - s.downloadedAt)))}`
    }),
    row({
      id: id(1),
      name: `First sync, ${k} statuses: newest status on timeline`,
      ours: { value: newest, unit: 'ms' },
      baseline: { value: median(stocks.map((s) => s.newestAt)), unit: 'ms', label: 'stock reader: newest block held' },
      target: '≤ 2 s, before the whole feed has arrived',
      pass: Math.max(...ours.map((r) => r.newestAt)) <= NEWEST_TARGET_MS && held < length,
      note: `at most ${held.toLocaleString('en')} of ${length.toLocaleString('en')} blocks held (contiguously) when it showed; slowest run ${ms(Math.max(...ours.map((r) => r.newestAt)))}`
    })
  ]
}
