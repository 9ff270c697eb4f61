// Per-feed budgets for what strangers may make this peer do: at most `limit` events per feed in any window.
import type { FeedKey } from '../../../shared/keys.js'

export class RateLimit {
  private readonly seen = new Map<FeedKey, number[]>()

  constructor(
    readonly limit: number,
    readonly windowMs: number,
    private readonly now: () => number = Date.now
  ) {}

  /** Takes one from `feed`'s budget; false when it is spent for now. */
  take(feed: FeedKey): boolean {
    const now = this.now()
    const recent = (this.seen.get(feed) ?? []).filter((t) => now - t < this.windowMs)
    if (recent.length >= this.limit) {
      this.seen.set(feed, recent)
      return false
    }
    recent.push(now)
    this.seen.set(feed, recent)
    // Forget idle feeds now and then, so the map does not grow with every stranger ever seen.
    if (this.seen.size > 10_000) for (const [k, v] of this.seen) if (v.every((t) => now - t >= this.windowMs)) this.seen.delete(k)
    return true
  }
}
