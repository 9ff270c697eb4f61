import assert from 'node:assert/strict'
import { spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import { acquireLock, lockHolder } from '../../../../electron/platform/lock.js'
import { tmpDir } from '../../../helpers/tmp.js'

describe('data directory lock', () => {
  it('refuses a second holder with a clear message naming the pid', () => {
    const { dir, cleanup } = tmpDir()
    const file = path.join(dir, 'rstatus.lock')
    const lock = acquireLock(file, dir)
    assert.throws(() => acquireLock(file, dir), (err: Error & { code?: string }) => {
      assert.equal(err.code, 'DATA_DIR_LOCKED')
      assert.match(err.message, new RegExp(`in use by another rstatus process \\(pid ${process.pid}\\)`))
      return true
    })
    lock.release()
    assert.equal(fs.existsSync(file), false, 'release removes the lock file')
    cleanup()
  })

  it('takes over a lock left by a process that no longer runs', () => {
    const { dir, cleanup } = tmpDir()
    const file = path.join(dir, 'rstatus.lock')
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString()
    fs.writeFileSync(file, dead)
    assert.equal(lockHolder(file), null)
    const lock = acquireLock(file, dir)
    assert.equal(fs.readFileSync(file, 'utf8'), String(process.pid))
    lock.release()
    cleanup()
  })
  it('gives a stale lock to exactly one of several processes that start at once, round after round', async () => {
    const { dir, cleanup } = tmpDir()
    const file = path.join(dir, 'rstatus.lock')
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString()
    for (let round = 0; round < 12; round++) {
      fs.writeFileSync(file, dead)
      const takers = await Promise.all(Array.from({ length: 4 }, () => takeLock(file, dir)))
      await Promise.all(takers.map((t) => t.release()))
      assert.deepEqual(takers.map((t) => t.outcome).sort(), ['held', 'locked', 'locked', 'locked'], `round ${round}`)
    }
    cleanup()
  })

  it('lets a process that held the lock and died leave it to the next, with no file to clean up', async () => {
    const { dir, cleanup } = tmpDir()
    const file = path.join(dir, 'rstatus.lock')
    const child = spawn(process.execPath, ['--input-type=module', '-e', `
      import { acquireLock } from ${JSON.stringify(LOCK_MODULE)}
      acquireLock(${JSON.stringify(file)}, ${JSON.stringify(dir)})
      process.stdout.write('held')
      setInterval(() => {}, 1000)
    `], { stdio: ['ignore', 'pipe', 'inherit'] })
    await new Promise((resolve) => child.stdout.once('data', resolve))
    assert.throws(() => acquireLock(file, dir), { code: 'DATA_DIR_LOCKED', message: new RegExp(`\\(pid ${child.pid}\\)`) })
    child.kill('SIGKILL')
    await new Promise((resolve) => child.once('exit', resolve))
    const lock = acquireLock(file, dir)
    assert.equal(fs.readFileSync(file, 'utf8'), String(process.pid))
    lock.release()
    cleanup()
  })
})

const LOCK_MODULE = fileURLToPath(new URL('../../../../electron/platform/lock.js', import.meta.url))

/**
 * A separate process that tries to take the lock and says "held", "locked", or what else it threw. A holder
 * keeps the lock until `release()`, so two holders at once would both say "held".
 */
async function takeLock(file: string, dir: string): Promise<{ outcome: string; release: () => Promise<void> }> {
  const script = `
    import { acquireLock } from ${JSON.stringify(LOCK_MODULE)}
    try {
      const lock = acquireLock(${JSON.stringify(file)}, ${JSON.stringify(dir)})
      process.stdout.write('held')
      process.stdin.resume().on('end', () => lock.release())
    } catch (err) {
      process.stdout.write(err.code === 'DATA_DIR_LOCKED' ? 'locked' : 'error: ' + err.message)
    }
  `
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['pipe', 'pipe', 'inherit'] })
  const exited = new Promise((resolve) => child.once('exit', resolve))
  const outcome = await new Promise<string>((resolve) => {
    let out = ''
    child.stdout.setEncoding('utf8').on('data', (c: string) => (out += c))
    child.stdout.once('data', () => setImmediate(() => resolve(out)))
    void exited.then(() => resolve(out))
  })
  return {
    outcome,
    async release() {
      child.stdin.end()
      await exited
    }
  }
}
