// Builds a data folder whose views hold `feeds` followed feeds of `perFeed` statuses each, fast: the engine's
// own feed carries real follow records, and the followed feeds' generated blocks go straight into
// Views.index() instead of being replicated. Their cores stay empty: the views are what the query, cold-start
// and memory figures read, and replicating a million blocks would take longer than everything else together.
import HyperDHT from 'hyperdht'
import ids from 'hypercore-id-encoding'
import type { FeedKey } from '../shared/keys.js'
import { encodeRecord, headerRecord } from '../shared/protocol/encode.js'
import { Engine } from '../electron/engine/engine.js'

export interface StoreShape {
  feeds: number
  perFeed: number
}

export interface BuiltStore extends StoreShape {
  dataDir: string
  me: FeedKey
  followed: FeedKey[]
  /** Statuses in the home timeline. */
  statuses: number
  buildMs: number
}

const CHUNK = 1000
const WORDS = ['river', 'coffee', 'garden', 'music', 'train', 'winter', 'market', 'bridge', 'lantern', 'harbor', 'meadow', 'orbit']

/** The text of status `n` (1-based) of a generated feed: ~100 bytes, a hashtag, a few indexable words. */
export function statusText(n: number): string {
  const w = (i: number) => WORDS[(n * 7 + i * 5) % WORDS.length]
  return `status number ${n}: the ${w(0)} and the ${w(1)} near the ${w(2)}, again today #topic${n % 40}`
}

/** Block bytes of a generated feed: header, a profile, then `count` statuses interleaved in time with others. */
export function feedBlocks(feedIndex: number, feeds: number, count: number, base: number): Uint8Array[] {
  const blocks = [encodeRecord(headerRecord()), encodeRecord({ type: 'profile', name: `Author ${feedIndex}`, bio: 'generated', createdAt: base })]
  for (let j = 0; j < count; j++) {
    const createdAt = base + (j * feeds + feedIndex) * 1000
    blocks.push(encodeRecord({ type: 'status', text: statusText(j + 1), createdAt }))
  }
  return blocks
}

export async function buildStore(dataDir: string, shape: StoreShape, log: (line: string) => void): Promise<BuiltStore> {
  const started = performance.now()
  const total = shape.feeds * shape.perFeed
  log(`building a store of ${shape.feeds} feeds × ${shape.perFeed} statuses (${total.toLocaleString('en')})…`)
  const engine = new Engine({ dataDir })
  await engine.ready()
  try {
    // A named profile, so the app opens on the timeline rather than on onboarding.
    await engine.writer.append({ type: 'profile', name: 'Bench', bio: 'reads a lot' })
    const followed = Array.from({ length: shape.feeds }, () => ids.encode(HyperDHT.keyPair().publicKey))
    for (const feed of followed) await engine.writer.append({ type: 'follow', feed })
    await engine.writer.settled()

    // Every status is in the past, so the createdAt clamp leaves the generated order alone.
    const base = Date.now() - (total + 10) * 1000
    let done = 0
    let lastLog = performance.now()
    for (let f = 0; f < followed.length; f++) {
      const blocks = feedBlocks(f, shape.feeds, shape.perFeed, base)
      for (let start = 0; start < blocks.length; start += CHUNK) {
        await engine.views.index(followed[f]!, start, blocks.slice(start, start + CHUNK))
      }
      done += shape.perFeed
      if (performance.now() - lastLog > 10_000) {
        lastLog = performance.now()
        log(`  ${done.toLocaleString('en')} of ${total.toLocaleString('en')} statuses indexed`)
      }
    }
    const me = engine.key
    const buildMs = performance.now() - started
    log(`  built in ${(buildMs / 1000).toFixed(1)} s`)
    return { ...shape, dataDir, me, followed, statuses: total, buildMs }
  } finally {
    await engine.close()
  }
}
