// Figure 11: rstatus across home routers, in the NAT lab (test/net/). A follower's first sync of a
// 20,000-status feed: from an author behind an easy NAT (holepunched), behind a hard NAT (through a stock
// blind-relay), and from a mirror alone while the author is offline; against the same sync on loopback (a
// local testnet, as the other figures run) and between two hosts on the lab's internet (direct, no NAT),
// in the same run. The routers' NAT tables are read after each run to check the path it took. The lab has
// no delay and no loss: these are costs of the path, not of a real internet's distances. It needs root.
import path from 'node:path'
import { spawnPeer } from '../../test/helpers/peer.js'
import { answeredFlows } from '../../test/net/conntrack.js'
import { labUnavailable } from '../../test/net/availability.js'
import { Lab, type Host } from '../../test/net/lab.js'
import { rstatusMirror } from '../../test/net/lab-mirror.js'
import { LabPeer } from '../../test/net/lab-peer.js'
import { startStockRelay, type StockRelay } from '../../test/net/stock-relay.js'
import type { BenchContext } from '../context.js'
import { row, type Figure, type Row } from '../figure.js'
import { ms } from '../format.js'
import { buildAuthorStore } from '../lab-author-store.js'
import { followInLab } from '../lab-reader.js'
import { median } from '../stats.js'
import type { FirstSync } from '../sync-watch.js'

const TIMEOUT_MS = 600_000

type Path = 'loopback' | 'direct' | 'holepunched' | 'relayed' | 'mirrored'

export const reach: Figure = {
  name: 'reach',
  title: 'Behind home routers (the NAT lab)',
  async run(ctx) {
    const unavailable = await labUnavailable()
    if (unavailable) {
      ctx.log(`reach: skipped, the NAT lab cannot run here: ${unavailable}`)
      return []
    }
    const size = ctx.quick ? 5_000 : 20_000
    const reps = ctx.quick ? 1 : 3
    const lab = await Lab.start()
    ctx.defer(() => lab.close())
    const relay = await startStockRelay(await lab.host('internet'), lab.bootstrap)
    ctx.defer(() => relay.stop())

    const runs = new Map<Path, FirstSync[]>()
    for (const where of ['loopback', 'direct', 'holepunched', 'relayed', 'mirrored'] as const) {
      runs.set(where, await measure(ctx, lab, where, size, reps, relay))
    }
    const k = `${size / 1000}k`
    const of = (p: Path, pick: (s: FirstSync) => number) => median(runs.get(p)!.map(pick))
    const newest = (p: Path) => ({ value: of(p, (s) => s.newestAt), unit: 'ms' })
    const done = (p: Path) => ({ value: of(p, (s) => s.doneAt), unit: 'ms' })
    const label = (m: { value: number; unit: string }, text: string) => ({ ...m, label: text })
    const times = (p: Path) => `median of ${reps}: ${runs.get(p)!.map((s) => ms(s.doneAt)).join(', ')}; the lab has no delay`
    const info = { target: '', pass: null }
    const rows: Row[] = [
      row({
        id: '11a',
        name: `Follow → newest status shown, ${k}-status feed, two peers behind easy NATs (holepunched)`,
        ours: newest('holepunched'),
        baseline: label(newest('loopback'), 'the same on loopback'),
        ...info,
        note: `median of ${reps}; includes the DHT lookup and the holepunch; between two hosts on the lab's internet ${ms(of('direct', (s) => s.newestAt))}`
      }),
      row({
        id: '11b',
        name: `First sync, ${k} statuses, holepunched behind two easy NATs`,
        ours: done('holepunched'),
        baseline: label(done('direct'), 'direct, two hosts on the lab internet'),
        ...info,
        note: times('holepunched')
      }),
      row({
        id: '11c',
        name: `First sync, ${k} statuses, relayed (stock blind-relay) between two hard NATs`,
        ours: done('relayed'),
        baseline: label(done('direct'), 'direct, two hosts on the lab internet'),
        ...info,
        note: `${times('relayed')}; newest shown after ${ms(of('relayed', (s) => s.newestAt))}`
      }),
      row({
        id: '11d',
        name: `A new follower's first sync, ${k} statuses, from a mirror alone (author offline)`,
        ours: done('mirrored'),
        baseline: label(done('holepunched'), 'from the author, behind an easy NAT'),
        ...info,
        note: `${times('mirrored')}; \`rstatus mirror serve\` on the lab's internet, the follower behind an easy NAT`
      })
    ]
    return rows
  }
}

/** An author with a fresh feed of `size` statuses placed for `where`, and `reps` new followers, each from scratch. */
async function measure(ctx: BenchContext, lab: Lab, where: Path, size: number, reps: number, relay: StockRelay): Promise<FirstSync[]> {
  const dir = ctx.dir(`reach-${where}`)
  const feed = await buildAuthorStore(path.join(dir, 'author'), size)
  const relays = where === 'relayed' ? [relay.key] : []
  let bootstrap = lab.bootstrap
  let source: Host | null = null
  if (where === 'loopback') {
    bootstrap = (await ctx.testnet()).bootstrap
    const author = await spawnPeer({ dataDir: path.join(dir, 'author'), bootstrap })
    ctx.defer(() => author.close())
  } else {
    const nat = where === 'relayed' ? 'hard' : 'easy'
    const author = new LabPeer(await lab.host(where === 'direct' ? 'internet' : await lab.router(nat)), path.join(dir, 'author'), lab, relays)
    ctx.defer(() => author.stop().then(() => {}))
    source = author.host
    if (where === 'mirrored') {
      // The author trusts a mirror, brings it up to date, and goes offline: the followers meet only the mirror.
      const { peer } = JSON.parse(await author.must(['whoami', '--json'])) as { peer: string }
      const mirror = await rstatusMirror(lab, await lab.host('internet'), path.join(dir, 'mirror'), [peer])
      ctx.defer(() => mirror.stop())
      await author.start()
      await author.must(['mirror', 'add', mirror.key])
      const synced = await author.cli(['mirror', 'sync', '--timeout', '600'], { timeout: TIMEOUT_MS })
      if (synced.code !== 0) throw new Error(`reach: the mirror did not take the feed: ${synced.stderr.trim()}`)
      await author.stop()
      source = mirror.host
    } else {
      await author.start()
    }
  }
  const out: FirstSync[] = []
  for (let rep = 0; rep < reps; rep++) {
    const host = where === 'loopback' ? null : await lab.host(where === 'direct' ? 'internet' : await lab.router(where === 'relayed' ? 'hard' : 'easy'))
    const sync = await followInLab({ host, dataDir: path.join(dir, `reader-${rep}`), bootstrap, relays, feed, timeoutMs: TIMEOUT_MS })
    if (host && source) await checkPath(where, source, host, relay.host)
    ctx.log(`reach, ${where}: newest shown ${ms(sync.newestAt)}, all indexed ${ms(sync.doneAt)}`)
    out.push(sync)
  }
  return out
}

/** A figure for a path the sync did not take would be wrong: the follower's router must show that path. */
async function checkPath(where: Path, source: Host, reader: Host, relay: Host): Promise<void> {
  const router = reader.router
  if (!router) return
  const flows = await router.flows()
  // Behind a NAT, the source shows as its router's WAN address; on the internet, as its own.
  const toSource = answeredFlows(flows, reader.address, source.router?.wan ?? source.address)
  const toRelay = answeredFlows(flows, reader.address, relay.address)
  if (toSource.length === 0 && where !== 'relayed') throw new Error(`reach: the ${where} run found no flow from the follower to where the feed was`)
  if (where === 'relayed' && (toRelay.length === 0 || toSource.length > 0)) {
    throw new Error(`reach: the relayed run carried ${toRelay.length} flows to the relay and ${toSource.length} to the author's router`)
  }
}
