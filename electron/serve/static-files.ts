// The built renderer (dist/renderer) as static files. Paths are resolved inside the root only; any path
// that is not a file falls back to index.html, so the app's own routes survive a reload.
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

/** dist/renderer, next to the compiled dist/electron this file runs from. */
export function defaultUiDir(): string {
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../renderer')
}

const TYPES: Record<string, string> = {
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
  '.txt': 'text/plain; charset=utf-8'
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
  let decoded: string
  try {
    decoded = decodeURIComponent(urlPath)
  } catch {
    return null
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null
  const rel = path.posix.normalize(decoded === '/' ? '/index.html' : decoded)
  const file = path.resolve(root, '.' + rel)
  if (file !== root && !file.startsWith(root + path.sep)) return null
  try {
    const st = fs.statSync(file)
    if (!st.isFile()) return null
    return { file, type: TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream', size: st.size }
  } catch {
    return null
  }
}
