// One data directory, one peer. A lock file names the holder's pid; a lock left by a process that no longer
// runs (SIGKILL, power loss) is taken over, so a crash never leaves the user locked out.
import fs from 'node:fs'
import { RstatusError } from '../../shared/errors.js'

const heldHere = new Set<string>()

export interface Lock {
  release(): void
}

export function acquireLock(file: string, dataDir: string): Lock {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = fs.openSync(file, 'wx', 0o600)
      fs.writeSync(fd, String(process.pid))
      fs.closeSync(fd)
      heldHere.add(file)
      return { release: () => release(file) }
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
    }
    const holder = readHolder(file)
    if (holder !== null && (heldHere.has(file) || (holder !== process.pid && isRunning(holder)))) {
      throw new RstatusError(
        'DATA_DIR_LOCKED',
        `The data directory ${dataDir} is in use by another rstatus process (pid ${holder})`
      )
    }
    fs.rmSync(file, { force: true })
  }
  throw new RstatusError('DATA_DIR_LOCKED', `Could not lock the data directory ${dataDir}`)
}

export function lockHolder(file: string): number | null {
  const pid = readHolder(file)
  return pid !== null && isRunning(pid) ? pid : null
}

function release(file: string): void {
  if (!heldHere.delete(file)) return
  if (readHolder(file) === process.pid) fs.rmSync(file, { force: true })
}

function readHolder(file: string): number | null {
  try {
    const pid = Number(fs.readFileSync(file, 'utf8').trim())
    return Number.isSafeInteger(pid) && pid > 0 ? pid : null
  } catch {
    // no lock file, or one we cannot read: nobody holds it
    return null
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}
