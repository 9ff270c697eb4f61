import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  BURST,
  FIRST_BURST,
  FIRST_PER_SECOND,
  FIRST_RETRY_MS,
  LookupScheduler,
  MAX_RETRY_MS,
  RATE_PER_MINUTE,
  REFRESH_MS,
  RESERVE
} from '../../../../../electron/engine/replication/lookup-scheduler.js'

/** A scheduler on a clock of its own; every granted lookup ends at once unless `hold` says otherwise. */
function scheduler() {
  let now = 1_000_000
  const s = new LookupScheduler(async () => {}, { now: () => now, tickMs: 0 })
  const take = (): string[] => {
    const ids = s.due()
    for (const id of ids) s.done(id)
    return ids
  }
  return { s, take, advance: (ms: number) => (now += ms) }
}

/** Spends the first lookups' allowance, and the bucket down to `left` tokens, on topics never looked at again. */
function drain(s: LookupScheduler, take: () => string[], left: number): void {
  const n = FIRST_BURST + BURST - left
  for (let i = 0; i < n; i++) s.add(`drain-${i}`)
  assert.equal(take().length, n)
  for (let i = 0; i < n; i++) s.remove(`drain-${i}`)
}

describe('LookupScheduler', () => {
  it('looks a new topic up at once, then again on a back-off while it has no peer', () => {
    const { s, take, advance } = scheduler()
    s.add('a')
    assert.deepEqual(take(), ['a'], 'the first lookup is not delayed')
    assert.deepEqual(take(), [])
    advance(FIRST_RETRY_MS)
    assert.deepEqual(take(), ['a'])
    advance(FIRST_RETRY_MS)
    assert.deepEqual(take(), [], 'the second retry waits twice as long')
    advance(FIRST_RETRY_MS)
    assert.deepEqual(take(), ['a'])
    let lookups = 0
    for (let t = 0; t < 20 * 60_000; t += 500) {
      advance(500)
      lookups += take().length
    }
    assert.ok(lookups >= 20 * (60_000 / MAX_RETRY_MS), `never waits longer than the maximum: ${lookups} in 20 minutes`)
    s.stop()
  })

  it('counts a join as the first lookup', () => {
    const { s, take, advance } = scheduler()
    s.add('joined', { lookedUp: true })
    assert.deepEqual(take(), [])
    advance(FIRST_RETRY_MS)
    assert.deepEqual(take(), ['joined'])
    s.stop()
  })

  it('refreshes a topic that has a peer only every REFRESH_MS, and looks soon after it loses the peer', () => {
    const { s, take, advance } = scheduler()
    s.add('a')
    assert.deepEqual(take(), ['a'])
    s.setSatisfied('a', true)
    advance(REFRESH_MS - 1)
    assert.deepEqual(take(), [])
    advance(REFRESH_MS / 5 + 1)
    assert.deepEqual(take(), ['a'], 'a refresh, like Hyperswarm’s own')
    s.setSatisfied('a', false)
    assert.deepEqual(take(), [])
    advance(FIRST_RETRY_MS)
    assert.deepEqual(take(), ['a'])
    s.stop()
  })

  it('grants feeds without a peer first, and the others only from spare budget', () => {
    const { s, take, advance } = scheduler()
    drain(s, take, RESERVE)
    // A friend's connection carries 500 of my feeds before their first lookup; one feed has no peer.
    for (let i = 0; i < 500; i++) {
      s.add(`held-${i}`)
      s.setSatisfied(`held-${i}`, true)
    }
    s.add('dark')
    assert.deepEqual(take(), ['dark'], 'the bucket at its reserve serves only a feed with no peer')
    advance(60_000)
    const minute = take()
    assert.equal(minute[0], 'dark', 'its retry still goes first')
    const spare = minute.slice(1)
    assert.ok(spare.length > 0 && spare.length <= BURST - RESERVE, `${spare.length} from spare budget`)
    assert.ok(spare.every((id) => id.startsWith('held-')))
    s.stop()
  })

  it('looks a feed just followed up ahead of a backlog of dark feeds', () => {
    const { s, take, advance } = scheduler()
    for (let i = 0; i < 1000; i++) s.add(`dark-${i}`)
    assert.equal(take().length, FIRST_BURST + BURST)
    advance(1_000)
    s.add('new', { urgent: true })
    const next = take()
    assert.equal(next[0], 'new')
    assert.ok(next.length <= FIRST_PER_SECOND + 1, `${next.length} granted after a second`)
    s.stop()
  })

  it('spreads a burst of first lookups in random order, not in the order they were added', () => {
    let now = 0
    const s = new LookupScheduler(async () => {}, { now: () => now, tickMs: 0 })
    for (let i = 0; i < 1000; i++) s.add(`t${i}`)
    const first = s.due()
    assert.equal(first.length, FIRST_BURST + BURST)
    assert.notDeepEqual(first, Array.from({ length: FIRST_BURST + BURST }, (_, i) => `t${i}`))
    now += 1
    s.stop()
  })

  it('looks ten thousand topics up once, then keeps them within one budget, minute after minute', () => {
    const { s, take, advance } = scheduler()
    for (let i = 0; i < 10_000; i++) s.add(`t${i}`)
    // Half get a peer (a friend serves them), half never do.
    const perMinute: number[] = []
    const seen = new Set<string>()
    let allSeenInMinute = -1
    for (let minute = 0; minute < 25; minute++) {
      let count = 0
      for (let t = 0; t < 60_000; t += 500) {
        advance(500)
        for (const id of take()) {
          count++
          seen.add(id)
          if (Number(id.slice(1)) % 2 === 0) s.setSatisfied(id, true)
        }
      }
      perMinute.push(count)
      if (allSeenInMinute < 0 && seen.size === 10_000) allSeenInMinute = minute
    }
    // Going online: each feed once, at the first lookups' pace plus the bucket.
    const firstPace = FIRST_BURST + BURST + 60 * FIRST_PER_SECOND + RATE_PER_MINUTE
    assert.ok(perMinute[0]! <= firstPace, `first minute: ${perMinute[0]}`)
    assert.ok(allSeenInMinute >= 0 && allSeenInMinute <= Math.ceil(10_000 / (60 * FIRST_PER_SECOND)), `every feed looked up once by minute ${allSeenInMinute}`)
    // Then, holding them: the steady budget, used while half the feeds have no peer.
    const holding = perMinute.slice(allSeenInMinute + 1)
    assert.ok(holding.length >= 10)
    for (const count of holding) assert.ok(count <= RATE_PER_MINUTE + 1, `a later minute: ${count}`)
    assert.ok(holding.every((count) => count >= RATE_PER_MINUTE - 1), 'the budget is used while feeds have no peer')
    s.stop()
  })

  it('tells when a topic’s first lookup is done, and never leaves the caller waiting', async () => {
    const { s, take } = scheduler()
    s.add('a')
    s.add('gone')
    s.add('stopped')
    let done = false
    void s.firstLookup('a').then(() => (done = true))
    await Promise.resolve()
    assert.equal(done, false)
    const granted = s.due()
    assert.ok(granted.includes('a'))
    await Promise.resolve()
    assert.equal(done, false, 'still in flight')
    s.done('a')
    await s.firstLookup('a')
    s.remove('gone')
    await s.firstLookup('gone')
    const stopped = s.firstLookup('stopped')
    void take
    s.stop()
    await stopped
  })
})
