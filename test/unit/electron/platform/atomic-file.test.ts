import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { afterEach, beforeEach, describe, it } from 'node:test'
import { writeFileAtomic } from '../../../../electron/platform/atomic-file.js'
import { tmpDir } from '../../../helpers/tmp.js'

describe('writeFileAtomic', () => {
  let tmp: ReturnType<typeof tmpDir>
  beforeEach(() => (tmp = tmpDir()))
  afterEach(() => tmp.cleanup())

  it('replaces a file whole, private by default, and leaves no temporary file', () => {
    const file = path.join(tmp.dir, 'state.json')
    fs.writeFileSync(file, 'old')
    writeFileAtomic(file, '{"new":true}')
    assert.equal(fs.readFileSync(file, 'utf8'), '{"new":true}')
    assert.equal(fs.statSync(file).mode & 0o777, 0o600)
    assert.deepEqual(fs.readdirSync(tmp.dir), ['state.json'])
  })

  it('gives a published file its mode whatever the umask', () => {
    const file = path.join(tmp.dir, 'feed.atom')
    const before = process.umask(0o077)
    try {
      writeFileAtomic(file, '<feed/>', { mode: 0o644 })
    } finally {
      process.umask(before)
    }
    assert.equal(fs.statSync(file).mode & 0o777, 0o644)
  })

  it('keeps the old content and cleans up when the file cannot be replaced', () => {
    const target = path.join(tmp.dir, 'taken')
    fs.mkdirSync(path.join(target, 'inside'), { recursive: true })
    assert.throws(() => writeFileAtomic(target, 'x'), (err: NodeJS.ErrnoException) => typeof err.code === 'string')
    assert.ok(fs.statSync(target).isDirectory())
    assert.deepEqual(fs.readdirSync(tmp.dir), ['taken'])
  })
})
