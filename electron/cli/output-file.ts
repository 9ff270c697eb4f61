// Files the CLI writes where the person asks (export, atom --out): whole or not at all, and a failure is one
// line that names the file and the reason.
import { writeFileAtomic } from '../platform/atomic-file.js'
import { Failure } from './exit.js'

/** `mode`: 0600 for what only the person should read (an export), 0644 for what is published (a feed). */
export function writeOutputFile(file: string, content: string, opts: { mode: number }): void {
  try {
    writeFileAtomic(file, content, opts)
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    throw new Failure(`could not write ${file}${code ? ` (${code})` : ''}`)
  }
}
