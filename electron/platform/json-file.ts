// Small local state files (moderation, outbox): written whole, atomically, readable only by the user. They
// hold the person's choices and what this peer promised to announce, which no feed says and a reindex
// cannot rebuild, so a damaged file is not fatal: it reads as empty.
import fs from 'node:fs'
import { writeFileAtomic } from './atomic-file.js'

export function readJsonFile(file: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as unknown
  } catch {
    return null
  }
}

export function writeJsonFile(file: string, value: unknown): void {
  writeFileAtomic(file, JSON.stringify(value))
}

/** The strings of an array field of a parsed file, ignoring anything else it holds. */
export function stringsOf(value: unknown, field: string): string[] {
  if (typeof value !== 'object' || value === null) return []
  const list = (value as Record<string, unknown>)[field]
  return Array.isArray(list) ? list.filter((x): x is string => typeof x === 'string') : []
}
