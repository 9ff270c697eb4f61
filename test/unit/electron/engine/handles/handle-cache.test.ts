import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { describe, it } from 'node:test'
import ids from 'hypercore-id-encoding'
import {
  CHECK_INTERVAL_MS,
  HandleCache,
  isFresh,
  isVerified,
  MAX_ENTRIES,
  parseHandleCache
} from '../../../../../electron/engine/handles/handle-cache.js'
import { tmpDir } from '../../../../helpers/tmp.js'

const A = ids.encode(Buffer.alloc(32, 1))
const B = ids.encode(Buffer.alloc(32, 2))
const NOW = 1_750_000_000_000

describe('the handle cache', () => {
  it('answers for a day, and not longer when the clock is set back', () => {
    assert.equal(isFresh({ key: A, checkedAt: NOW }, NOW + CHECK_INTERVAL_MS - 1), true)
    assert.equal(isFresh({ key: A, checkedAt: NOW }, NOW + CHECK_INTERVAL_MS), false)
    assert.equal(isFresh({ key: A, checkedAt: NOW }, NOW - 1), false)
    assert.equal(isFresh(undefined, NOW), false)
  })

  it('verifies a profile only when the domain named its own key', () => {
    assert.equal(isVerified({ key: A, checkedAt: NOW }, A), true)
    assert.equal(isVerified({ key: A, checkedAt: NOW }, B), false, 'a domain naming someone else')
    assert.equal(isVerified({ key: null, checkedAt: NOW }, A), false)
    assert.equal(isVerified(undefined, A), false)
  })

  it('reads a damaged file as empty, with checks on, and skips bad entries', () => {
    assert.deepEqual(parseHandleCache(null), { checks: true, entries: new Map() })
    const parsed = parseHandleCache({
      checks: false,
      entries: { 'a.example': { key: A, checkedAt: NOW }, 'none.example': { key: null, checkedAt: NOW }, 'BAD.example': { key: A, checkedAt: NOW }, 'b.example': { key: 'x', checkedAt: NOW }, 'c.example': { key: A } }
    })
    assert.equal(parsed.checks, false)
    assert.deepEqual([...parsed.entries.keys()], ['a.example', 'none.example'])
  })

  it('survives a restart, and forgets the handles asked longest ago past its size', () => {
    const tmp = tmpDir()
    try {
      const file = path.join(tmp.dir, 'handles.json')
      const cache = new HandleCache(file)
      cache.checks = false
      for (let i = 0; i <= MAX_ENTRIES; i++) cache.set(`h${i}.example`, { key: A, checkedAt: NOW + i })
      const again = new HandleCache(file)
      assert.equal(again.checks, false)
      assert.equal(again.get('h0.example'), undefined)
      assert.deepEqual(again.get(`h${MAX_ENTRIES}.example`), { key: A, checkedAt: NOW + MAX_ENTRIES })
      assert.equal(fs.statSync(file).isFile(), true)
    } finally {
      tmp.cleanup()
    }
  })
})
