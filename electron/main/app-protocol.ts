// The renderer is served from a privileged custom scheme, app://rstatus/, rather than file://. That gives the
// page a real origin (so CSP 'self', the IPC sender check and the navigation policy have something exact to
// compare with), lets us attach security headers to every response, and keeps file:// out of reach.
import { fileUnder } from '../serve/static-files.js'

export const APP_SCHEME = 'app'
export const APP_HOST = 'rstatus'
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`

/** The privileges protocol.registerSchemesAsPrivileged needs for a scheme that behaves like https. */
export const APP_SCHEME_PRIVILEGES = {
  standard: true,
  secure: true,
  supportFetchAPI: true,
  corsEnabled: false,
  stream: false,
  allowServiceWorkers: false,
  bypassCSP: false
} as const

/** The page's URL, optionally opened at a hash route such as `/profile/<key>`. */
export function appPageUrl(route?: string): string {
  return route ? `${APP_INDEX_URL}#${route}` : APP_INDEX_URL
}

export function isAppUrl(url: string): boolean {
  const u = parseUrl(url)
  return u !== null && u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST && u.username === '' && u.password === ''
}

/**
 * The file under `root` that an app:// request names, or null when the URL is not ours or tries to leave
 * `root` (encoded dots, backslashes, NUL bytes, absolute paths).
 */
export function resolveAppFile(requestUrl: string, root: string): string | null {
  if (!isAppUrl(requestUrl)) return null
  return fileUnder(root, new URL(requestUrl).pathname)
}

function parseUrl(url: string): URL | null {
  try {
    return new URL(url)
  } catch {
    return null
  }
}
