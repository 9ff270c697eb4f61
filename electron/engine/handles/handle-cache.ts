// What this reader learned from domains (PROTOCOL.md, "Handles"), kept in handles.json so that a restart does
// not ask them again: per handle, the key it named (or none) and when it was asked; and whether checks are on.
// Not derived from any feed, so it lives outside the views and survives a reindex.
import { isHandle } from '../../../shared/handle.js'
import { isKey, type FeedKey } from '../../../shared/keys.js'
import { readJsonFile, writeJsonFile } from '../../platform/json-file.js'

/** A domain is asked at most once a day per handle. */
export const CHECK_INTERVAL_MS = 24 * 60 * 60 * 1000
/** Handles remembered; the ones asked longest ago are forgotten first. */
export const MAX_ENTRIES = 2000

export interface HandleEntry {
  /** The key the domain named when asked, or null when it named none. */
  key: FeedKey | null
  checkedAt: number
}

export interface HandleCacheData {
  checks: boolean
  entries: Map<string, HandleEntry>
}

/** Whether an entry still answers without asking the domain again. */
export function isFresh(entry: HandleEntry | undefined, now: number): entry is HandleEntry {
  // A clock set back must not make an entry fresh for longer than a day.
  return entry !== undefined && now >= entry.checkedAt && now - entry.checkedAt < CHECK_INTERVAL_MS
}

/** A profile claiming `handle` is verified when the domain's last answer named its key. */
export function isVerified(entry: HandleEntry | undefined, key: FeedKey): boolean {
  return entry?.key === key
}

/** The file's content; anything damaged or unknown in it reads as not there (checks on, nothing asked). */
export function parseHandleCache(value: unknown): HandleCacheData {
  const out: HandleCacheData = { checks: true, entries: new Map() }
  if (typeof value !== 'object' || value === null) return out
  const v = value as Record<string, unknown>
  if (v.checks === false) out.checks = false
  const entries = v.entries
  if (typeof entries !== 'object' || entries === null || Array.isArray(entries)) return out
  for (const [handle, e] of Object.entries(entries as Record<string, unknown>)) {
    if (!isHandle(handle) || typeof e !== 'object' || e === null) continue
    const { key, checkedAt } = e as Record<string, unknown>
    if (typeof checkedAt !== 'number' || !Number.isFinite(checkedAt)) continue
    if (key !== null && !(typeof key === 'string' && isKey(key))) continue
    out.entries.set(handle, { key: key as FeedKey | null, checkedAt })
  }
  return out
}

export class HandleCache {
  private readonly data: HandleCacheData

  constructor(private readonly file: string) {
    this.data = parseHandleCache(readJsonFile(file))
  }

  get checks(): boolean {
    return this.data.checks
  }

  set checks(on: boolean) {
    this.data.checks = on
    this.save()
  }

  get(handle: string): HandleEntry | undefined {
    return this.data.entries.get(handle)
  }

  set(handle: string, entry: HandleEntry): void {
    const { entries } = this.data
    entries.delete(handle)
    entries.set(handle, entry)
    if (entries.size > MAX_ENTRIES) {
      const oldest = [...entries].sort((a, b) => a[1].checkedAt - b[1].checkedAt).slice(0, entries.size - MAX_ENTRIES)
      for (const [h] of oldest) entries.delete(h)
    }
    this.save()
  }

  private save(): void {
    writeJsonFile(this.file, { checks: this.data.checks, entries: Object.fromEntries(this.data.entries) })
  }
}
