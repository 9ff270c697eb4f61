// Resident memory of another process, read from /proc (Linux): the figure is the engine's own footprint,
// measured from outside so the measuring adds nothing to it.
import fs from 'node:fs'

export interface Rss {
  /** Current resident set, MB. */
  rss: number
  /** Peak resident set since the process started, MB. */
  peak: number
}

export function rssOf(pid: number): Rss {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8')
  return { rss: kbField(status, 'VmRSS') / 1024, peak: kbField(status, 'VmHWM') / 1024 }
}

function kbField(status: string, name: string): number {
  const m = new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)
  if (!m) throw new Error(`no ${name} in /proc status (is this Linux?)`)
  return Number(m[1])
}
