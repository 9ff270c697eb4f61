// A Twitter request's parameters: the query string, then the body (form-encoded, as Twitter's clients send
// it, or a JSON object), the body winning. Anything else in the body is ignored, as Twitter ignores it.
// Decoding is strict: a broken percent-escape or bytes that are not UTF-8 refuse the request (code 38), where
// URLSearchParams would put U+FFFD in their place and a status would be posted with it.
import { twitterErrors } from './errors.js'

export function twitterParams(query: string, contentType: string | undefined, body: Uint8Array): Map<string, string> {
  const params = new Map<string, string>()
  for (const [k, v] of formPairs(query)) if (!params.has(k)) params.set(k, v)
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase()
  const text = utf8(body)
  if (text.trim() === '') return params
  if (type === 'application/x-www-form-urlencoded') {
    for (const [k, v] of formPairs(text)) params.set(k, v)
  } else if (type === 'application/json') {
    let value: unknown
    try {
      value = JSON.parse(text)
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

/** application/x-www-form-urlencoded pairs, in order; "+" is a space. */
export function formPairs(text: string): Array<[string, string]> {
  const pairs: Array<[string, string]> = []
  for (const part of text.split('&')) {
    if (part === '') continue
    const eq = part.indexOf('=')
    const [k, v] = eq === -1 ? [part, ''] : [part.slice(0, eq), part.slice(eq + 1)]
    pairs.push([decode(k), decode(v)])
  }
  return pairs
}

function decode(component: string): string {
  try {
    return decodeURIComponent(component.replace(/\+/g, ' '))
  } catch {
    throw twitterErrors.invalid('A parameter has a broken percent-encoding (or is not UTF-8).')
  }
}

function utf8(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    throw twitterErrors.invalid('The body is not UTF-8.')
  }
}
