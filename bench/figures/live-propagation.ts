// Figure 5: from a post to its appearance on 10 followers' home timelines, each follower its own process,
// against the same with stock readers following a stock writer (post = append, arrival = block downloaded).
import type { StatusView } from '../../shared/api/shapes.js'
import { spawnPeer, type PeerProcess } from '../../test/helpers/peer.js'
import { startStockWriter } from '../../test/helpers/stock-writer.js'
import { waitFor } from '../../test/helpers/tmp.js'
import type { BenchContext } from '../context.js'
import { row, type Figure } from '../figure.js'
import { ms } from '../format.js'
import { percentile, sleep } from '../stats.js'
import { spawnStockReader } from '../stock-reader.js'

const P50_MS = 300
const P95_MS = 1_000
/** A post not seen by a follower within this long counts as never arrived. */
const GIVE_UP_MS = 15_000

/** Arrivals: follower i calls `arrived(i, post)` when post number `post` is there. */
type Arrivals = (arrived: (follower: number, post: number) => void) => void

export const livePropagation: Figure = {
  name: 'live-propagation',
  title: 'Live propagation to 10 followers',
  async run(ctx) {
    const followers = 10
    const posts = ctx.quick ? 8 : 40
    const stock = await stockSide(ctx, followers, posts)
    const ours = await ourSide(ctx, followers, posts)
    const [p50, p95] = [percentile(ours.latencies, 50), percentile(ours.latencies, 95)]
    const [b50, b95] = [percentile(stock.latencies, 50), percentile(stock.latencies, 95)]
    const note = `${posts} posts × ${followers} follower processes; ${ours.missing} of ours and ${stock.missing} stock arrivals missing after ${GIVE_UP_MS / 1000} s`
    return [
      row({
        id: '5a',
        name: `Live propagation to ${followers} followers: p50`,
        ours: { value: p50, unit: 'ms' },
        baseline: { value: b50, unit: 'ms', label: 'stock writer → stock live readers' },
        target: `≤ ${P50_MS} ms`,
        pass: p50 <= P50_MS,
        note
      }),
      row({
        id: '5b',
        name: `Live propagation to ${followers} followers: p95`,
        ours: { value: p95, unit: 'ms' },
        baseline: { value: b95, unit: 'ms', label: 'stock writer → stock live readers' },
        target: `≤ ${P95_MS / 1000} s`,
        pass: p95 <= P95_MS
      })
    ]
  }
}

async function ourSide(ctx: BenchContext, followers: number, posts: number) {
  const { bootstrap } = await ctx.testnet()
  const dir = ctx.dir('live-ours')
  const author = await spawnPeer({ dataDir: `${dir}/author`, bootstrap })
  ctx.defer(() => author.close())
  await author.api.call('post', { text: 'hello' })
  const peers: PeerProcess[] = await Promise.all(
    Array.from({ length: followers }, (_, i) => spawnPeer({ dataDir: `${dir}/follower-${i}`, bootstrap }))
  )
  for (const p of peers) ctx.defer(() => p.close())
  await Promise.all(peers.map((p) => p.api.call('follow', { key: author.key })))
  await Promise.all(
    peers.map((p) =>
      waitFor(async () => (await p.api.call('timeline', { limit: 1 })).items[0]?.text === 'hello', { timeout: 60_000, what: 'followers synced' })
    )
  )
  ctx.log(`rstatus: ${followers} followers synced`)
  const arrivals: Arrivals = (arrived) => {
    peers.forEach((p, i) => {
      let checking = false
      let again = false
      const check = async () => {
        if (checking) return void (again = true)
        checking = true
        do {
          again = false
          const page = await p.api.call('timeline', { limit: 5 }).catch(() => null)
          for (const s of page?.items ?? []) {
            const n = postNumber(s)
            if (n !== null) arrived(i, n)
          }
        } while (again)
        checking = false
      }
      p.api.on('statuses', () => void check())
    })
  }
  const result = await propagate(followers, posts, arrivals, async (n) => {
    await author.api.call('post', { text: `live ${n}` })
  })
  ctx.log(`rstatus: p50 ${ms(percentile(result.latencies, 50))}, p95 ${ms(percentile(result.latencies, 95))}`)
  await Promise.all([author, ...peers].map((p) => p.close()))
  return result
}

async function stockSide(ctx: BenchContext, followers: number, posts: number) {
  const { bootstrap } = await ctx.testnet()
  const dir = ctx.dir('live-stock')
  const writer = await startStockWriter({ dataDir: `${dir}/writer`, bootstrap, count: 1 })
  ctx.defer(() => writer.stop())
  const readers = await Promise.all(
    Array.from({ length: followers }, (_, i) => spawnStockReader({ dataDir: `${dir}/reader-${i}`, bootstrap }))
  )
  for (const r of readers) ctx.defer(() => r.stop())
  await Promise.all(readers.map((r) => r.start([writer.key], 'live')))
  ctx.log(`stock: ${followers} live readers synced`)
  const base = writer.length
  const arrivals: Arrivals = (arrived) => {
    readers.forEach((r, i) => r.onBlock((seq) => arrived(i, seq - base + 1)))
  }
  const result = await propagate(followers, posts, arrivals, async (n) => {
    await writer.append([JSON.stringify({ type: 'status', text: `live ${n}`, createdAt: Date.now() })])
  })
  ctx.log(`stock: p50 ${ms(percentile(result.latencies, 50))}, p95 ${ms(percentile(result.latencies, 95))}`)
  await Promise.all([writer.stop(), ...readers.map((r) => r.stop())])
  return result
}

/** Posts 1..posts one at a time, each after the previous reached everyone (or timed out). */
async function propagate(followers: number, posts: number, arrivals: Arrivals, post: (n: number) => Promise<void>) {
  const sentAt = new Map<number, number>()
  const seen = new Map<number, Set<number>>()
  const latencies: number[] = []
  let waiting: (() => void) | null = null
  arrivals((follower, n) => {
    const t0 = sentAt.get(n)
    const set = seen.get(n)
    if (t0 === undefined || !set || set.has(follower)) return
    set.add(follower)
    latencies.push(performance.now() - t0)
    if (set.size === followers) waiting?.()
  })
  let missing = 0
  for (let n = 1; n <= posts; n++) {
    seen.set(n, new Set())
    const all = new Promise<void>((resolve) => (waiting = resolve))
    sentAt.set(n, performance.now())
    await post(n)
    const timedOut = await Promise.race([all.then(() => false), sleep(GIVE_UP_MS).then(() => true)])
    if (timedOut) {
      const gap = followers - seen.get(n)!.size
      missing += gap
      for (let i = 0; i < gap; i++) latencies.push(Infinity)
    }
    await sleep(150)
  }
  return { latencies, missing }
}

function postNumber(s: StatusView): number | null {
  const m = /^live (\d+)$/.exec(s.text)
  return m ? Number(m[1]) : null
}
