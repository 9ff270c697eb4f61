// The replica of one followed feed, with real Corestores replicating in this process (no swarm): what counts as
// a fork, and when a feed counts as looked up.
import assert from 'node:assert/strict'
import path from 'node:path'
import { describe, it } from 'node:test'
import Corestore from 'corestore'
import ids from 'hypercore-id-encoding'
import { Replica } from '../../../../../electron/engine/replication/replica.js'
import { readerCopy } from '../../../../helpers/replicate-in-process.js'
import { tmpDir } from '../../../../helpers/tmp.js'

const block = (n: number) => Buffer.from(JSON.stringify({ type: 'status', text: `status ${n}`, createdAt: 1_700_000_000_000 + n }))

function connect(a: Corestore, b: Corestore): () => void {
  const s1 = a.replicate(true)
  const s2 = b.replicate(false)
  s1.pipe(s2).pipe(s1)
  return () => {
    s1.destroy()
    s2.destroy()
  }
}

describe('Replica', () => {
  it('does not take the store closing under it for a fork', async () => {
    const tmp = tmpDir()
    const writer = new Corestore(path.join(tmp.dir, 'writer'))
    const feed = writer.get({ name: 'feed' })
    await feed.append([block(0), block(1)])
    const reader = new Corestore(path.join(tmp.dir, 'reader'))
    const replica = await openReplica(reader, ids.encode(feed.key), { maxBytes: 1024 * 1024 })
    const stops: string[] = []
    replica.on('stopped', (reason: string) => stops.push(reason))
    // Quitting closes the store while a replica is still open (a reconcile pass may have just opened it).
    await reader.close()
    assert.deepEqual(stops, [])
    assert.equal(replica.stopped, null)
    await writer.close()
    tmp.cleanup()
  })

  it('counts as looked up only once every peer the lookup found told its length, an old copy included', async () => {
    const tmp = tmpDir()
    const writer = new Corestore(path.join(tmp.dir, 'writer'))
    const feed = writer.get({ name: 'feed' })
    await feed.append([block(0), block(1)])
    // Another device of the same identity holds an old copy: two blocks, while the writer has five.
    const device = new Corestore(path.join(tmp.dir, 'device'))
    const old = await readerCopy(writer, device, feed.key)
    await old.core.download({ start: 0, end: 2 }).done()
    old.disconnect()
    await feed.append([block(2), block(3), block(4)])

    const reader = new Corestore(path.join(tmp.dir, 'reader'))
    const replica = await openReplica(reader, ids.encode(feed.key), { maxBytes: 1024 * 1024 })
    let lookupDone: () => void = () => {}
    replica.findPeersDuring(new Promise<void>((resolve) => (lookupDone = resolve)))
    const disconnects = [connect(device, reader)]
    await new Promise((resolve) => setTimeout(resolve, 200))
    assert.equal(replica.lookedUp, false, 'not while the lookup is still finding peers')
    disconnects.push(connect(writer, reader))
    lookupDone()
    await waitUntil(() => replica.lookedUp)
    assert.equal(Math.max(replica.core.length, replica.remoteLength), 5, 'the length is the longest any found peer has')

    await replica.close()
    for (const d of disconnects) d()
    await Promise.all([reader.close(), device.close(), writer.close()])
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

async function openReplica(store: Corestore, key: string, opts: { maxBytes: number }): Promise<Replica> {
  const replica = new Replica(store, key, opts)
  await replica.ready()
  return replica
}
