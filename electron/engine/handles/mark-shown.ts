// Every person an answer names (a profile, a status's author, a notification's sender, a person row) carries
// the handle their profile claims; before the answer leaves the engine, each gets its mark from the Handles
// service, which also starts the day's check of a handle it has not asked yet. Marking the answer, not each
// handler, keeps "only for handles shown" true of every screen and door at once.
import type { Handles } from './handles.js'
import type { FeedKey } from '../../../shared/keys.js'

type Markable = { key: FeedKey; handle?: string }

/** `value` with every plain object that holds a `key` and a claimed `handle` marked; the rest as it was. */
export function markShown<T>(value: T, handles: Pick<Handles, 'mark'>): T {
  return walk(value, handles) as T
}

function walk(value: unknown, handles: Pick<Handles, 'mark'>): unknown {
  if (Array.isArray(value)) {
    let changed = false
    const out = value.map((v) => {
      const w = walk(v, handles)
      if (w !== v) changed = true
      return w
    })
    return changed ? out : value
  }
  if (!isPlainObject(value)) return value
  let out: Record<string, unknown> = value
  for (const [k, v] of Object.entries(value)) {
    const w = walk(v, handles)
    if (w !== v) {
      if (out === value) out = { ...value }
      out[k] = w
    }
  }
  if (typeof out.key === 'string' && typeof out.handle === 'string') return handles.mark(out as Markable)
  return out
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false
  const proto = Object.getPrototypeOf(value)
  return proto === Object.prototype || proto === null
}

/** `handlers`, each marking what it answers with; `except` answer with handles that are not people shown. */
export function markingAnswers<H extends Record<string, (params: never) => Promise<unknown>>>(
  handlers: H,
  handles: Pick<Handles, 'mark'>,
  except: ReadonlyArray<keyof H>
): H {
  const out = { ...handlers }
  for (const name of Object.keys(handlers) as Array<keyof H>) {
    if (except.includes(name)) continue
    const handler = handlers[name]!
    out[name] = (async (params: never) => markShown(await handler(params), handles)) as H[keyof H]
  }
  return out
}
