// <data>/serve.json tells other rstatus commands that a `serve` holds this data directory, and how to
// reach it. It holds the access token, so it is private to the user (0600) and removed on shutdown.
import fs from 'node:fs'
import path from 'node:path'
import { writeFileAtomic } from '../platform/atomic-file.js'

export interface ServeInfo {
  pid: number
  port: number
  token: string
}

/** The only address the local server listens on, and so the one other commands reach it at. */
export const LOCAL_HOST = '127.0.0.1'

export const SERVE_INFO_FILE = 'serve.json'

export function serveInfoPath(dataDir: string): string {
  return path.join(dataDir, SERVE_INFO_FILE)
}

export function writeServeInfo(file: string, info: ServeInfo): void {
  writeFileAtomic(file, JSON.stringify(info) + '\n')
}

/** The file's content when it is well formed; null when it is missing or damaged. */
export function readServeInfo(file: string): ServeInfo | null {
  let value: unknown
  try {
    value = JSON.parse(fs.readFileSync(file, 'utf8'))
  } catch {
    return null
  }
  if (typeof value !== 'object' || value === null) return null
  const { pid, port, token } = value as Record<string, unknown>
  if (!Number.isSafeInteger(pid) || (pid as number) <= 0) return null
  if (!Number.isInteger(port) || (port as number) < 1 || (port as number) > 65535) return null
  if (typeof token !== 'string' || !/^[A-Za-z0-9_-]{16,256}$/.test(token)) return null
  return { pid: pid as number, port: port as number, token }
}

/** Removes the file if it is still ours (a newer serve may have replaced it). */
export function removeServeInfo(file: string, pid = process.pid): void {
  if (readServeInfo(file)?.pid === pid) fs.rmSync(file, { force: true })
}
