// Figure 6: the engine's resident memory holding 1,000 followed feeds and 1M statuses (online, after a
// browse through the timeline), against a stock Corestore + Hyperswarm process holding the same 1,000 cores
// on the same topics; and a leak check: the heap after GC over a long run of posts and queries.
import { fork } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { spawnPeer } from '../../test/helpers/peer.js'
import type { BenchContext } from '../context.js'
import { row, type Figure, type Row } from '../figure.js'
import { count as size, number } from '../format.js'
import { rssOf } from '../rss.js'
import { sleep, slope } from '../stats.js'
import { spawnStockReader } from '../stock-reader.js'
import type { StoreShape } from '../store-builder.js'

const LEAK_MAIN = fileURLToPath(new URL('../leak-main.js', import.meta.url))
const RSS_LIMIT_MB = 300
/** Heap growth (after GC) we still call flat over the run's last three quarters. */
const LEAK_LIMIT_MB = 2
const SETTLE_MS = 10_000
const QUICK_SETTLE_MS = 3_000

export const memory: Figure = {
  name: 'memory',
  title: 'Memory',
  async run(ctx) {
    const shape: StoreShape = ctx.quick ? { feeds: 200, perFeed: 50 } : { feeds: 1000, perFeed: 1000 }
    return [...(await residentSize(ctx, shape)), ...(await leakCheck(ctx, ctx.quick ? 400 : 10_000))]
  }
}

async function residentSize(ctx: BenchContext, shape: StoreShape): Promise<Row[]> {
  const settle = ctx.quick ? QUICK_SETTLE_MS : SETTLE_MS
  const store = await ctx.store(shape)
  const { bootstrap } = await ctx.testnet()

  const reader = await spawnStockReader({ dataDir: ctx.dir('memory-stock'), bootstrap })
  ctx.defer(() => reader.stop())
  await reader.start(store.followed, 'hold')
  await sleep(settle)
  const stock = rssOf(reader.child.pid!)
  await reader.stop()

  const peer = await spawnPeer({ dataDir: store.dataDir, bootstrap })
  ctx.defer(() => peer.close())
  // Browse as a person would: the timeline a page at a time, some profiles, the sync panel.
  let cursor: string | undefined
  for (let i = 0; i < 40; i++) {
    const page = await peer.api.call('timeline', { limit: 50, ...(cursor ? { cursor } : {}) })
    cursor = page.cursor ?? undefined
    if (i % 4 === 0) await peer.api.call('profile', { key: page.items[0]!.feed })
  }
  await peer.api.call('syncState', {})
  await sleep(settle)
  const ours = rssOf(peer.child.pid!)
  await peer.close()
  ctx.log(`rstatus engine: RSS ${number(ours.rss)} MB (peak ${number(ours.peak)} MB); stock: ${number(stock.rss)} MB (peak ${number(stock.peak)} MB)`)

  return [
    row({
      id: '6a',
      name: `Engine RSS, ${shape.feeds} feeds / ${size(store.statuses)} statuses, online`,
      ours: { value: ours.rss, unit: 'MB' },
      baseline: { value: stock.rss, unit: 'MB', label: `stock Corestore + Hyperswarm holding the ${shape.feeds} cores` },
      target: `≤ ${RSS_LIMIT_MB} MB`,
      pass: ours.rss <= RSS_LIMIT_MB && ours.peak <= RSS_LIMIT_MB,
      note: `peak ${number(ours.peak)} MB (stock peak ${number(stock.peak)} MB); measured ${settle / 1000} s after browsing 40 timeline pages`
    })
  ]
}

async function leakCheck(ctx: BenchContext, ops: number): Promise<Row[]> {
  const samples = await new Promise<Array<{ ops: number; heapMB: number; rssMB: number }>>((resolve, reject) => {
    const child = fork(LEAK_MAIN, [], {
      env: { ...process.env, LEAK_DATA: ctx.dir('leak'), LEAK_OPS: String(ops) },
      execArgv: ['--expose-gc'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc']
    })
    let got: Array<{ ops: number; heapMB: number; rssMB: number }> | null = null
    child.on('message', (m: any) => (got = m.samples))
    child.once('exit', (code) => (got ? resolve(got) : reject(new Error(`leak check process exited with ${code}`))))
  })
  // The first quarter warms caches up; growth is judged over the rest.
  const warm = samples.filter((s) => s.ops >= ops / 4)
  const first = warm[0]!
  const last = samples[samples.length - 1]!
  const growth = last.heapMB - first.heapMB
  const perTenK = slope(warm.map((s) => s.ops), warm.map((s) => s.heapMB)) * 10_000
  ctx.log(`leak check: heap ${number(first.heapMB)} → ${number(last.heapMB)} MB, RSS ${number(first.rssMB)} → ${number(last.rssMB)} MB over ${ops} rounds`)
  return [
    row({
      id: '6b',
      name: `Leak check: heap after GC at the end of ${ops.toLocaleString('en')} rounds of posts + queries`,
      ours: { value: last.heapMB, unit: 'MB' },
      baseline: { value: first.heapMB, unit: 'MB', label: `after ${first.ops.toLocaleString('en')} rounds` },
      target: `no growth (≤ ${LEAK_LIMIT_MB} MB over the last ¾)`,
      pass: growth <= LEAK_LIMIT_MB,
      note: `heap slope ${number(perTenK)} MB per 10k rounds; RSS ${number(first.rssMB)} → ${number(last.rssMB)} MB (RocksDB's memtable and caches fill up to their caps); a round = post, like (every 2nd), two timeline pages, a profile, a search (every 10th)`
    })
  ]
}
