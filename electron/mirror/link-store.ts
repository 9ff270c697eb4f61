// The links a mirror keeps for the people it serves (PROTOCOL.md "Offline delivery"): `rstatus://` links to
// replies and mentions that repliers offered on their inbox channel while the person was away. Bounded in
// number, in age and per replier feed, so a stranger cannot fill it; kept in the mirror's storage.
import { readJsonFile, writeJsonFile } from '../platform/json-file.js'
import { RateLimit } from '../engine/inbox/rate-limit.js'
import { itemsFromWire } from '../engine/inbox/inbox-wire.js'

export const MIRROR_MAX_LINKS = 500
export const MIRROR_LINK_DAYS = 30
/** As a reader takes them (PROTOCOL.md "Inbox"): more from one feed in an hour are dropped. */
export const MIRROR_LINKS_PER_FEED_PER_HOUR = 20

interface HeldLink {
  uri: string
  at: number
}

export class LinkStore {
  /** Links not taken: not a canonical status link, repeated in one message, or over a feed's hourly budget. */
  refused = 0
  private links: HeldLink[]
  private readonly limit: RateLimit

  constructor(
    private readonly file: string,
    private readonly now: () => number = Date.now
  ) {
    this.limit = new RateLimit(MIRROR_LINKS_PER_FEED_PER_HOUR, 60 * 60 * 1000, now)
    const saved = readJsonFile(file)
    const list = typeof saved === 'object' && saved !== null ? (saved as { links?: unknown }).links : null
    this.links = Array.isArray(list)
      ? list.filter((l): l is HeldLink => typeof l === 'object' && l !== null && typeof l.uri === 'string' && typeof l.at === 'number')
      : []
  }

  /** Takes what an `items` message offered; returns the links new to this mirror. */
  add(offered: string[]): string[] {
    const fresh: string[] = []
    const parsed = itemsFromWire(offered)
    this.refused += Math.min(offered.length, 64) - parsed.length
    for (const { feed, uri } of parsed) {
      if (this.links.some((l) => l.uri === uri)) continue
      if (!this.limit.take(feed)) {
        this.refused++
        continue
      }
      this.links.push({ uri, at: this.now() })
      fresh.push(uri)
    }
    if (fresh.length > 0) {
      this.expire()
      this.links = this.links.slice(-MIRROR_MAX_LINKS)
      writeJsonFile(this.file, { links: this.links })
    }
    return fresh
  }

  /** Every link held, newest first. */
  held(): string[] {
    this.expire()
    return this.links.map((l) => l.uri).reverse()
  }

  private expire(): void {
    const now = this.now()
    this.links = this.links.filter((l) => now - l.at < MIRROR_LINK_DAYS * 86_400_000)
  }
}
