// Figure 11: rstatus across home routers, in the NAT lab (test/net/): a follower's first sync of a 20,000-status
// feed from an author behind an easy NAT (holepunched) and behind a hard NAT (through a stock blind-relay),
// each against the same sync between two hosts on the lab's internet (direct, no NAT) in the same run. The
// routers' NAT tables are read after each run to check the path it took. The lab has no delay and no loss:
// these are costs of the path, not of a real internet's distances. It needs root; elsewhere it says why.
import path from 'node:path'
import { answeredFlows } from '../../test/net/conntrack.js'
import { labUnavailable } from '../../test/net/availability.js'
import { Lab, type Host, type Router } from '../../test/net/lab.js'
import { LabPeer } from '../../test/net/lab-peer.js'
import { startStockRelay, type StockRelay } from '../../test/net/stock-relay.js'
import type { BenchContext } from '../context.js'
import { row, type Figure, type Row } from '../figure.js'
import { ms } from '../format.js'
import { buildAuthorStore, type AuthorStore } from '../lab-author-store.js'
import { followInLab } from '../lab-reader.js'
import { median } from '../stats.js'
import type { FirstSync } from '../sync-watch.js'

const TIMEOUT_MS = 600_000

type Path = 'direct' | 'holepunched' | 'relayed'

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
    for (const where of ['direct', 'holepunched', 'relayed'] as const) {
      runs.set(where, await measure(ctx, lab, where, size, reps, relay))
    }
    const k = `${size / 1000}k`
    const of = (p: Path, pick: (s: FirstSync) => number) => median(runs.get(p)!.map(pick))
    const note = (p: Path) => `median of ${reps}: ${runs.get(p)!.map((s) => ms(s.doneAt)).join(', ')}; the lab has no delay`
    const direct = { done: of('direct', (s) => s.doneAt), newest: of('direct', (s) => s.newestAt) }
    const baseline = (value: number) => ({ value, unit: 'ms', label: 'both on the lab internet, direct' })
    const rows: Row[] = [
      row({
        id: '11a',
        name: `Follow → newest status shown, ${k}-status feed, two peers behind easy NATs (holepunched)`,
        ours: { value: of('holepunched', (s) => s.newestAt), unit: 'ms' },
        baseline: baseline(direct.newest),
        target: '',
        pass: null,
        note: `median of ${reps}; includes the DHT lookup and the holepunch`
      }),
      row({
        id: '11b',
        name: `First sync, ${k} statuses, holepunched behind two easy NATs`,
        ours: { value: of('holepunched', (s) => s.doneAt), unit: 'ms' },
        baseline: baseline(direct.done),
        target: '',
        pass: null,
        note: note('holepunched')
      }),
      row({
        id: '11c',
        name: `Follow → newest status shown, ${k}-status feed, two peers behind hard NATs (stock blind-relay)`,
        ours: { value: of('relayed', (s) => s.newestAt), unit: 'ms' },
        baseline: baseline(direct.newest),
        target: '',
        pass: null,
        note: `median of ${reps}; the punch is skipped for two randomized NATs, so the relay is used at once`
      }),
      row({
        id: '11d',
        name: `First sync, ${k} statuses, relayed between two hard NATs`,
        ours: { value: of('relayed', (s) => s.doneAt), unit: 'ms' },
        baseline: baseline(direct.done),
        target: '',
        pass: null,
        note: note('relayed')
      })
    ]
    return rows
  }
}

/** An author with a fresh feed of `size` statuses at `where`, and `reps` new followers, each from scratch. */
async function measure(ctx: BenchContext, lab: Lab, where: Path, size: number, reps: number, relay: StockRelay): Promise<FirstSync[]> {
  const dir = ctx.dir(`reach-${where}`)
  const feed: AuthorStore = await buildAuthorStore(path.join(dir, 'author'), size)
  const kind = where === 'relayed' ? 'hard' : 'easy'
  const [authorRouter, readerRouter]: [Router | 'internet', Router | 'internet'] =
    where === 'direct' ? ['internet', 'internet'] : [await lab.router(kind), await lab.router(kind)]
  const relays = where === 'relayed' ? [relay.key] : []
  const author = new LabPeer(await lab.host(authorRouter), path.join(dir, 'author'), lab, relays)
  await author.start()
  ctx.defer(() => author.stop().then(() => {}))
  const out: FirstSync[] = []
  for (let rep = 0; rep < reps; rep++) {
    const host = await lab.host(readerRouter)
    const sync = await followInLab({ host, dataDir: path.join(dir, `reader-${rep}`), bootstrap: lab.bootstrap, relays, feed, timeoutMs: TIMEOUT_MS })
    await checkPath(where, author.host, host, relay.host)
    ctx.log(`reach, ${where}: newest shown ${ms(sync.newestAt)}, all indexed ${ms(sync.doneAt)}`)
    out.push(sync)
  }
  await author.stop()
  return out
}

/** A figure for a path the sync did not take would be wrong: the reader's router must show that path. */
async function checkPath(where: Path, author: Host, reader: Host, relay: Host): Promise<void> {
  if (where === 'direct') return
  const flows = await reader.router!.flows()
  const toAuthor = answeredFlows(flows, reader.address, author.router!.wan)
  const toRelay = answeredFlows(flows, reader.address, relay.address)
  if (where === 'holepunched' && toAuthor.length === 0) throw new Error('reach: the holepunched run found no direct flow between the routers')
  if (where === 'relayed' && (toRelay.length === 0 || toAuthor.length > 0)) {
    throw new Error(`reach: the relayed run carried ${toRelay.length} flows to the relay and ${toAuthor.length} to the author's router`)
  }
}
