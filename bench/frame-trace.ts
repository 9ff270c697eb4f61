// Frame time from a Chromium trace: the renderer main thread's busy time (top-level tasks) within each
// frame interval (between BeginMainThreadFrame events). That is the work a frame costs; at 60 Hz a frame
// whose work stays within 16 ms is on time.

interface TraceEvent {
  name: string
  ph: string
  pid: number
  tid: number
  ts: number
  dur?: number
  args?: { name?: string }
}

export function frameTimes(traceJson: string | Buffer): number[] {
  const parsed = JSON.parse(traceJson.toString()) as { traceEvents?: TraceEvent[] } | TraceEvent[]
  const events = Array.isArray(parsed) ? parsed : (parsed.traceEvents ?? [])
  const mains = new Set(
    events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`)
  )
  // The page's renderer is the main thread with frames; other renderers (none expected) would have none.
  const onMain = events.filter((e) => mains.has(`${e.pid}:${e.tid}`))
  const begins = onMain.filter((e) => e.name === 'BeginMainThreadFrame').map((e) => e.ts).sort((a, b) => a - b)
  const tasks = onMain
    .filter((e) => e.ph === 'X' && e.name === 'ThreadControllerImpl::RunTask' && e.dur !== undefined)
    .sort((a, b) => a.ts - b.ts)
  const out: number[] = []
  let k = 0
  for (let i = 0; i + 1 < begins.length; i++) {
    const [from, to] = [begins[i]!, begins[i + 1]!]
    while (k < tasks.length && tasks[k]!.ts + tasks[k]!.dur! <= from) k++
    let busy = 0
    for (let j = k; j < tasks.length && tasks[j]!.ts < to; j++) {
      const t = tasks[j]!
      busy += Math.max(0, Math.min(t.ts + t.dur!, to) - Math.max(t.ts, from))
    }
    out.push(busy / 1000)
  }
  return out
}
