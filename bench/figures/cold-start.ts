// Figure 4: from the start of a fresh engine process to its first timeline page, with 100k statuses indexed
// across 1,000 follows, against the same on a 10k store (the bar: 300 ms, and at most 1.3× as long).
import { execFileSync, fork } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import type { BenchContext } from '../context.js'
import { row, type Figure } from '../figure.js'
import { count as size, ms } from '../format.js'
import { median } from '../stats.js'
import type { StoreShape } from '../store-builder.js'

const MAIN = fileURLToPath(new URL('../cold-start-main.js', import.meta.url))
const LIMIT_MS = 300
const MAX_RATIO = 1.3

interface Start {
  processMs: number
  openMs: number
  firstPageMs: number
  items: number
}

export const coldStart: Figure = {
  name: 'cold-start',
  title: 'Cold start',
  async run(ctx) {
    const [small, large]: StoreShape[] = ctx.quick
      ? [{ feeds: 200, perFeed: 10 }, { feeds: 200, perFeed: 50 }]
      : [{ feeds: 1000, perFeed: 10 }, { feeds: 1000, perFeed: 100 }]
    const reps = ctx.quick ? 3 : 7
    const [base = [], ours = [], bare = []] = await starts(ctx, [small!, large!], reps)
    const first = median(ours.map((s) => s.processMs))
    const baseFirst = median(base.map((s) => s.processMs))
    const boot = median(bare.map((s) => s.processMs))
    return [
      row({
        id: '4a',
        name: `Cold start, ${size(large!.feeds * large!.perFeed)} statuses / ${large!.feeds} feeds: process start → first timeline page`,
        ours: { value: first, unit: 'ms' },
        baseline: { value: baseFirst, unit: 'ms', label: `${size(small!.feeds * small!.perFeed)} store` },
        target: `≤ ${LIMIT_MS} ms and ≤ ${MAX_RATIO}× baseline`,
        pass: first <= LIMIT_MS && first / baseFirst <= MAX_RATIO,
        note: `median of ${reps} fresh processes on each store, taken in turn, offline; from new Engine(): first page ${ms(median(ours.map((s) => s.firstPageMs)))} (baseline ${ms(median(base.map((s) => s.firstPageMs)))}), ready ${ms(median(ours.map((s) => s.openMs)))}; files in the OS page cache`
      }),
      row({
        id: '4b',
        name: `Cold start beside Node's own start: process start → first timeline page, ${size(large!.feeds * large!.perFeed)} statuses`,
        ours: { value: first, unit: 'ms' },
        baseline: { value: boot, unit: 'ms', label: 'node -e: process start → its first line' },
        target: '',
        pass: null,
        note: `the same runs as 4a; node -e reports performance.now() at its first line, ${reps} times, between the starts (${bare.map((s) => ms(s.processMs)).join(', ')}): boot alone, before any module of ours loads`
      })
    ]
  }
}

/** Starts on each store in turn, so a change in the machine's load falls on both sides alike. */
async function starts(ctx: BenchContext, shapes: StoreShape[], reps: number): Promise<Start[][]> {
  const stores = []
  for (const shape of shapes) stores.push(await ctx.store(shape))
  const out: Start[][] = [...stores.map(() => []), []]
  for (let i = 0; i < reps; i++) {
    for (const [j, store] of stores.entries()) out[j]!.push(await startOnce(store.dataDir))
    out[stores.length]!.push(bareNode())
  }
  stores.forEach((store, j) => ctx.log(`${size(store.statuses)}: first page ${out[j]!.map((s) => ms(s.processMs)).join(', ')} after the process started`))
  return out
}

/** Node's own boot: a process that only reports how long after its start its first line ran. */
function bareNode(): Start {
  const processMs = Number(execFileSync(process.execPath, ['-e', 'process.stdout.write(String(performance.now()))'], { encoding: 'utf8' }))
  return { processMs, openMs: 0, firstPageMs: 0, items: 0 }
}

function startOnce(dataDir: string): Promise<Start> {
  return new Promise((resolve, reject) => {
    const child = fork(MAIN, [], { env: { ...process.env, COLD_DATA: dataDir }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
    let result: Start | null = null
    child.on('message', (m) => (result = m as Start))
    child.once('exit', (code) => {
      if (result && result.items > 0) resolve(result)
      else reject(new Error(`cold start process exited with ${code} and no timeline page`))
    })
  })
}
