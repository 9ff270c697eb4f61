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
import { timeAllSynced } from './sync-watch.js'

export const PER_FEED = 100

export interface FollowManyShape {
  feeds: number
  writers: number
  /**
   * Keep the writers' stores in this folder under the system's temp dir, across runs: 10,000 feeds take
   * minutes to write. The stock processes reuse a feed they find written.
   */
  cacheAs?: string
  syncTimeoutMs: number
}

export interface FollowMany {
  keys: string[]
  /** Blocks per feed, the header included. */
  length: number
  peer: PeerProcess
  /** performance.now() at the first follow call. */
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

  const peer = await spawnPeer({ dataDir: `${dir}/peer`, bootstrap })
  ctx.defer(() => peer.close())
  const lookupsBefore = await lookupsOf(peer)
  const t0 = performance.now()
  await inParallel(keys, 8, (key) => peer.api.call('follow', { key }))
  const followedMs = performance.now() - t0
  const syncedMs = await timeAllSynced(peer.api, keys, length, t0, shape.syncTimeoutMs)
  const lookupsAtSync = await lookupsOf(peer)
  ctx.log(`rstatus: ${keys.length} follows made in ${ms(followedMs)}, all synced ${ms(syncedMs)}, ${lookupsAtSync - lookupsBefore} lookups so far`)
  return { keys, length, peer, t0, lookupsBefore, followedMs, syncedMs, lookupsAtSync, stockMs: stock.at, stockRss }
}
