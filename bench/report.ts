// Writes a run's rows into docs/BENCHMARKS.md, between the results markers, newest run first. The rest of the
// file (how to read it, the findings) is prose kept by hand and never touched here.
import fs from 'node:fs'
import type { Row } from './figure.js'
import { measure, ratio } from './format.js'
import { describeMachine, type Machine } from './machine.js'

export const RESULTS_START = '<!-- bench:results:start -->'
export const RESULTS_END = '<!-- bench:results:end -->'
const RUN_MARK = '<!-- bench:run -->'
/** Older runs beyond this many fall off the file (git keeps them). */
const KEEP_RUNS = 6

export interface RunInfo {
  date: Date
  quick: boolean
  figures: string[]
  machine: Machine
  tookMs: number
  /** 1-minute load averages at the start and the end: above the core count, other work shared the CPUs. */
  load: [number, number]
  /** Figures that threw instead of measuring, with the one-line reason. */
  failed: Array<{ figure: string; error: string }>
}

/** The command that reproduces a run or one figure of it. */
export function command(quick: boolean, figures?: string): string {
  return `npm run bench${quick ? ':quick' : ''}${figures ? ` -- ${figures}` : ''}`
}

export function renderRun(info: RunInfo, rows: Array<Row & { figure: string }>): string {
  const when = info.date.toISOString().replace('T', ' ').slice(0, 16) + ' UTC'
  const scope = info.figures.length > 0 ? info.figures.join(', ') : 'all figures'
  const lines = [
    RUN_MARK,
    `### ${when}: ${info.quick ? 'quick' : 'full'} run, ${scope}`,
    '',
    `Machine: ${describeMachine(info.machine)}. Load average ${info.load[0].toFixed(1)} at the start, ` +
      `${info.load[1].toFixed(1)} at the end. Took ${(info.tookMs / 60_000).toFixed(1)} min. ` +
      `Reproduce: \`${command(info.quick, info.figures.join(' ') || undefined)}\`.`,
    '',
    '| # | Figure | rstatus | Baseline | Ratio | Target | Result | Reproduce |',
    '|---|---|---|---|---|---|---|---|'
  ]
  for (const r of rows) {
    const result = r.pass === null ? 'info' : r.pass ? '**pass**' : '**MISS**'
    lines.push(
      `| ${r.id} | ${cell(r.name)} | ${cell(measure(r.ours))} | ${cell(measure(r.baseline))} | ${ratio(r.ratio)} | ` +
        `${cell(r.target || '—')} | ${result} | \`${command(info.quick, r.figure)}\` |`
    )
  }
  const notes = rows.filter((r) => r.note)
  if (notes.length > 0) {
    lines.push('', ...notes.map((r) => `- ${r.id}: ${r.note}`))
  }
  if (info.failed.length > 0) {
    lines.push('', ...info.failed.map((f) => `- **${f.figure} did not finish:** ${f.error}`))
  }
  lines.push('')
  return lines.join('\n')
}

/** Puts `run` first in the results section of `file`, keeping the newest KEEP_RUNS runs. */
export function writeRun(file: string, run: string): void {
  const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : `# Benchmarks\n\n${RESULTS_START}\n${RESULTS_END}\n`
  const start = text.indexOf(RESULTS_START)
  const end = text.indexOf(RESULTS_END)
  if (start < 0 || end < start) throw new Error(`${file} has no ${RESULTS_START} … ${RESULTS_END} section`)
  const inner = text.slice(start + RESULTS_START.length, end)
  const runs = inner.split(RUN_MARK).map((r) => r.trim()).filter((r) => r.length > 0)
  const kept = [run.trim(), ...runs.map((r) => `${RUN_MARK}\n${r}`)].slice(0, KEEP_RUNS)
  const section = `${RESULTS_START}\n${kept.join('\n\n')}\n${RESULTS_END}`
  fs.writeFileSync(file, text.slice(0, start) + section + text.slice(end + RESULTS_END.length))
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ')
}
