// Store and forward for sealed items (docs/PROTOCOL.md "Offline delivery"): what an always-on peer, such as
// a person's mirror, keeps for the keys it serves while their devices are away. It speaks the same channel as
// a device, asking for those keys, but cannot open what it keeps: it learns only whom an item is for, when it
// came, and its size. Bounded per key and in age, so a stranger cannot fill it.
import { EventEmitter } from 'node:events'
import ids from 'hypercore-id-encoding'
import type { FeedKey } from '../../../shared/keys.js'
import type { OutgoingItem } from './channel.js'
import { labelledHash } from './crypto.js'
import { decodeItem } from './wire.js'

export interface ItemStoreOptions {
  /** Items kept per key served; the oldest go first. */
  maxPerKey?: number
  maxAgeMs?: number
  now?: () => number
}

export class ItemStore extends EventEmitter {
  /** Items that did not decode, or were for nobody served. */
  refused = 0
  private readonly held = new Map<FeedKey, Array<{ hash: string; item: Buffer; at: number }>>()
  private readonly maxPerKey: number
  private readonly maxAgeMs: number
  private readonly now: () => number

  constructor(
    private readonly serves: FeedKey[],
    opts: ItemStoreOptions = {}
  ) {
    super()
    this.maxPerKey = opts.maxPerKey ?? 500
    this.maxAgeMs = opts.maxAgeMs ?? 30 * 86_400_000
    this.now = opts.now ?? Date.now
  }

  readKeys(): FeedKey[] {
    return this.serves
  }

  itemsFor(keys: Iterable<FeedKey>): Buffer[] {
    const now = this.now()
    return [...new Set(keys)].flatMap((k) => (this.held.get(k) ?? []).filter((h) => now - h.at < this.maxAgeMs).map((h) => h.item))
  }

  async receiveItems(encoded: Uint8Array[]): Promise<void> {
    const fresh: OutgoingItem[] = []
    for (const bytes of encoded) {
      const decoded = decodeItem(bytes)
      const to = decoded.ok ? ids.encode(decoded.value.to) : null
      if (to === null || !this.serves.includes(to)) {
        this.refused++
        continue
      }
      const item = Buffer.from(bytes)
      const hash = labelledHash('rstatus/dm/item', item, 16).toString('hex')
      const list = this.held.get(to) ?? []
      if (list.some((h) => h.hash === hash)) continue
      list.push({ hash, item, at: this.now() })
      this.held.set(to, list.slice(-this.maxPerKey))
      fresh.push({ to, item })
    }
    if (fresh.length > 0) this.emit('items', fresh)
  }
}
