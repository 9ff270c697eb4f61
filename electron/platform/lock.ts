// One data directory, one peer. The lock is the operating system's lock on rstatus.lock (fs-native-extensions:
// an open file description lock on Linux, flock on macOS, LockFileEx on Windows), which the kernel drops when
// its holder ends, however it ends. So a crashed process leaves no lock to take over, and two processes
// starting at once cannot both take one: whoever the kernel gives it to holds it. The file also names the
// holder's pid, for messages and for finding a running `rstatus serve`.
import fs from 'node:fs'
import fsx from 'fs-native-extensions'
import { RstatusError } from '../../shared/errors.js'

/**
 * The locked range: one byte far past the pid. Windows' locks are mandatory, so a lock over the pid would keep
 * other processes from reading it; elsewhere the range is as good as the whole file.
 */
const LOCK_OFFSET = 2 ** 30

export interface Lock {
  release(): void
}

export function acquireLock(file: string, dataDir: string): Lock {
  // A holder that ends removes the file; a process that opened it just before locks a file no path names
  // any more, and tries again on the one the path names now.
  for (let attempt = 0; attempt < 5; attempt++) {
    const fd = fs.openSync(file, fs.constants.O_RDWR | fs.constants.O_CREAT, 0o600)
    let locked = false
    try {
      locked = fsx.tryLock(fd, LOCK_OFFSET, 1)
    } catch (err) {
      fs.closeSync(fd)
      throw err
    }
    if (!locked) {
      fs.closeSync(fd)
      throw lockedError(dataDir, readHolder(file))
    }
    if (!namesThisFile(file, fd)) {
      fs.closeSync(fd)
      continue
    }
    fs.ftruncateSync(fd, 0)
    fs.writeSync(fd, String(process.pid), 0)
    return { release: once(() => release(file, fd)) }
  }
  throw new RstatusError('DATA_DIR_LOCKED', `Could not lock the data directory ${dataDir}: its lock file keeps changing`)
}

/** The pid the lock file names, when that process is running. */
export function lockHolder(file: string): number | null {
  const pid = readHolder(file)
  return pid !== null && isRunning(pid) ? pid : null
}

/** The one-line refusal when another process holds the data directory; `pid` when it is known. */
export function lockedError(dataDir: string, pid: number | null): RstatusError {
  const who = pid !== null ? `another rstatus process (pid ${pid})` : 'another rstatus process'
  return new RstatusError('DATA_DIR_LOCKED', `The data directory ${dataDir} is in use by ${who}`)
}

function release(file: string, fd: number): void {
  // Removed first, then unlocked by closing: a process waiting on this file then finds it gone and retries.
  if (namesThisFile(file, fd)) fs.rmSync(file, { force: true })
  fs.closeSync(fd)
}

function namesThisFile(file: string, fd: number): boolean {
  try {
    const open = fs.fstatSync(fd)
    const named = fs.statSync(file)
    return open.ino === named.ino && open.dev === named.dev
  } catch {
    return false
  }
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

export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

function once(fn: () => void): () => void {
  let done = false
  return () => {
    if (done) return
    done = true
    fn()
  }
}
