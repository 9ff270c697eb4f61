// Figure 2: follow 1,000 feeds of 100 statuses (written and served by stock-library processes) and time
// until all are synced, against a stock reader replicating and reading the same feeds; then count the DHT
// lookups a minute the engine makes while it holds those follows.
import { spawnPeer } from '../../test/helpers/peer.js'
import { row, type Figure } from '../figure.js'
import { ms } from '../format.js'
import { inParallel } from '../parallel.js'
import { lookupsOf } from '../peer-control.js'
import { sleep } from '../stats.js'
import { startStockFeeds } from '../stock-feeds.js'
import { spawnStockReader } from '../stock-reader.js'
import { timeAllSynced } from '../sync-watch.js'

const PER_FEED = 100
/** "Thousands of follows must not mean thousands of lookups a minute." */
const LOOKUP_BAR = 1_000

export const manyFollows: Figure = {
  name: 'many-follows',
  title: 'Many follows',
  async run(ctx) {
    const feeds = ctx.quick ? 100 : 1_000
    const writers = ctx.quick ? 2 : 10
    // Quick runs watch shorter windows and scale them to a minute.
    const firstMs = ctx.quick ? 10_000 : 60_000
    const windowMs = ctx.quick ? 10_000 : 120_000
    const { bootstrap } = await ctx.testnet()
    const dir = ctx.dir('many-follows')

    const authors = await Promise.all(
      Array.from({ length: writers }, (_, w) =>
        startStockFeeds({ dataDir: `${dir}/writer-${w}`, bootstrap, feeds: feeds / writers, perFeed: PER_FEED, prefix: `w${w}` })
      )
    )
    for (const a of authors) ctx.defer(() => a.stop())
    const keys = authors.flatMap((a) => a.keys)
    const length = authors[0]!.length
    ctx.log(`${keys.length} stock feeds of ${PER_FEED} statuses served by ${writers} processes`)

    const reader = await spawnStockReader({ dataDir: `${dir}/reader`, bootstrap })
    ctx.defer(() => reader.stop())
    const stock = (await reader.start(keys, 'sync'))!
    await reader.stop()
    ctx.log(`stock reader: all ${keys.length} feeds downloaded and read in ${ms(stock.at)}`)

    const peer = await spawnPeer({ dataDir: `${dir}/peer`, bootstrap })
    ctx.defer(() => peer.close())
    const before = await lookupsOf(peer)
    const t0 = performance.now()
    await inParallel(keys, 8, (key) => peer.api.call('follow', { key }))
    const followed = performance.now() - t0
    const synced = await timeAllSynced(peer.api, keys, length, t0, 900_000)
    const atSync = await lookupsOf(peer)
    ctx.log(`rstatus: ${keys.length} follows made in ${ms(followed)}, all synced ${ms(synced)}, ${atSync - before} lookups so far`)

    // The first minute after the first follow holds every topic's first lookup (the join itself).
    await sleep(Math.max(0, firstMs - (performance.now() - t0)))
    const firstMinute = (((await lookupsOf(peer)) - before) / firstMs) * 60_000
    const windowStart = await lookupsOf(peer)
    await sleep(windowMs)
    const after = await lookupsOf(peer)
    const perMinute = ((after - windowStart) / windowMs) * 60_000
    ctx.log(`rstatus: ${firstMinute} lookups a minute in the first ${firstMs / 1000} s, ${after - windowStart} in the ${windowMs / 1000} s after`)
    await peer.close()

    return [
      row({
        id: '2a',
        name: `Many follows, ${keys.length} feeds × ${PER_FEED}: all synced`,
        ours: { value: synced, unit: 'ms' },
        baseline: { value: stock.at, unit: 'ms', label: 'stock reader, same feeds' },
        target: '',
        pass: null,
        note: `the ${keys.length} follow calls (8 in flight) took ${ms(followed)} of it; feeds served by ${writers} stock processes`
      }),
      row({
        id: '2b',
        name: `Many follows: DHT lookups a minute, first minute of following ${keys.length} feeds`,
        ours: { value: firstMinute, unit: '/min' },
        baseline: { value: keys.length, unit: '/min', label: 'one lookup per follow per minute' },
        target: '',
        pass: null,
        note: `each topic's first lookup (its join) is in this minute; ${atSync - before} lookups had been made when all were synced`
      }),
      row({
        id: '2c',
        name: `Many follows: DHT lookups a minute holding ${keys.length} follows, after the first minute`,
        ours: { value: perMinute, unit: '/min' },
        baseline: { value: keys.length, unit: '/min', label: 'one lookup per follow per minute' },
        target: `< ${LOOKUP_BAR.toLocaleString('en')}/min`,
        pass: perMinute < LOOKUP_BAR,
        note: `${after - windowStart} lookups counted over ${windowMs / 1000} s (the engine's lookupCount)`
      })
    ]
  }
}
