import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { loadUiToken } from '../../../../electron/serve/ui-token.js'
import { tmpDir } from '../../../helpers/tmp.js'

describe('the UI token kept in the data directory', () => {
  test('is made once, private to the user, and the same on every later start', (t) => {
    const tmp = tmpDir()
    t.after(tmp.cleanup)
    const file = path.join(tmp.dir, 'ui-token')
    const first = loadUiToken(file)
    assert.match(first, /^[A-Za-z0-9_-]{43}$/)
    assert.equal(fs.statSync(file).mode & 0o777, 0o600)
    assert.equal(loadUiToken(file), first)
  })

  test('is replaced on request, and when the kept one is damaged', (t) => {
    const tmp = tmpDir()
    t.after(tmp.cleanup)
    const file = path.join(tmp.dir, 'ui-token')
    const first = loadUiToken(file)
    const renewed = loadUiToken(file, { renew: true })
    assert.notEqual(renewed, first)
    assert.equal(loadUiToken(file), renewed)
    fs.writeFileSync(file, 'short')
    const fresh = loadUiToken(file)
    assert.match(fresh, /^[A-Za-z0-9_-]{43}$/)
    assert.equal(fs.readFileSync(file, 'utf8').trim(), fresh)
  })
})
