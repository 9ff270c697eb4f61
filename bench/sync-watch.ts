// Watches an rstatus peer process while it syncs followed feeds, by polling the same API the UI uses.
import type { Api } from '../shared/api/contract.js'
import { sleep } from './stats.js'

export interface FirstSync {
  /** ms from follow until the newest status was first on the home timeline. */
  newestAt: number
  /** Blocks held (contiguously) when the newest status was first shown. */
  heldAtNewest: number
  /** ms until every block was held locally (contiguously). */
  downloadedAt: number
  /** ms until every block was downloaded and indexed and the newest status was on top. */
  doneAt: number
}

const POLL_MS = 40

/** Follows `key` and times how fast the feed of `length` blocks, newest text `newest`, reaches the timeline. */
export async function timeFirstSync(api: Api, key: string, length: number, newest: string, timeout: number): Promise<FirstSync> {
  const t0 = performance.now()
  await api.call('follow', { key })
  let newestAt = -1
  let heldAtNewest = 0
  let downloadedAt = -1
  for (;;) {
    const [page, sync] = await Promise.all([api.call('timeline', { limit: 1 }), api.call('syncState', {})])
    const now = performance.now() - t0
    const feed = sync.feeds.find((f) => f.key === key)
    const onTop = page.items[0]?.text === newest
    if (onTop && newestAt < 0) {
      newestAt = now
      heldAtNewest = feed?.localLength ?? 0
    }
    if (feed && feed.localLength >= length && downloadedAt < 0) downloadedAt = now
    if (onTop && feed && feed.indexedLength >= length) return { newestAt, heldAtNewest, downloadedAt, doneAt: now }
    if (now > timeout) throw new Error(`first sync of ${length} blocks did not finish in ${timeout / 1000} s`)
    await sleep(POLL_MS)
  }
}

/** Resolves when every feed in `keys` is indexed up to `length`; returns ms from `t0`. */
export async function timeAllSynced(api: Api, keys: string[], length: number, t0: number, timeout: number): Promise<number> {
  const want = new Set(keys)
  for (;;) {
    const sync = await api.call('syncState', {})
    const done = sync.feeds.filter((f) => want.has(f.key) && f.indexedLength >= length).length
    const now = performance.now() - t0
    if (done === want.size) return now
    if (now > timeout) throw new Error(`${done} of ${want.size} feeds synced after ${timeout / 1000} s`)
    await sleep(100)
  }
}
