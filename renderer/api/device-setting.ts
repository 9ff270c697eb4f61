// A choice kept in this browser (localStorage), for this device only: read through a parser that turns a
// missing or damaged entry into the fallback, written whole, and watched by a hook that re-renders on a
// change, also one made in another tab.
import { useSyncExternalStore } from 'react'

export interface DeviceSetting<T> {
  read(): T
  write(value: T): void
  use(): T
}

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage
  } catch {
    return null
  }
}

/** `parse` gets what JSON.parse made of the entry (undefined when there is none) and must accept anything. */
export function deviceSetting<T>(key: string, parse: (stored: unknown) => T, fallback: T): DeviceSetting<T> {
  const listeners = new Set<() => void>()
  // The same value for the same entry: useSyncExternalStore re-renders whenever read() returns a new object.
  let cached: { raw: string | null; value: T } | null = null

  const read = (): T => {
    const raw = storage()?.getItem(key) ?? null
    if (cached && cached.raw === raw) return cached.value
    let value = fallback
    try {
      value = parse(raw === null ? undefined : JSON.parse(raw))
    } catch {
      // a damaged entry reads as the fallback
    }
    cached = { raw, value }
    return value
  }

  const subscribe = (listener: () => void): (() => void) => {
    listeners.add(listener)
    const onStorage = (e: StorageEvent) => e.key === key && listener()
    window.addEventListener('storage', onStorage)
    return () => {
      listeners.delete(listener)
      window.removeEventListener('storage', onStorage)
    }
  }

  return {
    read,
    write(value: T) {
      storage()?.setItem(key, JSON.stringify(value))
      for (const l of listeners) l()
    },
    use: () => useSyncExternalStore(subscribe, read, () => fallback)
  }
}
