// The mirrors a person asked to keep their cores: mirrors.json in the data directory, a list of keys.
import fs from 'node:fs'
import { RstatusError } from '../../../shared/errors.js'
import { parseKey, type FeedKey } from '../../../shared/keys.js'
import { writeFileAtomic } from '../../platform/atomic-file.js'

export class MirrorList {
  private keys: FeedKey[]

  constructor(private readonly file: string) {
    this.keys = read(file)
  }

  list(): FeedKey[] {
    return [...this.keys]
  }

  /** False when the mirror was listed already. */
  add(key: FeedKey): boolean {
    if (this.keys.includes(key)) return false
    this.keys.push(key)
    this.save()
    return true
  }

  /** False when the mirror was not listed. */
  remove(key: FeedKey): boolean {
    if (!this.keys.includes(key)) return false
    this.keys = this.keys.filter((k) => k !== key)
    this.save()
    return true
  }

  private save(): void {
    writeFileAtomic(this.file, JSON.stringify({ mirrors: this.keys }, null, 2) + '\n')
  }
}

/**
 * A missing file is no mirrors; an entry that is not a key is skipped (a hand-edited file keeps the rest). A
 * file that is not JSON is refused rather than overwritten, so a person's list is never lost.
 */
function read(file: string): FeedKey[] {
  let text: string
  try {
    text = fs.readFileSync(file, 'utf8')
  } catch {
    return []
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    throw new RstatusError('INVALID_INPUT', `${file} is not a list of mirrors (fix or delete it)`)
  }
  const entries = (parsed as { mirrors?: unknown } | null)?.mirrors
  if (!Array.isArray(entries)) return []
  const keys: FeedKey[] = []
  for (const entry of entries) {
    try {
      const key = parseKey(entry)
      if (!keys.includes(key)) keys.push(key)
    } catch {
      // skipped: not a key
    }
  }
  return keys
}
