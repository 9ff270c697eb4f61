// What the many-follows figures share: stock writer processes serving many feeds, a stock reader syncing
// them all (the baseline), and an rstatus peer process following every one of them through the API.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { spawnPeer, type PeerProcess } from '../test/helpers/peer.js'
import type { BenchContext } from './context.js'
import { ms } from './format.js'
import { inParallel } from './parallel.js'
import { lookupsOf } from './peer-control.js'
import { rssOf, type Rss } from './rss.js'
import { startStockFeeds } from './stock-feeds.js'
import { spawnStockReader } from './stock-reader.js'
import { sleep } from './stats.js'

export const PER_FEED = 100

export interface FollowManyShape {
  feeds: number
  writers: number
  /**
   * Keep the writers' stores in this folder under the system's temp dir, across runs: 10,000 feeds take
   * minutes to write. The stock processes reuse a feed they find written.
   */
  cacheAs?: string
  /**
   * Follow every feed while offline, then start the peer online and time from its start: a person who
   * opens the app holding that many follows. Every topic is then looked for at once, as after a restart.
   */
  followOffline?: boolean
  syncTimeoutMs: number
}

export interface FollowMany {
  keys: string[]
  /** Blocks per feed, the header included. */
  length: number
  peer: PeerProcess
  /** performance.now() at the first follow call, or when the peer was started online (followOffline). */
  t0: number
  /** Lookups counted before the first follow. */
  lookupsBefore: number
  followedMs: number
  syncedMs: number
  lookupsAtSync: number
  stockMs: number
  stockRss: Rss
}

export async function followMany(ctx: BenchContext, name: string, shape: FollowManyShape): Promise<FollowMany> {
  const { bootstrap } = await ctx.testnet()
  const dir = ctx.dir(name)
  const writersDir = shape.cacheAs ? path.join(os.tmpdir(), 'rstatus-bench-cache', shape.cacheAs) : dir
  fs.mkdirSync(writersDir, { recursive: true })

  const built = performance.now()
  const authors = await Promise.all(
    Array.from({ length: shape.writers }, (_, w) =>
      startStockFeeds({ dataDir: `${writersDir}/writer-${w}`, bootstrap, feeds: shape.feeds / shape.writers, perFeed: PER_FEED, prefix: `w${w}` })
    )
  )
  for (const a of authors) ctx.defer(() => a.stop())
  const keys = authors.flatMap((a) => a.keys)
  const length = authors[0]!.length
  ctx.log(`${keys.length} stock feeds of ${PER_FEED} statuses served by ${shape.writers} processes (ready in ${ms(performance.now() - built)}${shape.cacheAs ? `, stores kept in ${writersDir}` : ''})`)

  const reader = await spawnStockReader({ dataDir: `${dir}/reader`, bootstrap })
  ctx.defer(() => reader.stop())
  const stock = (await reader.start(keys, 'sync'))!
  const stockRss = rssOf(reader.child.pid!)
  await reader.stop()
  ctx.log(`stock reader: all ${keys.length} feeds downloaded and read in ${ms(stock.at)}, RSS ${Math.round(stockRss.rss)} MB`)

  let followedMs = 0
  if (shape.followOffline) {
    const offline = await spawnPeer({ dataDir: `${dir}/peer`, bootstrap, offline: true })
    const start = performance.now()
    await inParallel(keys, 8, (key) => offline.api.call('follow', { key }))
    followedMs = performance.now() - start
    await offline.close()
    ctx.log(`rstatus: ${keys.length} follows made offline in ${ms(followedMs)}`)
  }
  const t0 = performance.now()
  const peer = await spawnPeer({ dataDir: `${dir}/peer`, bootstrap })
  ctx.defer(() => peer.close())
  const lookupsBefore = await lookupsOf(peer)
  if (!shape.followOffline) {
    await inParallel(keys, 8, (key) => peer.api.call('follow', { key }))
    followedMs = performance.now() - t0
  }
  const syncedMs = await allSynced(peer, keys, length, t0, shape.syncTimeoutMs)
  const lookupsAtSync = await lookupsOf(peer)
  ctx.log(`rstatus: ${keys.length} follows made in ${ms(followedMs)}${shape.followOffline ? ' (offline, before the start)' : ''}, all synced ${ms(syncedMs)}, ${lookupsAtSync - lookupsBefore} lookups so far`)
  return { keys, length, peer, t0, lookupsBefore, followedMs, syncedMs, lookupsAtSync, stockMs: stock.at, stockRss }
}

/**
 * Every feed indexed to `length`: ms from `t0`. A peer opening a thousand feeds on a busy machine may not
 * answer syncState within the client's 30 s; that is asked again, not taken for a failure.
 */
async function allSynced(peer: PeerProcess, keys: string[], length: number, t0: number, timeout: number): Promise<number> {
  const want = new Set(keys)
  for (;;) {
    const sync = await peer.api.call('syncState', {}).catch((err: { code?: string }) => {
      if (err.code === 'TIMEOUT') return null
      throw err
    })
    const done = sync ? sync.feeds.filter((f) => want.has(f.key) && f.indexedLength >= length).length : 0
    const now = performance.now() - t0
    if (done === want.size) return now
    if (now > timeout) throw new Error(`${done} of ${want.size} feeds synced after ${timeout / 1000} s`)
    await sleep(keys.length > 1_000 ? 1_000 : 100)
  }
}
