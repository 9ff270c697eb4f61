// The built renderer (dist/renderer) as static files, and the security headers every page and file goes out
// with. Written once for both ways the app is served: the desktop app's app://rstatus protocol
// (electron/main/app-protocol-handler.ts) and `rstatus serve` over http (web-server.ts).
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

/** dist/renderer, next to the compiled dist/electron this file runs from. */
export function defaultUiDir(): string {
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../renderer')
}

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
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

/**
 * The file under `root` that a URL path names, or null when the path tries to leave `root` (encoded dots,
 * backslashes, NUL bytes) or cannot be decoded. "/" is index.html.
 */
export function fileUnder(root: string, urlPath: string): string | null {
  let decoded: string
  try {
    decoded = decodeURIComponent(urlPath)
  } catch {
    return null
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null
  if (decoded === '/' || decoded === '') decoded = '/index.html'
  const base = path.resolve(root)
  const file = path.resolve(base, '.' + path.posix.normalize(decoded))
  if (file !== base && !file.startsWith(base + path.sep)) return null
  return file
}

export interface StaticFile {
  file: string
  type: string
  size: number
}

/** The file to send for a URL path, or null when the UI is not built. */
export function resolveStatic(root: string, urlPath: string): StaticFile | null {
  const found = lookup(root, urlPath)
  if (found) return found
  // an asset that does not exist is a 404, not the app shell
  if (path.posix.extname(urlPath) !== '' && !urlPath.endsWith('.html')) return null
  return lookup(root, '/index.html')
}

export function uiIsBuilt(root: string): boolean {
  return lookup(root, '/index.html') !== null
}

function lookup(root: string, urlPath: string): StaticFile | null {
  const file = fileUnder(root, urlPath)
  if (!file) return null
  try {
    const st = fs.statSync(file)
    if (!st.isFile()) return null
    return { file, type: contentTypeFor(file), size: st.size }
  } catch {
    return null
  }
}

// ---- the page's policy ---------------------------------------------------------------------------

/**
 * The page's Content-Security-Policy: only the app's own scripts and styles, nothing remote, no inline script,
 * no eval, no plugins, no frames. Images may also be data:/blob: URLs (the QR code is drawn locally). Feed text
 * never becomes HTML in the first place; this is the second wall.
 */
const DIRECTIVES: ReadonlyArray<readonly [string, string]> = [
  ['default-src', "'none'"],
  ['script-src', "'self'"],
  ['style-src', "'self'"],
  ['img-src', "'self' data: blob:"],
  ['font-src', "'self'"],
  ['connect-src', "'self'"],
  ['manifest-src', "'self'"],
  ['media-src', "'none'"],
  ['worker-src', "'none'"],
  ['object-src', "'none'"],
  ['frame-src', "'none'"],
  ['child-src', "'none'"],
  ['base-uri', "'none'"],
  ['form-action', "'none'"],
  ['frame-ancestors', "'none'"]
]

/**
 * The policy for the page at app://rstatus (no `host`), or served by `rstatus serve` from `host` over http.
 * Over http the page's WebSocket is named (older browsers do not count ws: as 'self'), and the default stays
 * 'self', as `rstatus serve` has always sent it; every kind of fetch the app makes is named above anyway.
 */
export function contentSecurityPolicy(page: { host?: string } = {}): string {
  const value = (name: string, v: string): string => {
    if (page.host === undefined) return v
    if (name === 'default-src') return "'self'"
    if (name === 'connect-src') return `${v} ws://${page.host}`
    return v
  }
  return DIRECTIVES.map(([name, v]) => `${name} ${value(name, v)}`).join('; ')
}

/** The app's own page at app://rstatus. */
export const CONTENT_SECURITY_POLICY = contentSecurityPolicy()

/** Headers on every answer that can hold the page or its files, however it is served. */
export function securityHeaders(page: { host?: string } = {}): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(page),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin'
  }
}
