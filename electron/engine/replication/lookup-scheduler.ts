// Keeps looking for feeds that have no peer, without flooding the DHT. Hyperswarm looks a topic up once on
// join and then only every ~10 minutes; a feed whose author comes online a minute later would stay dark.
// Each unsatisfied topic is retried on its own exponential backoff, and all retries share one budget per
// minute, so 1,000 follows cost at most MAX_PER_MINUTE lookups a minute, not thousands.

export const FIRST_RETRY_MS = 2_000
export const MAX_RETRY_MS = 60_000
export const MAX_PER_MINUTE = 60

interface Entry {
  satisfied: boolean
  delay: number
  due: number
}

export class LookupScheduler {
  private readonly entries = new Map<string, Entry>()
  private readonly timer: NodeJS.Timeout
  private windowStart = Date.now()
  private usedInWindow = 0
  private running = false

  constructor(
    private readonly lookup: (id: string) => Promise<void>,
    private readonly now: () => number = Date.now
  ) {
    this.timer = setInterval(() => void this.tick(), 500)
    this.timer.unref()
  }

  add(id: string): void {
    // The join itself is the first lookup; the first retry comes after FIRST_RETRY_MS.
    this.entries.set(id, { satisfied: false, delay: FIRST_RETRY_MS, due: this.now() + FIRST_RETRY_MS })
  }

  remove(id: string): void {
    this.entries.delete(id)
  }

  setSatisfied(id: string, satisfied: boolean): void {
    const entry = this.entries.get(id)
    if (!entry || entry.satisfied === satisfied) return
    entry.satisfied = satisfied
    if (!satisfied) {
      // Lost the last peer: look again soon, then back off.
      entry.delay = FIRST_RETRY_MS
      entry.due = this.now() + FIRST_RETRY_MS
    }
  }

  /** Ids due for a lookup now, most overdue first, within this minute's budget. Exposed for tests. */
  due(): string[] {
    const now = this.now()
    if (now - this.windowStart >= 60_000) {
      this.windowStart = now
      this.usedInWindow = 0
    }
    const budget = MAX_PER_MINUTE - this.usedInWindow
    if (budget <= 0) return []
    const due = [...this.entries]
      .filter(([, e]) => !e.satisfied && e.due <= now)
      .sort((a, b) => a[1].due - b[1].due)
      .slice(0, budget)
    for (const [, e] of due) {
      e.delay = Math.min(e.delay * 2, MAX_RETRY_MS)
      e.due = now + e.delay
    }
    this.usedInWindow += due.length
    return due.map(([id]) => id)
  }

  private async tick(): Promise<void> {
    if (this.running) return
    this.running = true
    try {
      await Promise.all(this.due().map((id) => this.lookup(id)))
    } finally {
      this.running = false
    }
  }

  stop(): void {
    clearInterval(this.timer)
    this.entries.clear()
  }
}
