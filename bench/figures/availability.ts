// Figure 8: 20 peers follow one author (a stock writer), then the author goes offline. A new follower must
// still get the whole feed, from the followers; its time is compared with a new follower's while the author
// is online.
import { spawnPeer, type PeerProcess } from '../../test/helpers/peer.js'
import { startStockWriter } from '../../test/helpers/stock-writer.js'
import type { BenchContext } from '../context.js'
import { row, type Figure } from '../figure.js'
import { ms } from '../format.js'
import { timeFirstSync } from '../sync-watch.js'

export const availability: Figure = {
  name: 'availability',
  title: 'Availability with the author offline',
  async run(ctx) {
    const followers = ctx.quick ? 5 : 20
    const statuses = ctx.quick ? 1_000 : 5_000
    const { bootstrap } = await ctx.testnet()
    const dir = ctx.dir('availability')
    const writer = await startStockWriter({ dataDir: `${dir}/author`, bootstrap, count: statuses })
    ctx.defer(() => writer.stop())
    const newest = `status number ${statuses}`

    const peers: PeerProcess[] = await Promise.all(
      Array.from({ length: followers }, (_, i) => spawnPeer({ dataDir: `${dir}/follower-${i}`, bootstrap }))
    )
    for (const p of peers) ctx.defer(() => p.close())
    await Promise.all(peers.map((p) => timeFirstSync(p.api, writer.key, writer.length, newest, 300_000)))
    ctx.log(`${followers} followers hold the author's ${writer.length} blocks`)

    const online = await newFollower(ctx, `${dir}/new-online`, bootstrap, writer.key, writer.length, newest)
    await writer.stop()
    const offline = await newFollower(ctx, `${dir}/new-offline`, bootstrap, writer.key, writer.length, newest)
    ctx.log(`new follower: ${ms(online)} with the author online, ${ms(offline)} with it offline`)
    await Promise.all(peers.map((p) => p.close()))

    return [
      row({
        id: '8a',
        name: `Availability: a new follower gets all ${statuses.toLocaleString('en')} statuses from ${followers} followers, author offline`,
        ours: { value: offline, unit: 'ms' },
        baseline: { value: online, unit: 'ms', label: 'the same with the author online' },
        target: 'gets the whole feed',
        pass: Number.isFinite(offline),
        note: 'time from follow until every block is downloaded and indexed and the newest status is on top'
      })
    ]
  }
}

async function newFollower(ctx: BenchContext, dataDir: string, bootstrap: string, key: string, length: number, newest: string): Promise<number> {
  const peer = await spawnPeer({ dataDir, bootstrap })
  ctx.defer(() => peer.close())
  try {
    return (await timeFirstSync(peer.api, key, length, newest, 120_000)).doneAt
  } catch (err) {
    ctx.log(`new follower did not finish: ${(err as Error).message}`)
    return Infinity
  } finally {
    await peer.close()
  }
}
