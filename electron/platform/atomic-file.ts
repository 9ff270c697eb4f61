// Writing a file so that whoever reads it (or a crash halfway) sees the old content or the new, never half of
// either: the bytes go to a temporary file beside it, which then replaces it in one rename.
import fs from 'node:fs'
import path from 'node:path'

/**
 * Writes `content` to `file` with `mode` (0600 by default: most of what rstatus keeps is private). The mode is
 * set explicitly, since the umask rstatus sets for its data (0077) would narrow a public file's. On failure the
 * temporary file is removed and the error thrown.
 */
export function writeFileAtomic(file: string, content: string | Uint8Array, opts: { mode?: number } = {}): void {
  const mode = opts.mode ?? 0o600
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`)
  try {
    fs.writeFileSync(tmp, content, { mode })
    fs.chmodSync(tmp, mode)
    fs.renameSync(tmp, file)
  } catch (err) {
    fs.rmSync(tmp, { force: true })
    throw err
  }
}
