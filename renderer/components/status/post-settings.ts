// The reader's and writer's own choices about posts, kept in this browser (localStorage): link cards when
// posting, warnings always open, and warnings whose words hide a status. A hook re-renders on a change,
// also one made in another tab.
import { useSyncExternalStore } from 'react'

export interface PostSettings {
  /** Fetch a link card when posting (once, by this app; readers never fetch). */
  linkCards: boolean
  /** Show every content warning opened. */
  expandWarnings: boolean
  /** Statuses whose warning holds one of these words are hidden (case-insensitive). */
  hiddenWarningWords: string[]
}

const KEY = 'rstatus.postSettings'
const DEFAULTS: PostSettings = { linkCards: true, expandWarnings: false, hiddenWarningWords: [] }
const listeners = new Set<() => void>()
let cached: { raw: string | null; value: PostSettings } | null = null

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage
  } catch {
    return null
  }
}

export function readPostSettings(): PostSettings {
  const raw = storage()?.getItem(KEY) ?? null
  if (cached && cached.raw === raw) return cached.value
  let value = DEFAULTS
  try {
    const parsed = raw === null ? {} : (JSON.parse(raw) as Partial<PostSettings>)
    value = {
      linkCards: typeof parsed.linkCards === 'boolean' ? parsed.linkCards : DEFAULTS.linkCards,
      expandWarnings: typeof parsed.expandWarnings === 'boolean' ? parsed.expandWarnings : DEFAULTS.expandWarnings,
      hiddenWarningWords: Array.isArray(parsed.hiddenWarningWords) ? parsed.hiddenWarningWords.filter((w): w is string => typeof w === 'string') : []
    }
  } catch {
    // a damaged entry reads as the defaults
  }
  cached = { raw, value }
  return value
}

export function writePostSettings(patch: Partial<PostSettings>): void {
  storage()?.setItem(KEY, JSON.stringify({ ...readPostSettings(), ...patch }))
  for (const l of listeners) l()
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener)
  const onStorage = (e: StorageEvent) => e.key === KEY && listener()
  window.addEventListener('storage', onStorage)
  return () => {
    listeners.delete(listener)
    window.removeEventListener('storage', onStorage)
  }
}

export function usePostSettings(): PostSettings {
  return useSyncExternalStore(subscribe, readPostSettings, () => DEFAULTS)
}

/** Whether a warning holds one of the words the reader hides. */
export function warningHidden(cw: string | undefined, words: readonly string[]): boolean {
  if (cw === undefined) return false
  const text = cw.toLowerCase()
  return words.some((w) => w.trim() !== '' && text.includes(w.trim().toLowerCase()))
}
