import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { describe, it } from 'node:test'
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
})
