// `npm run bench [-- NAME...] [--quick] [--no-write]`: runs every figure (or the named ones), each measuring
// rstatus and its baseline in the same run, prints the rows and puts them into docs/BENCHMARKS.md.
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { RunContext } from './context.js'
import type { Figure, Row } from './figure.js'
import { measure, ratio } from './format.js'
import { machine } from './machine.js'
import { renderRun, writeRun, type RunInfo } from './report.js'
import { FIGURES } from './figures/all.js'

const REPORT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../docs/BENCHMARKS.md')

const args = process.argv.slice(2)
const quick = args.includes('--quick')
const write = !args.includes('--no-write')
const names = args.filter((a) => !a.startsWith('--'))
const unknown = names.filter((n) => !FIGURES.some((f) => f.name === n))
if (unknown.length > 0) {
  console.error(`rstatus bench: no figure named ${unknown.join(', ')}; choose from ${FIGURES.map((f) => f.name).join(', ')}`)
  process.exit(2)
}
const chosen: Figure[] = names.length > 0 ? FIGURES.filter((f) => names.includes(f.name)) : FIGURES

const ctx = new RunContext(quick)
const started = performance.now()
const loadStart = os.loadavg()[0]!
const rows: Array<Row & { figure: string }> = []
const failed: RunInfo['failed'] = []
let interrupted = false
process.once('SIGINT', () => {
  interrupted = true
  console.error('rstatus bench: interrupted; cleaning up')
  void ctx.close().finally(() => process.exit(130))
})

for (const figure of chosen) {
  if (interrupted) break
  console.error(`▶ ${figure.name}: ${figure.title}${quick ? ' (quick)' : ''} (load average ${os.loadavg()[0]!.toFixed(1)})`)
  const t = performance.now()
  try {
    for (const r of await figure.run(ctx)) {
      rows.push({ ...r, figure: figure.name })
      console.error(`  ${r.pass === null ? 'info' : r.pass ? 'pass' : 'MISS'} ${r.id} ${r.name}: ${measure(r.ours)} vs ${measure(r.baseline)} (${ratio(r.ratio)})`)
    }
  } catch (err) {
    const error = (err as Error)?.message?.split('\n')[0] ?? String(err)
    failed.push({ figure: figure.name, error })
    console.error(`  ✗ ${figure.name} failed: ${error}`)
    if (process.env.BENCH_DEBUG) console.error(err)
  } finally {
    await ctx.settle()
  }
  console.error(`  (${((performance.now() - t) / 1000).toFixed(1)} s)`)
}
await ctx.close()

const info: RunInfo = { date: new Date(), quick, figures: names, machine: machine(), tookMs: performance.now() - started, load: [loadStart, os.loadavg()[0]!], failed }
const text = renderRun(info, rows)
console.log(text)
if (write) {
  writeRun(REPORT, text)
  console.error(`rstatus bench: results written to ${path.relative(process.cwd(), REPORT)}`)
}
process.exit(failed.length > 0 ? 1 : 0)
