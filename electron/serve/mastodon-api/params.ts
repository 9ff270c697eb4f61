// A Mastodon request's parameters: the query string, then the body (JSON, form-encoded, or multipart as
// media uploads send it), the body winning. Arrays come as `name[]=a&name[]=b` or as JSON arrays.
import { mastodonErrors } from './errors.js'

export interface UploadedFile {
  bytes: Buffer
  type: string
  name: string
}

export class MastodonParams {
  constructor(
    private readonly values: ReadonlyMap<string, unknown>,
    readonly file: UploadedFile | null = null
  ) {}

  static empty(): MastodonParams {
    return new MastodonParams(new Map())
  }

  has(name: string): boolean {
    return this.values.has(name) || this.values.has(`${name}[]`)
  }

  /** One value as text; numbers and booleans of a JSON body as their text. */
  string(name: string): string | undefined {
    const v = this.values.get(name)
    if (typeof v === 'string') return v
    if ((typeof v === 'number' && Number.isFinite(v)) || typeof v === 'boolean') return String(v)
    return undefined
  }

  /** Every value of `name` or `name[]`. */
  strings(name: string): string[] {
    const out: string[] = []
    for (const key of [name, `${name}[]`]) {
      const v = this.values.get(key)
      for (const item of Array.isArray(v) ? v : v === undefined ? [] : [v]) {
        if (typeof item === 'string') out.push(item)
        else if (typeof item === 'number' && Number.isFinite(item)) out.push(String(item))
      }
    }
    return out
  }

  /** Mastodon's booleans: true, 1, "true", "1", "on" (Rails' casting), false otherwise. */
  flag(name: string): boolean {
    const v = this.values.get(name)
    if (v === true || v === 1) return true
    return typeof v === 'string' && /^(true|1|t|on|yes)$/i.test(v)
  }

  /** Set to anything that is not empty: a poll object, a scheduled_at. */
  present(name: string): boolean {
    const v = this.values.get(name)
    if (v === undefined || v === null || v === '' || v === false) return false
    if (typeof v === 'object' && !Array.isArray(v)) return Object.keys(v).length > 0
    return true
  }

  /**
   * A nested field, `poll[options][]` of a form or `{"poll": {"options": [...]}}` of JSON: its values as
   * text (one for a single value, several for an array).
   */
  nested(name: string, field: string): string[] {
    const out: string[] = []
    const push = (v: unknown) => {
      for (const item of Array.isArray(v) ? v : v === undefined ? [] : [v]) {
        if (typeof item === 'string') out.push(item)
        else if ((typeof item === 'number' && Number.isFinite(item)) || typeof item === 'boolean') out.push(String(item))
      }
    }
    const obj = this.values.get(name)
    if (obj && typeof obj === 'object' && !Array.isArray(obj) && Object.hasOwn(obj, field)) push((obj as Record<string, unknown>)[field])
    push(this.values.get(`${name}[${field}]`))
    push(this.values.get(`${name}[${field}][]`))
    return out
  }

  /** Every `name[...]` key of a form body, and a JSON object, count as set (poll[options][]=…). */
  anyNested(name: string): boolean {
    if (this.present(name)) return true
    for (const key of this.values.keys()) if (key.startsWith(`${name}[`) && key !== `${name}[]`) return true
    return false
  }
}

/** Reads the parameters; throws a MastodonError for a body that is not what its Content-Type says. */
export async function readParams(query: URLSearchParams, contentType: string | undefined, body: Buffer): Promise<MastodonParams> {
  const values = new Map<string, unknown>()
  const add = (k: string, v: string) => {
    if (k.endsWith('[]')) {
      const list = values.get(k)
      values.set(k, Array.isArray(list) ? [...list, v] : [v])
    } else values.set(k, v)
  }
  for (const [k, v] of query) add(k, v)
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase()
  if (body.length === 0) return new MastodonParams(values)
  if (type === 'application/json') {
    let parsed: unknown
    try {
      parsed = JSON.parse(body.toString('utf8'))
    } catch {
      throw mastodonErrors.badRequest('The body is not JSON')
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw mastodonErrors.badRequest('The body is not a JSON object')
    for (const [k, v] of Object.entries(parsed)) values.set(k, v)
    return new MastodonParams(values)
  }
  if (type === 'application/x-www-form-urlencoded') {
    const bodyValues = new Map<string, unknown>()
    for (const [k, v] of new URLSearchParams(body.toString('utf8'))) {
      const list = bodyValues.get(k)
      bodyValues.set(k, k.endsWith('[]') ? [...(Array.isArray(list) ? list : []), v] : v)
    }
    for (const [k, v] of bodyValues) values.set(k, v)
    return new MastodonParams(values)
  }
  if (type === 'multipart/form-data') return readMultipart(values, contentType as string, body)
  return new MastodonParams(values)
}

/** Multipart bodies, parsed by Node's own fetch implementation (undici) rather than by hand. */
async function readMultipart(values: Map<string, unknown>, contentType: string, body: Buffer): Promise<MastodonParams> {
  let form: FormData
  try {
    form = await new Response(body, { headers: { 'content-type': contentType } }).formData()
  } catch {
    throw mastodonErrors.badRequest('The multipart body could not be read')
  }
  let file: UploadedFile | null = null
  for (const [k, v] of form) {
    if (typeof v === 'string') {
      if (k.endsWith('[]')) {
        const list = values.get(k)
        values.set(k, [...(Array.isArray(list) ? list : []), v])
      } else values.set(k, v)
    } else if (k === 'file' && file === null) {
      file = { bytes: Buffer.from(await v.arrayBuffer()), type: v.type, name: v.name }
    }
  }
  return new MastodonParams(values, file)
}
