// The own feed, with real Corestores replicating in this process: whether a connected peer holds all of it.
import assert from 'node:assert/strict'
import path from 'node:path'
import { describe, it } from 'node:test'
import Corestore from 'corestore'
import { encodeRecord } from '../../../../../shared/protocol/encode.js'
import { OwnFeed } from '../../../../../electron/engine/writer/own-feed.js'
import { tmpDir } from '../../../../helpers/tmp.js'

describe('OwnFeed', () => {
  it('is held by a peer only once a connected peer holds every block of it', async () => {
    const tmp = tmpDir()
    const mine = new Corestore(path.join(tmp.dir, 'mine'))
    const own = new OwnFeed(mine, { restored: false })
    await own.ready()
    await own.core.append(Buffer.from(encodeRecord({ type: 'status', text: 'before the peer came', createdAt: 1_700_000_000_000 })))
    assert.equal(own.heldByAPeer, false, 'no peer at all')

    const theirs = new Corestore(path.join(tmp.dir, 'theirs'))
    const copy = theirs.get({ key: own.core.key })
    await copy.ready()
    const a = mine.replicate(true)
    const b = theirs.replicate(false)
    a.pipe(b).pipe(a)
    await copy.update({ wait: true })
    await copy.download({ start: 0, end: 1 }).done()
    await waitUntil(() => own.core.peers.length > 0)
    assert.equal(own.heldByAPeer, false, 'a peer with part of it')

    await copy.download({ start: 0, end: own.core.length }).done()
    await waitUntil(() => own.heldByAPeer)
    await own.core.append(Buffer.from(encodeRecord({ type: 'status', text: 'a new block the peer lacks', createdAt: 1_700_000_001_000 })))
    assert.equal(own.heldByAPeer, false, 'until it has the new block too')

    a.destroy()
    b.destroy()
    await Promise.all([theirs.close(), mine.close()])
    tmp.cleanup()
  })
})

async function waitUntil(check: () => boolean, timeout = 10_000): Promise<void> {
  const deadline = Date.now() + timeout
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out')
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}
