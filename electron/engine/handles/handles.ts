// Verified handles on this reader (PROTOCOL.md, "Handles"): profiles shown get their mark from what the
// domain last said, and a handle not asked today is asked in the background; a handle a person types is
// resolved to the key its domain names. Asking a domain tells it this reader's address, so checks of shown
// profiles can be switched off; a handle the person types themselves is always asked.
import { RstatusError } from '../../../shared/errors.js'
import type { Profile } from '../../../shared/api/shapes.js'
import { parseHandle } from '../../../shared/handle.js'
import type { FeedKey } from '../../../shared/keys.js'
import { HandleCache, isFresh, isVerified } from './handle-cache.js'
import { lookupHandle, TXT_PREFIX, WELL_KNOWN_PATH, type LookupOptions } from './handle-lookup.js'

export interface HandlesOptions extends LookupOptions {
  /** handles.json in the data directory. */
  file: string
  /** A check changed what a handle names: profiles showing it are out of date. */
  onChange?: (handle: string) => void
  now?: () => number
}

export class Handles {
  private readonly cache: HandleCache
  private readonly asking = new Map<string, Promise<FeedKey | null>>()
  private closed = false

  constructor(private readonly opts: HandlesOptions) {
    this.cache = new HandleCache(opts.file)
  }

  get checks(): boolean {
    return this.cache.checks
  }

  setChecks(on: boolean): void {
    this.cache.checks = on
  }

  /**
   * `profile` (a profile or a status's author) with `handleVerified` when its domain's last answer named its
   * key; starts a check when due.
   */
  mark<P extends Pick<Profile, 'key' | 'handle'>>(profile: P): P {
    const { handle } = profile
    if (!handle) return profile
    const entry = this.cache.get(handle)
    if (this.cache.checks && !isFresh(entry, this.now())) void this.ask(handle)
    return this.cache.checks && isVerified(entry, profile.key) ? { ...profile, handleVerified: true } : profile
  }

  /**
   * mark, after waiting up to `waitMs` for the domain's answer when a check is due: so that a process about to
   * exit shows, and keeps, what the domain says. `handlePending` when it had not answered by then.
   */
  async markChecked<P extends Pick<Profile, 'key' | 'handle'>>(profile: P, waitMs: number): Promise<P & { handlePending?: true }> {
    const { handle } = profile
    if (!handle || !this.cache.checks || isFresh(this.cache.get(handle), this.now())) return this.mark(profile)
    let timer: NodeJS.Timeout | undefined
    const answered = await Promise.race([
      this.ask(handle).then(() => true, () => true),
      new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), waitMs)))
    ])
    clearTimeout(timer)
    const marked = this.mark(profile)
    return answered ? marked : { ...marked, handlePending: true }
  }

  /** The key the domain `input` names; asks it unless it answered with a key today. */
  async resolve(input: string): Promise<{ handle: string; key: FeedKey }> {
    const handle = parseHandle(input)
    const entry = this.cache.get(handle)
    const key = isFresh(entry, this.now()) && entry.key !== null ? entry.key : await this.ask(handle)
    if (key === null) {
      throw new RstatusError(
        'NOT_FOUND',
        `${handle} names no rstatus key: there is no TXT record ${TXT_PREFIX}${handle} with key=… and no https://${handle}${WELL_KNOWN_PATH}`
      )
    }
    return { handle, key }
  }

  async close(): Promise<void> {
    this.closed = true
  }

  private ask(handle: string): Promise<FeedKey | null> {
    const pending = this.asking.get(handle)
    if (pending) return pending
    const asked = lookupHandle(handle, this.opts).then((key) => {
      this.asking.delete(handle)
      if (this.closed) return key
      const before = this.cache.get(handle)
      try {
        this.cache.set(handle, { key, checkedAt: this.now() })
      } catch {
        // The file could not be written (a full disk): the answer holds until the next start.
      }
      if (before?.key !== key) this.opts.onChange?.(handle)
      return key
    })
    this.asking.set(handle, asked)
    return asked
  }

  private now(): number {
    return this.opts.now?.() ?? Date.now()
  }
}
