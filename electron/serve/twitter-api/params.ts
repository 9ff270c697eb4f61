// A Twitter request's parameters: the query string, then the body (form-encoded, as Twitter's clients send
// it, or a JSON object), the body winning. Anything else in the body is ignored, as Twitter ignores it.
import { twitterErrors } from './errors.js'

export function twitterParams(query: URLSearchParams, contentType: string | undefined, body: string): Map<string, string> {
  const params = new Map<string, string>()
  for (const [k, v] of query) if (!params.has(k)) params.set(k, v)
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase()
  if (body.trim() === '') return params
  if (type === 'application/x-www-form-urlencoded') {
    for (const [k, v] of new URLSearchParams(body)) params.set(k, v)
  } else if (type === 'application/json') {
    let value: unknown
    try {
      value = JSON.parse(body)
    } catch {
      throw twitterErrors.invalid('The body is not JSON.')
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw twitterErrors.invalid('The body is not a JSON object.')
    for (const [k, v] of Object.entries(value)) {
      if (typeof v === 'string') params.set(k, v)
      else if ((typeof v === 'number' && Number.isFinite(v)) || typeof v === 'boolean') params.set(k, String(v))
    }
  }
  return params
}
