import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { MAX_CLOCK_SKEW_MS } from '../../../../shared/protocol/limits.js'
import { sortTime } from '../../../../shared/protocol/time.js'

const SEEN = 1_750_000_000_000

describe('sortTime()', () => {
  it('is createdAt for a record dated before it was first seen', () => {
    assert.equal(sortTime(SEEN - 86_400_000, SEEN), SEEN - 86_400_000)
    assert.equal(sortTime(0, SEEN), 0)
  })

  it('allows createdAt up to 10 minutes ahead of the first sighting, for clock skew', () => {
    assert.equal(MAX_CLOCK_SKEW_MS, 10 * 60 * 1000)
    assert.equal(sortTime(SEEN + 60_000, SEEN), SEEN + 60_000)
    assert.equal(sortTime(SEEN + MAX_CLOCK_SKEW_MS, SEEN), SEEN + MAX_CLOCK_SKEW_MS)
  })

  it('clamps a createdAt further in the future to the first sighting plus 10 minutes', () => {
    assert.equal(sortTime(SEEN + MAX_CLOCK_SKEW_MS + 1, SEEN), SEEN + MAX_CLOCK_SKEW_MS)
    assert.equal(sortTime(Number.MAX_SAFE_INTEGER, SEEN), SEEN + MAX_CLOCK_SKEW_MS)
  })

  it('so a status from the year 3000 sorts below one written a day later than it was seen', () => {
    const future = sortTime(Date.UTC(3000, 0, 1), SEEN)
    const nextDay = sortTime(SEEN + 86_400_000, SEEN + 86_400_000)
    assert.ok(future < nextDay)
  })
})
