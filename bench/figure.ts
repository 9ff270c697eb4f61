// What a figure module gives the harness: rows of our value against a baseline measured in the same run.
import type { BenchContext } from './context.js'

export interface Measure {
  value: number
  unit: string
  /** What was measured, when the row name does not say it (e.g. "stock reader: replicate + read"). */
  label?: string
}

export interface Row {
  /** The figure's number in docs/BENCHMARKS.md and a letter: "1a". */
  id: string
  name: string
  ours: Measure
  baseline: Measure | null
  /** ours / baseline; null when there is no baseline. */
  ratio: number | null
  /** The bar, in words ("≤ 1.0× baseline", "≤ 5 ms"); empty when the row is informational. */
  target: string
  /** null: informational, no bar to pass. */
  pass: boolean | null
  /** One line of context a reader needs (sizes, counts, what the baseline did). */
  note?: string
}

export interface Figure {
  /** What `npm run bench -- <name>` selects. */
  name: string
  title: string
  run(ctx: BenchContext): Promise<Row[]>
}

/** A row with the ratio filled in from the two measures. */
export function row(r: Omit<Row, 'ratio'> & { ratio?: number | null }): Row {
  const ratio = r.ratio !== undefined ? r.ratio : r.baseline && r.baseline.value > 0 ? r.ours.value / r.baseline.value : null
  return { ...r, ratio }
}
