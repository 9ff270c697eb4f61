// Fake feeds written with the real encoder, and views in a temp dir, for the views tests.
import ids from 'hypercore-id-encoding'
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Notification } from '../../../../../shared/api/notifications.js'
import type { Page, StatusView } from '../../../../../shared/api/shapes.js'
import { parseStatusUri, statusUri, type FeedKey } from '../../../../../shared/keys.js'
import { encodeRecord, headerRecord } from '../../../../../shared/protocol/encode.js'
import type { FeedRecord, Mention } from '../../../../../shared/protocol/records.js'
import type { ViewStore } from '../../../../../electron/engine/views/worker.js'
import type { IndexResult } from '../../../../../electron/engine/views/values.js'
import { Views } from '../../../../../electron/engine/views/views.js'

/** A fixed clock: createdAt values in the tests sit well before it, so nothing is clamped unless meant to be. */
export const T0 = 1_700_000_000_000
export const NOW = T0 + 1_000_000_000

export function randomKey(): FeedKey {
  return ids.encode(crypto.randomBytes(32))
}

// One clock for every fake feed, so records sort in the order the test wrote them.
let clock = T0

/** A feed's blocks in memory, block 0 the header. */
export class FakeFeed {
  readonly key = randomKey()
  readonly blocks: Uint8Array[] = [encodeRecord(headerRecord())]

  get length(): number {
    return this.blocks.length
  }

  /** Appends a record (createdAt filled in, one second after the previous record of any feed); returns its URI. */
  append(record: Record<string, unknown> & { type: string }): string {
    clock += 1000
    const full = { createdAt: clock, ...record } as unknown as FeedRecord
    this.blocks.push(encodeRecord(full))
    return statusUri(this.key, this.blocks.length - 1)
  }

  /** Appends raw bytes (to break the format on purpose). */
  appendRaw(bytes: Uint8Array | string): number {
    this.blocks.push(typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes)
    return this.blocks.length - 1
  }

  status(text: string, extra: { replyTo?: string; root?: string; mentions?: Mention[]; createdAt?: number } = {}): string {
    return this.append({ type: 'status', text, ...extra })
  }

  /** A status with a poll that ends `minutes` after it is written. */
  poll(text: string, choices: string[], minutes = 10): { uri: string; endsAt: number } {
    const endsAt = clock + 1000 + minutes * 60_000
    return { uri: this.append({ type: 'status', text, poll: { choices, endsAt } }), endsAt }
  }

  reply(to: string, text: string, root?: string): string {
    return this.status(text, { replyTo: to, root: root ?? to })
  }

  repost(of: string): string {
    return this.append({ type: 'repost', of })
  }

  like(of: string): string {
    return this.append({ type: 'like', of })
  }

  unlike(of: string): string {
    return this.append({ type: 'unlike', of })
  }

  profile(name: string, bio = ''): string {
    return this.append({ type: 'profile', name, bio })
  }

  follow(feed: FeedKey): string {
    return this.append({ type: 'follow', feed })
  }

  unfollow(feed: FeedKey): string {
    return this.append({ type: 'unfollow', feed })
  }

  delete(of: string): string {
    return this.append({ type: 'delete', of })
  }
}

export interface Harness {
  views: Views
  dir: string
  me: FakeFeed
  /** Indexes every block of `feed` not yet indexed, in order, as the engine's indexer does. */
  sync(feed: FakeFeed, opts?: { now?: number }): Promise<IndexResult>
  reopen(): Promise<Views>
  cleanup(): Promise<void>
}

export async function openHarness(me = new FakeFeed()): Promise<Harness> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rstatus-views-'))
  const h: Harness = {
    views: await Views.open(path.join(dir, 'views'), { me: me.key }),
    dir,
    me,
    async sync(feed, opts = {}) {
      const start = await h.views.indexedLength(feed.key)
      return h.views.index(feed.key, start, feed.blocks.slice(start), { now: opts.now ?? NOW })
    },
    async reopen() {
      await h.views.close()
      h.views = await Views.open(path.join(dir, 'views'), { me: me.key })
      return h.views
    },
    async cleanup() {
      await h.views.close().catch(() => {})
      fs.rmSync(dir, { recursive: true, force: true })
    }
  }
  return h
}

/** Every item of a paged query, following cursors; fails on a repeated cursor so a bug cannot loop forever. */
export async function allPages<T>(fetch: (cursor?: string) => Promise<Page<T>>): Promise<T[]> {
  const items: T[] = []
  const seen = new Set<string>()
  let cursor: string | undefined
  for (;;) {
    const page = await fetch(cursor)
    items.push(...page.items)
    if (page.cursor === null) return items
    if (seen.has(page.cursor)) throw new Error('a cursor came back twice')
    seen.add(page.cursor)
    cursor = page.cursor
  }
}

/** The view of the status at `uri`, or null. */
export function viewOf(views: Views, uri: string): Promise<StatusView | null> {
  const { key, seq } = parseStatusUri(uri)
  return views.status(key, seq)
}

export function texts(items: StatusView[]): string[] {
  return items.map((s) => s.text)
}

/** Notifications as `kind from-name`, newest first. */
export function kinds(items: Notification[]): string[] {
  return items.map((n) => `${n.kind} ${n.from.name ?? n.from.key.slice(0, 8)}`)
}

/** Everything the views answer about these feeds, for comparing two views built in different ways. */
export async function snapshot(views: ViewStore, feeds: FakeFeed[], words: string[]): Promise<unknown> {
  const page = { limit: 7 }
  const out: Record<string, unknown> = {
    timeline: await allPages((cursor) => views.timeline({ ...page, ...(cursor ? { cursor } : {}) })),
    mentions: await allPages((cursor) => views.mentions({ ...page, ...(cursor ? { cursor } : {}) })),
    requests: await allPages((cursor) => views.requests({ ...page, ...(cursor ? { cursor } : {}) })),
    notifications: await allPages((cursor) => views.notifications({ ...page, ...(cursor ? { cursor } : {}) })),
    unread: (await views.notifications({ limit: 1 })).unread,
    people: await views.people('', 100)
  }
  for (const w of words) {
    out[`tag:${w}`] = await allPages((cursor) => views.hashtag(w, { ...page, ...(cursor ? { cursor } : {}) }))
    out[`search:${w}`] = await allPages((cursor) => views.search(w, { ...page, ...(cursor ? { cursor } : {}) }))
  }
  for (const f of feeds) {
    out[`profile:${f.key}`] = await views.profileView(f.key)
    out[`statuses:${f.key}`] = await allPages((cursor) =>
      views.profileStatuses(f.key, { ...page, ...(cursor ? { cursor } : {}) })
    )
    out[`invalid:${f.key}`] = await views.invalidCount(f.key)
    out[`pinned:${f.key}`] = await views.pinned(f.key)
    for (let seq = 1; seq < f.length; seq++) {
      out[`thread:${f.key}/${seq}`] = await views.thread(statusUri(f.key, seq))
      out[`history:${f.key}/${seq}`] = await views.history(f.key, seq)
      out[`quotes:${f.key}/${seq}`] = await views.quotes(f.key, seq)
    }
  }
  return out
}
