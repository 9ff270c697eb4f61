// "5m", "3h", "Mar 4": short for reading, the exact time on hover and for screen readers.
import { useSyncExternalStore } from 'react'

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

const TICK = 15_000
const listeners = new Set<() => void>()
let timer: ReturnType<typeof setInterval> | null = null

function subscribe(fn: () => void): () => void {
  listeners.add(fn)
  timer ??= setInterval(() => {
    for (const l of [...listeners]) l()
  }, TICK)
  return () => {
    listeners.delete(fn)
    if (listeners.size === 0 && timer) {
      clearInterval(timer)
      timer = null
    }
  }
}

// Stable between ticks, as useSyncExternalStore requires of a snapshot.
const currentTick = () => Math.floor(Date.now() / TICK) * TICK

export function relativeTime(at: number, from: number): string {
  const ago = from - at
  if (ago < MINUTE) return 'now'
  if (ago < HOUR) return `${Math.floor(ago / MINUTE)}m`
  if (ago < DAY) return `${Math.floor(ago / HOUR)}h`
  if (ago < 7 * DAY) return `${Math.floor(ago / DAY)}d`
  const date = new Date(at)
  const sameYear = date.getFullYear() === new Date(from).getFullYear()
  return (sameYear ? SHORT_DATE : MEDIUM_DATE).format(date)
}

// One formatter per style: toLocaleString with options builds a new Intl.DateTimeFormat on every call, which
// showed in scrolling profiles (a row mounts for every status that scrolls into view).
const SHORT_DATE = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' })
const MEDIUM_DATE = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' })
const EXACT = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'short' })

export function exactTime(at: number): string {
  return EXACT.format(new Date(at))
}

export function RelativeTime({ at }: { at: number }) {
  const current = useSyncExternalStore(subscribe, currentTick)
  const exact = exactTime(at)
  return (
    <time dateTime={new Date(at).toISOString()} title={exact} aria-label={exact}>
      {relativeTime(at, current)}
    </time>
  )
}
