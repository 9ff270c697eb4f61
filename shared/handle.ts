// Domain handles (PROTOCOL.md, "Handles"): a profile may claim a domain name, which is shown as @domain once the
// domain names the profile's key. A handle is a DNS name in its canonical form: ASCII (an internationalised
// name in its xn-- form), lower case, no trailing dot, at least two labels.
import { RstatusError } from './errors.js'
import { printable } from './printable.js'

/** The longest DNS name (RFC 1035), and so the longest handle. */
export const MAX_HANDLE_CHARS = 253

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/

/** Whether `text` is a handle in canonical form (what a profile record must hold). */
export function isHandle(text: string): boolean {
  if (text.length < 3 || text.length > MAX_HANDLE_CHARS) return false
  const labels = text.split('.')
  if (labels.length < 2 || !labels.every((l) => LABEL.test(l))) return false
  // A top-level label of digits only would make an IPv4 address a handle.
  return !/^[0-9]+$/.test(labels[labels.length - 1]!)
}

/**
 * A handle as a person may type it, canonical: `@alice.example.org`, `Alice.Example.org.`, `bücher.example`
 * become `alice.example.org` and `xn--bcher-kva.example`. Null when the text is no handle.
 */
export function handleFrom(input: string): string | null {
  let text = input.trim().replace(/^@/, '').replace(/\.$/, '')
  if (!text || /[\s/:@]/.test(text)) return null
  try {
    // URL's host parser applies IDNA (UTS 46): case folding and punycode, as browsers do.
    text = new URL(`http://${text}`).hostname
  } catch {
    return null
  }
  return isHandle(text) ? text : null
}

/** handleFrom, for a person's input: throws INVALID_INPUT with a readable line. */
export function parseHandle(input: string): string {
  const handle = handleFrom(input)
  if (handle === null) {
    throw new RstatusError('INVALID_INPUT', `Not a handle: "${printable(input.trim())}" (expected a domain name such as alice.example.org)`)
  }
  return handle
}
