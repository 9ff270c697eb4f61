// Which lists the person pinned in the nav, kept in this browser (localStorage) beside the other choices about
// this window (post-settings.ts): a pin arranges one device's screen, while the lists themselves are private
// data on every device. A hook re-renders on a change, also one made in another tab.
import { useSyncExternalStore } from 'react'

const KEY = 'rstatus.pinnedLists'
const NONE: readonly string[] = []
const listeners = new Set<() => void>()
let cached: { raw: string | null; value: readonly string[] } | null = null

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage
  } catch {
    return null
  }
}

/** The pinned list names, in the order they were pinned. */
export function readPinnedLists(): readonly string[] {
  const raw = storage()?.getItem(KEY) ?? null
  if (cached && cached.raw === raw) return cached.value
  let value = NONE
  try {
    const parsed: unknown = raw === null ? [] : JSON.parse(raw)
    if (Array.isArray(parsed)) value = parsed.filter((n): n is string => typeof n === 'string')
  } catch {
    // a damaged entry reads as no pins
  }
  cached = { raw, value }
  return value
}

export function setListPinned(name: string, pinned: boolean): void {
  const rest = readPinnedLists().filter((n) => n !== name)
  storage()?.setItem(KEY, JSON.stringify(pinned ? [...rest, name] : rest))
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

export function usePinnedLists(): readonly string[] {
  return useSyncExternalStore(subscribe, readPinnedLists, () => NONE)
}
