// The renderer is served from a privileged custom scheme, app://rstatus/, rather than file://. That gives the
// page a real origin (so CSP 'self', the IPC sender check and the navigation policy have something exact to
// compare with), lets us attach security headers to every response, and keeps file:// out of reach.
import path from 'node:path'

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
  const u = new URL(requestUrl)
  let pathname: string
  try {
    pathname = decodeURIComponent(u.pathname)
  } catch {
    return null
  }
  if (pathname.includes('\0') || pathname.includes('\\')) return null
  if (pathname === '/' || pathname === '') pathname = '/index.html'
  const base = path.resolve(root)
  const file = path.resolve(base, '.' + path.posix.normalize(pathname))
  if (file !== base && !file.startsWith(base + path.sep)) return null
  return file
}

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm'
}

export function contentTypeFor(file: string): string {
  return TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream'
}

function parseUrl(url: string): URL | null {
  try {
    return new URL(url)
  } catch {
    return null
  }
}
