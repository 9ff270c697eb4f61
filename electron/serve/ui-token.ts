// The UI's token, kept in the data directory so a restart of `rstatus serve` does not strand the tabs that are
// open: their session cookie holds the same token and their sockets reconnect. It changes only on request
// (`rstatus serve --new-token`), which is how a person shuts out every tab and link given out before.
import fs from 'node:fs'
import { writeFileAtomic } from '../platform/atomic-file.js'
import { createToken } from './auth.js'

const WELL_FORMED = /^[A-Za-z0-9_-]{32,256}$/

/** The token kept in `file`, or a new one written there (0600) when asked, or when none is kept or it is damaged. */
export function loadUiToken(file: string, opts: { renew?: boolean } = {}): string {
  if (!opts.renew) {
    const kept = readKept(file)
    if (kept !== null) return kept
  }
  const token = createToken()
  writeFileAtomic(file, token + '\n')
  return token
}

function readKept(file: string): string | null {
  try {
    const text = fs.readFileSync(file, 'utf8').trim()
    return WELL_FORMED.test(text) ? text : null
  } catch {
    return null
  }
}
