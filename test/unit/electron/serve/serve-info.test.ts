import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { readServeInfo, removeServeInfo, writeServeInfo } from '../../../../electron/serve/serve-info.js'
import { tmpDir } from '../../../helpers/tmp.js'

describe('serve.json', () => {
  test('is written private to the user and read back', (t) => {
    const tmp = tmpDir()
    t.after(tmp.cleanup)
    const file = path.join(tmp.dir, 'serve.json')
    const info = { pid: process.pid, port: 7420, token: 'A'.repeat(43) }
    writeServeInfo(file, info)
    assert.equal(fs.statSync(file).mode & 0o777, 0o600)
    assert.deepEqual(readServeInfo(file), info)
    assert.deepEqual(fs.readdirSync(tmp.dir), ['serve.json'])
  })

  test('a missing or damaged file reads as null', (t) => {
    const tmp = tmpDir()
    t.after(tmp.cleanup)
    const file = path.join(tmp.dir, 'serve.json')
    assert.equal(readServeInfo(file), null)
    for (const text of ['{', 'null', '[]', '{"pid":1,"port":0,"token":"AAAAAAAAAAAAAAAAAAAA"}', '{"pid":1,"port":80,"token":"short"}', '{"pid":-1,"port":80,"token":"AAAAAAAAAAAAAAAAAAAA"}']) {
      fs.writeFileSync(file, text)
      assert.equal(readServeInfo(file), null, text)
    }
  })

  test('is removed only by the process that wrote it', (t) => {
    const tmp = tmpDir()
    t.after(tmp.cleanup)
    const file = path.join(tmp.dir, 'serve.json')
    writeServeInfo(file, { pid: process.pid + 1, port: 7420, token: 'A'.repeat(43) })
    removeServeInfo(file)
    assert.equal(fs.existsSync(file), true)
    removeServeInfo(file, process.pid + 1)
    assert.equal(fs.existsSync(file), false)
  })
})
