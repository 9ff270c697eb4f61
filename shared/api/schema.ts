// A tiny runtime schema, so the RPC contract is written once: the types are inferred from the same
// objects that validate messages at every door (MessagePort, WebSocket, HTTP).
import { RstatusError } from '../errors.js'

export interface Schema<T> {
  readonly optional: boolean
  parse(value: unknown, path: string): T
}

export type Infer<S> = S extends Schema<infer T> ? T : never

type Shape = Record<string, Schema<unknown>>
type RequiredKeys<S extends Shape> = { [K in keyof S]: S[K]['optional'] extends true ? never : K }[keyof S]
type OptionalKeys<S extends Shape> = { [K in keyof S]: S[K]['optional'] extends true ? K : never }[keyof S]
export type InferShape<S extends Shape> = { [K in RequiredKeys<S>]: Infer<S[K]> } & {
  [K in OptionalKeys<S>]?: Infer<S[K]>
}

function bad(path: string, what: string): RstatusError {
  return new RstatusError('INVALID_INPUT', `${path || 'params'} ${what}`)
}

export function str(opts: { min?: number; max?: number } = {}): Schema<string> {
  const { min = 0, max = 100_000 } = opts
  return {
    optional: false,
    parse(value, path) {
      if (typeof value !== 'string') throw bad(path, 'must be a string')
      if (value.length < min) throw bad(path, min === 1 ? 'must not be empty' : `must be at least ${min} characters`)
      if (value.length > max) throw bad(path, `must be at most ${max} characters`)
      return value
    }
  }
}

export function int(opts: { min?: number; max?: number } = {}): Schema<number> {
  const { min = 0, max = Number.MAX_SAFE_INTEGER } = opts
  return {
    optional: false,
    parse(value, path) {
      if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw bad(path, 'must be a whole number')
      if (value < min || value > max) throw bad(path, `must be between ${min} and ${max}`)
      return value
    }
  }
}

export function bool(): Schema<boolean> {
  return {
    optional: false,
    parse(value, path) {
      if (typeof value !== 'boolean') throw bad(path, 'must be true or false')
      return value
    }
  }
}

export function optional<T>(inner: Schema<T>): Schema<T | undefined> & { optional: true } {
  return {
    optional: true,
    parse(value, path) {
      return value === undefined || value === null ? undefined : inner.parse(value, path)
    }
  }
}

export function array<T>(inner: Schema<T>, opts: { max?: number } = {}): Schema<T[]> {
  const { max = 1000 } = opts
  return {
    optional: false,
    parse(value, path) {
      if (!Array.isArray(value)) throw bad(path, 'must be a list')
      if (value.length > max) throw bad(path, `must have at most ${max} items`)
      return value.map((v, i) => inner.parse(v, `${path}[${i}]`))
    }
  }
}

export function oneOf<const T extends readonly string[]>(values: T): Schema<T[number]> {
  return {
    optional: false,
    parse(value, path) {
      if (typeof value !== 'string' || !values.includes(value)) throw bad(path, `must be one of ${values.join(', ')}`)
      return value as T[number]
    }
  }
}

/** An object with exactly these fields; unknown fields are refused, so typos do not pass silently. */
export function object<S extends Shape>(shape: S): Schema<InferShape<S>> {
  return {
    optional: false,
    parse(value, path) {
      if (value === undefined || value === null) value = {}
      if (typeof value !== 'object' || Array.isArray(value)) throw bad(path, 'must be an object')
      const input = value as Record<string, unknown>
      for (const k of Object.keys(input)) {
        if (!Object.hasOwn(shape, k)) throw bad(path ? `${path}.${k}` : k, 'is not a known field')
      }
      const out: Record<string, unknown> = Object.create(null)
      for (const [k, s] of Object.entries(shape)) {
        const v = s.parse(Object.hasOwn(input, k) ? input[k] : undefined, path ? `${path}.${k}` : k)
        if (v !== undefined) out[k] = v
      }
      return { ...out } as InferShape<S>
    }
  }
}
