// A peer killed (SIGKILL) in the middle of indexing a large feed resumes where it stopped: what it had
// indexed survives, the stored length claims nothing more, and after a restart every status is there exactly
// once (a block indexed before the crash is skipped, not applied twice).
import assert from 'node:assert/strict'
import path from 'node:path'
import { describe, it } from 'node:test'
import { Views } from '../../electron/engine/views/views.js'
import { useLocalNetwork } from '../helpers/local-network.js'
import { waitFor } from '../helpers/tmp.js'

// Large enough that indexing is still under way a thousand blocks in, small enough for a busy CI machine.
const COUNT = 20_000
const CRASH_AT = 1_000

describe('a crash in the middle of indexing', () => {
  const net = useLocalNetwork()

  it('resumes after SIGKILL and ends with every status exactly once', async () => {
    const writer = await net.writer('writer', { count: COUNT })
    const doomed = await net.peer('reader', { crashAt: CRASH_AT })
    await doomed.api.call('follow', { key: writer.key })
    await doomed.exited
    assert.equal(doomed.child.signalCode, 'SIGKILL', 'the peer died mid-indexing')

    // What the crash left, read from the views folder before the peer starts again (once it runs, it catches
    // up faster than a look can see).
    const views = await Views.open(path.join(doomed.dataDir, 'views'), { me: doomed.key })
    const writerFeed = (await views.following(doomed.key))[0]!
    const held = (await views.profile(writerFeed)).statuses
    const length = await views.indexedLength(writerFeed)
    await views.close()
    assert.equal(writerFeed, writer.key)
    assert.ok(held >= CRASH_AT && held < COUNT, `the crash came mid-indexing: ${held} of ${COUNT} statuses indexed`)
    assert.ok(length <= held + 1, `the stored length (${length}) claims no block that was not indexed`)

    const reader = await net.peer('reader')
    await waitFor(
      async () => (await reader.api.call('syncState', {})).feeds[0]?.indexedLength === COUNT + 1,
      { what: 'the rest of the feed', timeout: 180_000 }
    )
    const seen = new Set<number>()
    let cursor: string | undefined
    for (;;) {
      const page = await reader.api.call('profileStatuses', { key: writer.key, limit: 500, cursor })
      for (const s of page.items) {
        assert.ok(!seen.has(s.seq), `seq ${s.seq} appears once`)
        seen.add(s.seq)
      }
      if (!page.cursor) break
      cursor = page.cursor
    }
    assert.equal(seen.size, COUNT)
    const top = await reader.api.call('timeline', { limit: 1 })
    assert.equal(top.items[0]?.text, `status number ${COUNT}`)
  })
})
