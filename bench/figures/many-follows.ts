// Figure 2: follow 1,000 feeds of 100 statuses (written and served by stock-library processes) and time
// until all are synced, against a stock reader replicating and reading the same feeds; then count the DHT
// lookups a minute the engine makes while it holds those follows.
import { row, type Figure } from '../figure.js'
import { ms } from '../format.js'
import { followMany, PER_FEED } from '../follow-many.js'
import { lookupsOf } from '../peer-control.js'
import { sleep } from '../stats.js'

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
    const run = await followMany(ctx, 'many-follows', { feeds, writers, syncTimeoutMs: 900_000 })
    const { peer, keys, t0, lookupsBefore: before, lookupsAtSync: atSync } = run

    // The first minute after the first follow holds every topic's first lookup.
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
        ours: { value: run.syncedMs, unit: 'ms' },
        baseline: { value: run.stockMs, unit: 'ms', label: 'stock reader, same feeds' },
        target: '',
        pass: null,
        note: `the ${keys.length} follow calls (8 in flight) took ${ms(run.followedMs)} of it; feeds served by ${writers} stock processes`
      }),
      row({
        id: '2b',
        name: `Many follows: DHT lookups a minute, first minute of following ${keys.length} feeds`,
        ours: { value: firstMinute, unit: '/min' },
        baseline: { value: keys.length, unit: '/min', label: 'one lookup per follow per minute' },
        target: '',
        pass: null,
        note: `first lookups share the scheduler's budget with retries and refreshes; ${atSync - before} lookups had been made when all were synced`
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
