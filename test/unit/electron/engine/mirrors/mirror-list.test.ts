import assert from 'node:assert/strict'
import fs from 'node:fs'
import ids from 'hypercore-id-encoding'
import path from 'node:path'
import { after, describe, test } from 'node:test'
import { MirrorList } from '../../../../../electron/engine/mirrors/mirror-list.js'
import { tmpDir } from '../../../../helpers/tmp.js'

const A = ids.encode(Buffer.alloc(32, 1))
const B = ids.encode(Buffer.alloc(32, 2))

describe('MirrorList', () => {
  const tmp = tmpDir('rstatus-mirror-list-')
  after(() => tmp.cleanup())

  test('keeps its keys across a reopen, each once', () => {
    const file = path.join(tmp.dir, 'mirrors.json')
    const list = new MirrorList(file)
    assert.deepEqual(list.list(), [])
    assert.equal(list.add(A), true)
    assert.equal(list.add(A), false)
    assert.equal(list.add(B), true)
    assert.deepEqual(new MirrorList(file).list(), [A, B])
    assert.equal(list.remove(A), true)
    assert.equal(list.remove(A), false)
    assert.deepEqual(new MirrorList(file).list(), [B])
  })

  test('skips entries that are not keys, and refuses a file that is not JSON rather than overwrite it', () => {
    const file = path.join(tmp.dir, 'edited.json')
    fs.writeFileSync(file, JSON.stringify({ mirrors: ['nonsense', A, 7, A] }))
    assert.deepEqual(new MirrorList(file).list(), [A])
    const broken = path.join(tmp.dir, 'broken.json')
    fs.writeFileSync(broken, '{"mirrors": [')
    assert.throws(() => new MirrorList(broken), /is not a list of mirrors/)
    assert.equal(fs.readFileSync(broken, 'utf8'), '{"mirrors": [')
  })
})
