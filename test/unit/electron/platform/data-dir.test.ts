// Secret material stays the user's own: the data directory is 0700, everything rstatus keeps in it is 0600
// (its folders 0700), loose modes left by an older install or a copied backup are tightened on open, and
// files in the folder that are not rstatus' keep the mode their owner gave them.
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { after, describe, it } from 'node:test'
import { Engine } from '../../../../electron/engine/engine.js'
import { tmpDir } from '../../../helpers/tmp.js'

/** Every entry below dir (not following links), with its mode. */
function walk(dir: string): Array<{ path: string; dir: boolean; mode: number }> {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const p = path.join(dir, entry.name)
    const mode = fs.lstatSync(p).mode & 0o777
    return entry.isDirectory() ? [{ path: p, dir: true, mode }, ...walk(p)] : [{ path: p, dir: false, mode }]
  })
}

function assertPrivate(dir: string): void {
  const entries = walk(dir)
  assert.ok(entries.some((e) => !e.dir), `${dir} holds files`)
  for (const e of entries) {
    assert.equal(e.mode, e.dir ? 0o700 : 0o600, `${path.relative(dir, e.path)} is ${e.mode.toString(8)}`)
  }
}

describe('data directory permissions', () => {
  const tmp = tmpDir('rstatus-perms-')
  const umask = process.umask()
  after(() => {
    process.umask(umask)
    tmp.cleanup()
  })

  it('first use makes the folder 0700 and every file under store/ and views/ 0600', async () => {
    // A permissive umask, as on many desktops: the engine must not rely on the user's.
    process.umask(0o022)
    const dir = path.join(tmp.dir, 'fresh')
    const engine = new Engine({ dataDir: dir })
    await engine.ready()
    await engine.api.call('post', { text: 'a status, so the store has blocks' })
    await engine.api.call('setProfile', { name: 'perm' })
    assert.equal(fs.statSync(dir).mode & 0o777, 0o700)
    assert.equal(fs.statSync(engine.paths.lock).mode & 0o777, 0o600, 'the lock file')
    await engine.close()

    assert.equal(fs.statSync(dir).mode & 0o777, 0o700)
    assertPrivate(path.join(dir, 'store'))
    assertPrivate(path.join(dir, 'views'))
  })

  it('tightens loose modes left by an older install or a copied backup', async () => {
    const dir = path.join(tmp.dir, 'loose')
    const first = new Engine({ dataDir: dir })
    await first.ready()
    await first.close()
    fs.chmodSync(dir, 0o755)
    for (const e of walk(dir)) fs.chmodSync(e.path, e.dir ? 0o755 : 0o644)

    const again = new Engine({ dataDir: dir })
    await again.ready()
    await again.close()
    assert.equal(fs.statSync(dir).mode & 0o777, 0o700)
    assertPrivate(path.join(dir, 'store'))
    assertPrivate(path.join(dir, 'views'))
  })

  it('leaves alone files that are not rstatus\' own, in a folder chosen with --data', async () => {
    const dir = path.join(tmp.dir, 'shared-folder')
    fs.mkdirSync(path.join(dir, 'projects'), { recursive: true, mode: 0o755 })
    fs.chmodSync(path.join(dir, 'projects'), 0o755)
    const script = path.join(dir, 'projects', 'build.sh')
    fs.writeFileSync(script, '#!/bin/sh\n')
    fs.chmodSync(script, 0o755)
    const notes = path.join(dir, 'notes.txt')
    fs.writeFileSync(notes, 'mine')
    fs.chmodSync(notes, 0o644)

    const engine = new Engine({ dataDir: dir })
    await engine.ready()
    await engine.close()
    assert.equal(fs.statSync(script).mode & 0o777, 0o755, 'a script keeps its execute bit')
    assert.equal(fs.statSync(path.join(dir, 'projects')).mode & 0o777, 0o755)
    assert.equal(fs.statSync(notes).mode & 0o777, 0o644)
    assertPrivate(path.join(dir, 'store'))
  })
})
