// Every lookup of a followed feed goes through here: the first one, the retries of a feed with no peer, and the
// periodic refresh Hyperswarm would otherwise make of every topic every ~10 minutes. They share one token
// bucket, so ten thousand follows cost at most RATE_PER_MINUTE lookups a minute (plus a burst of BURST), not
// a thousand. A feed whose author comes online later is still found: a feed with no peer is looked up again
// on a back-off, ahead of the refreshes, and a feed with a peer (every connection replicates the whole store,
// so one friend can serve hundreds of them) waits for spare budget.

export const FIRST_RETRY_MS = 2_000
export const MAX_RETRY_MS = 60_000
/** What Hyperswarm's own refresh interval is; here it is a wish, granted only from spare budget. */
export const REFRESH_MS = 10 * 60_000
/** Tokens the bucket gains a minute: the steady rate of lookups. */
export const RATE_PER_MINUTE = 60
/** Tokens the bucket holds: how many lookups may start at once (going online with a few follows). */
export const BURST = 30
/**
 * Tokens kept for feeds with no peer: lookups that only confirm a feed someone already serves (a refresh,
 * or the first lookup of a feed that a connection already carries) wait while the bucket holds fewer.
 */
export const RESERVE = 10
/**
 * First lookups of feeds with no peer have an allowance of their own, paid once per feed: going online with
 * a thousand follows, mostly dark, must not take a quarter of an hour to find the few friends who are online
 * (at the steady rate alone it would). Twenty a second finds them within a minute; the steady budget above
 * then holds the long run.
 */
export const FIRST_PER_SECOND = 20
export const FIRST_BURST = 60

interface Entry {
  satisfied: boolean
  /** A lookup of this topic has finished (or the join that added it made one). */
  lookedUp: boolean
  inFlight: boolean
  /** The back-off between lookups while there is no peer. */
  delay: number
  due: number
  /** Tie-break among first lookups: a random order, so a burst spreads over the peers that serve them. */
  order: number
  /** A feed just followed: its first lookup goes ahead of any backlog. */
  urgent: boolean
  firstDone: (() => void) | null
  first: Promise<void>
}

export interface LookupSchedulerOptions {
  now?: () => number
  random?: () => number
  /** Look for due topics this often; tests call due() themselves. */
  tickMs?: number
}

export class LookupScheduler {
  private readonly entries = new Map<string, Entry>()
  private readonly timer: NodeJS.Timeout | null
  private readonly now: () => number
  private readonly random: () => number
  private tokens = BURST
  private firstTokens = FIRST_BURST
  private filledAt: number

  constructor(
    private readonly lookup: (id: string) => Promise<void>,
    opts: LookupSchedulerOptions = {}
  ) {
    this.now = opts.now ?? Date.now
    this.random = opts.random ?? Math.random
    this.filledAt = this.now()
    const tickMs = opts.tickMs ?? 500
    this.timer = tickMs > 0 ? setInterval(() => this.tick(), tickMs) : null
    this.timer?.unref()
  }

  /**
   * Starts looking for a topic. `lookedUp` says a lookup was just made outside the scheduler (Hyperswarm's
   * join); otherwise the first lookup is queued. `satisfied`: a connection already carries the feed.
   * `urgent`: a feed the person just followed, looked up ahead of the feeds still waiting since going online.
   */
  add(id: string, opts: { lookedUp?: boolean; satisfied?: boolean; urgent?: boolean } = {}): void {
    if (this.entries.has(id)) return
    const now = this.now()
    const lookedUp = opts.lookedUp ?? false
    let firstDone: (() => void) | null = null
    const first = new Promise<void>((resolve) => (firstDone = resolve))
    const entry: Entry = { satisfied: opts.satisfied ?? false, lookedUp, inFlight: false, delay: FIRST_RETRY_MS, due: lookedUp ? now + FIRST_RETRY_MS : now, order: this.random(), urgent: opts.urgent ?? false, firstDone, first }
    this.entries.set(id, entry)
    if (lookedUp) this.resolveFirst(entry)
  }

  has(id: string): boolean {
    return this.entries.has(id)
  }

  /** Resolves once the topic's first lookup has finished (or the topic is removed, or the scheduler stops). */
  firstLookup(id: string): Promise<void> {
    return this.entries.get(id)?.first ?? Promise.resolve()
  }

  remove(id: string): void {
    const entry = this.entries.get(id)
    if (!entry) return
    this.entries.delete(id)
    this.resolveFirst(entry)
  }

  setSatisfied(id: string, satisfied: boolean): void {
    const entry = this.entries.get(id)
    if (!entry || entry.satisfied === satisfied) return
    entry.satisfied = satisfied
    const now = this.now()
    if (satisfied) {
      if (entry.lookedUp) entry.due = now + this.refreshDelay()
    } else {
      // Lost the last peer: look again soon, then back off.
      entry.delay = FIRST_RETRY_MS
      if (entry.lookedUp) entry.due = now + FIRST_RETRY_MS
    }
  }

  /**
   * Ids to look up now, granted from the bucket, and marked in flight until done(id). First lookups of
   * feeds with no peer come first, in random order, from their own allowance and then the bucket; then retries of feeds with no peer, most overdue first;
   * then, only while the bucket holds more than RESERVE, first lookups and refreshes of feeds that have a peer.
   * Exposed for tests; the timer calls it.
   */
  due(): string[] {
    const now = this.now()
    const elapsed = now - this.filledAt
    this.tokens = Math.min(BURST, this.tokens + (elapsed * RATE_PER_MINUTE) / 60_000)
    this.firstTokens = Math.min(FIRST_BURST, this.firstTokens + (elapsed * FIRST_PER_SECOND) / 1000)
    this.filledAt = now
    // The best few of thousands, in one pass: a tick grants a token or two, and sorting every due topic
    // twice a second cost milliseconds at ten thousand follows.
    const want = Math.floor(this.tokens) + Math.floor(this.firstTokens)
    if (want < 1) return []
    const best: Candidate[] = []
    for (const [id, e] of this.entries) {
      if (e.inFlight || e.due > now) continue
      const c: Candidate = [id, e, rank(e)]
      if (best.length === want && before(best[want - 1]!, c)) continue
      let i = best.length
      while (i > 0 && before(c, best[i - 1]!)) i--
      best.splice(i, 0, c)
      if (best.length > want) best.pop()
    }
    const granted: string[] = []
    for (const [id, e, r] of best) {
      if (r <= 0 && this.firstTokens >= 1) this.firstTokens--
      else if (this.tokens >= 1 && !(r >= 2 && this.tokens <= RESERVE)) this.tokens--
      else continue
      e.inFlight = true
      if (e.satisfied) e.due = now + this.refreshDelay()
      else {
        e.due = now + e.delay
        e.delay = Math.min(e.delay * 2, MAX_RETRY_MS)
      }
      granted.push(id)
    }
    return granted
  }

  /** A granted lookup ended (found something or not). */
  done(id: string): void {
    const entry = this.entries.get(id)
    if (!entry) return
    entry.inFlight = false
    entry.lookedUp = true
    this.resolveFirst(entry)
  }

  private tick(): void {
    for (const id of this.due()) {
      // A lookup that fails (no DHT nodes reachable now) counts as made: the back-off brings it round again.
      void this.lookup(id)
        .catch(() => {})
        .finally(() => this.done(id))
    }
  }

  /** Refreshes spread over a fifth of the interval, so topics added together do not come due together. */
  private refreshDelay(): number {
    return REFRESH_MS + Math.round(this.random() * (REFRESH_MS / 5))
  }

  private resolveFirst(entry: Entry): void {
    entry.firstDone?.()
    entry.firstDone = null
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer)
    for (const entry of this.entries.values()) this.resolveFirst(entry)
    this.entries.clear()
  }
}

type Candidate = [id: string, entry: Entry, rank: number]

/** Whether `a` goes before `b`: by rank, then a random order for first lookups, the most overdue otherwise. */
function before(a: Candidate, b: Candidate): boolean {
  if (a[2] !== b[2]) return a[2] < b[2]
  return a[2] === 1 || a[2] === 3 ? a[1].due < b[1].due : a[1].order < b[1].order
}

/** -1: first lookup just followed; 0: first lookup, no peer; 1: retry, no peer; 2: first lookup, has a peer; 3: refresh. */
function rank(e: Entry): number {
  if (!e.satisfied) return e.lookedUp ? 1 : e.urgent ? -1 : 0
  return e.lookedUp ? 3 : 2
}
