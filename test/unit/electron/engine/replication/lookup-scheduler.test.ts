import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { FIRST_RETRY_MS, LookupScheduler, MAX_PER_MINUTE, MAX_RETRY_MS } from '../../../../../electron/engine/replication/lookup-scheduler.js'

function scheduler() {
  let now = 1_000_000
  const s = new LookupScheduler(async () => {}, () => now)
  return { s, advance: (ms: number) => (now += ms) }
}

describe('LookupScheduler', () => {
  it('looks again for a topic without peers, backing off exponentially', () => {
    const { s, advance } = scheduler()
    s.add('a')
    assert.deepEqual(s.due(), [])
    advance(FIRST_RETRY_MS)
    assert.deepEqual(s.due(), ['a'])
    advance(FIRST_RETRY_MS)
    assert.deepEqual(s.due(), [], 'the second retry waits twice as long')
    advance(FIRST_RETRY_MS)
    assert.deepEqual(s.due(), ['a'])
    s.stop()
  })

  it('stops looking while a topic has peers, and starts again soon after it loses them', () => {
    const { s, advance } = scheduler()
    s.add('a')
    s.setSatisfied('a', true)
    advance(MAX_RETRY_MS * 3)
    assert.deepEqual(s.due(), [])
    s.setSatisfied('a', false)
    advance(FIRST_RETRY_MS)
    assert.deepEqual(s.due(), ['a'])
    s.stop()
  })

  it('never waits longer than the maximum between lookups', () => {
    const { s, advance } = scheduler()
    s.add('a')
    let lookups = 0
    for (let t = 0; t < 20 * 60_000; t += 500) {
      advance(500)
      lookups += s.due().length
    }
    assert.ok(lookups >= 20, `looked ${lookups} times in 20 minutes`)
    s.stop()
  })

  it('shares one budget per minute across thousands of topics', () => {
    const { s, advance } = scheduler()
    for (let i = 0; i < 1000; i++) s.add('t' + i)
    let lookupsInMinute = 0
    for (let t = 0; t < 60_000; t += 500) {
      advance(500)
      lookupsInMinute += s.due().length
    }
    assert.ok(lookupsInMinute <= MAX_PER_MINUTE + MAX_PER_MINUTE, `${lookupsInMinute} lookups in a minute`)
    assert.ok(lookupsInMinute > 0)
    s.stop()
  })
})
