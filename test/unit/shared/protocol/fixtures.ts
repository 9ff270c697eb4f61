// Keys and helpers shared by the protocol tests. Keys are fixed bytes, so failures reproduce.
import assert from 'node:assert/strict'
import ids from 'hypercore-id-encoding'
import { statusUri } from '../../../../shared/keys.js'
import type { FeedRecord } from '../../../../shared/protocol/records.js'
import { decodeBlock, type Decoded } from '../../../../shared/protocol/validate.js'

export function keyOf(fill: number): string {
  return ids.encode(Buffer.alloc(32, fill))
}

/** The feed whose blocks the tests decode. */
export const ME = keyOf(1)
export const OTHER = keyOf(2)
export const THIRD = keyOf(3)
export const T = 1_750_000_000_000

export function ref(key: string, seq: number): string {
  return statusUri(key, seq)
}

export function decodeJson(value: unknown, seq = 10, feed = ME): Decoded {
  return decodeBlock(new TextEncoder().encode(JSON.stringify(value)), { feed, seq })
}

export function accepts(value: unknown, seq = 10, feed = ME): FeedRecord {
  const result = decodeJson(value, seq, feed)
  assert.ok(result.ok, `expected ${JSON.stringify(value)?.slice(0, 200)} to be accepted, got: ${result.ok ? '' : result.reason}`)
  assert.ok(result.record !== null, 'expected a known record type')
  return result.record
}

export function rejects(value: unknown, reason?: RegExp, seq = 10, feed = ME): string {
  const result = decodeJson(value, seq, feed)
  assert.equal(result.ok, false, `expected ${JSON.stringify(value)?.slice(0, 200)} to be rejected`)
  if (result.ok) throw new Error('unreachable')
  if (reason) assert.match(result.reason, reason)
  return result.reason
}

/** A small deterministic PRNG (mulberry32), so generated cases reproduce from their seed. */
export class Rng {
  private state: number
  constructor(seed: number) {
    this.state = seed >>> 0
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0
    let t = this.state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1))
  }
  chance(p: number): boolean {
    return this.next() < p
  }
  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)]
    if (item === undefined) throw new Error('pick from an empty list')
    return item
  }
}
