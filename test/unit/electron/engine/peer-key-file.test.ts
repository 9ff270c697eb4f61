import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { after, describe, it } from 'node:test'
import ids from 'hypercore-id-encoding'
import { randomBytes } from 'node:crypto'
import { rememberedPeerKey, rememberPeerKey } from '../../../../electron/engine/peer-key-file.js'
import { tmpDir } from '../../../helpers/tmp.js'

describe('the remembered network key', () => {
  const tmp = tmpDir()
  after(() => tmp.cleanup())
  const key = ids.encode(randomBytes(32))

  it('reads back what was written, and nothing from a missing or damaged file', () => {
    const file = path.join(tmp.dir, 'peer-key.json')
    assert.equal(rememberedPeerKey(file), null)
    rememberPeerKey(file, key)
    assert.equal(rememberedPeerKey(file), key)
    for (const damaged of ['', '{', '[]', 'null', '{"publicKey": 5}', '{"publicKey": "abc"}']) {
      fs.writeFileSync(file, damaged)
      assert.equal(rememberedPeerKey(file), null, damaged)
    }
  })

  it('leaves the file alone when it already holds the key', () => {
    const file = path.join(tmp.dir, 'same.json')
    rememberPeerKey(file, key)
    const before = fs.statSync(file).mtimeMs
    fs.utimesSync(file, new Date(0), new Date(0))
    rememberPeerKey(file, key)
    assert.equal(fs.statSync(file).mtimeMs, 0)
    assert.ok(before > 0)
  })
})
