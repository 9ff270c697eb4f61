// Statuses that feeds we hold point at (a repost's original, a reply's parent and root) may live in feeds we
// do not follow. They are fetched one block at a time, sparsely, so a repost shows its original and a thread
// its root, without replicating a stranger's whole feed. The queue is bounded and deduplicated.

export const FETCH_CONCURRENCY = 2
export const MAX_QUEUE = 1000
/** A URI that failed is not tried again for this long. */
export const RETRY_AFTER_MS = 10 * 60 * 1000

export class ReferenceFetcher {
  private readonly queue: string[] = []
  private readonly queued = new Set<string>()
  private readonly failedAt = new Map<string, number>()
  private active = 0
  private closed = false
  /** Offline, references queue up and wait for the network. */
  private paused = true

  constructor(private readonly fetchOne: (uri: string) => Promise<boolean>) {}

  add(uris: Iterable<string>): void {
    for (const uri of uris) {
      if (this.closed || this.queued.has(uri) || this.queue.length >= MAX_QUEUE) continue
      const failed = this.failedAt.get(uri)
      if (failed !== undefined && Date.now() - failed < RETRY_AFTER_MS) continue
      this.queued.add(uri)
      this.queue.push(uri)
    }
    this.pump()
  }

  get pending(): number {
    return this.queue.length + this.active
  }

  resume(): void {
    this.paused = false
    this.pump()
  }

  private pump(): void {
    while (!this.closed && !this.paused && this.active < FETCH_CONCURRENCY && this.queue.length > 0) {
      const uri = this.queue.shift()!
      this.active++
      void this.fetchOne(uri)
        // a fetch that throws failed like one that found nothing: tried again after RETRY_AFTER_MS
        .catch(() => false)
        .then((ok) => {
          if (!ok) this.failedAt.set(uri, Date.now())
          this.queued.delete(uri)
          this.active--
          this.pump()
        })
    }
  }

  close(): void {
    this.closed = true
    this.queue.length = 0
    this.queued.clear()
  }
}
