// rstatus:// links, as the OS hands them over: in argv on Windows and Linux (first launch and second
// instance), through 'open-url' on macOS. A link becomes a hash route of the renderer; anything else is
// refused with a sentence a person can act on.
import { parseRef, URI_SCHEME } from '../../shared/keys.js'
import { isRstatusError } from '../../shared/errors.js'

export const PROTOCOL = 'rstatus'

/** Longer than any real link (a key is 52 characters); such input is refused before it is parsed. */
const MAX_LINK_CHARS = 512

export type DeepLink = { ok: true; route: string } | { ok: false; message: string }

export function deepLinkRoute(link: string): DeepLink {
  const text = link.trim()
  if (!text.toLowerCase().startsWith(URI_SCHEME)) {
    return { ok: false, message: 'That is not an rstatus link (they start with rstatus://).' }
  }
  if (text.length > MAX_LINK_CHARS) {
    return { ok: false, message: 'That rstatus link is too long to be real (expected rstatus://<key> or rstatus://<key>/<number>).' }
  }
  try {
    const ref = parseRef(text)
    return { ok: true, route: ref.seq === undefined ? `/profile/${ref.key}` : `/status/${ref.key}/${ref.seq}` }
  } catch (err) {
    if (isRstatusError(err)) return { ok: false, message: `${err.message}.` }
    throw err
  }
}

/** The rstatus:// link in a command line, if any (the last one wins, as the OS appends it). */
export function findDeepLink(argv: readonly string[]): string | null {
  for (let i = argv.length - 1; i >= 0; i--) {
    const arg = argv[i]
    if (typeof arg === 'string' && arg.trim().toLowerCase().startsWith(URI_SCHEME)) return arg.trim()
  }
  return null
}

/**
 * Arguments for app.setAsDefaultProtocolClient. A packaged app registers itself; during development
 * (`electron .`) the OS must start Electron with the app's folder, or the link would open an empty Electron.
 */
export function protocolClientArgs(
  defaultApp: boolean,
  execPath: string,
  appPath: string | undefined
): [protocol: string, path?: string, args?: string[]] {
  if (defaultApp && appPath) return [PROTOCOL, execPath, [appPath]]
  return [PROTOCOL]
}
