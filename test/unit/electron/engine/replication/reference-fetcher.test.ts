import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { FETCH_CONCURRENCY, MAX_QUEUE, ReferenceFetcher } from '../../../../../electron/engine/replication/reference-fetcher.js'

const tick = () => new Promise((r) => setImmediate(r))

describe('ReferenceFetcher', () => {
  it('waits for the network, then fetches each URI once with bounded concurrency', async () => {
    const started: string[] = []
    let running = 0
    let maxRunning = 0
    const release: Array<() => void> = []
    const f = new ReferenceFetcher(async (uri) => {
      started.push(uri)
      maxRunning = Math.max(maxRunning, ++running)
      await new Promise<void>((r) => release.push(r))
      running--
      return true
    })
    f.add(['a', 'b', 'a', 'c'])
    await tick()
    assert.deepEqual(started, [], 'nothing runs while offline')
    f.resume()
    await tick()
    assert.equal(started.length, FETCH_CONCURRENCY)
    while (release.length) {
      release.shift()!()
      await tick()
      await tick()
    }
    assert.deepEqual(started, ['a', 'b', 'c'])
    assert.equal(maxRunning, FETCH_CONCURRENCY)
    f.close()
  })

  it('does not retry a failed URI right away, and bounds its queue', async () => {
    let calls = 0
    const f = new ReferenceFetcher(async () => {
      calls++
      return false
    })
    f.resume()
    f.add(['x'])
    await tick()
    await tick()
    f.add(['x'])
    await tick()
    assert.equal(calls, 1)
    f.close()

    const g = new ReferenceFetcher(async () => true)
    g.add(Array.from({ length: MAX_QUEUE + 50 }, (_, i) => `u${i}`))
    assert.equal(g.pending, MAX_QUEUE)
    g.close()
  })
})
