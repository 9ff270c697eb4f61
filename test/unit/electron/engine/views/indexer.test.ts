// The indexer indexes what a first sync has downloaded even while the feed has gaps (downloads run out of
// order), then moves the indexed length over those blocks once the gaps fill. Real cores replicate in
// process; the views run on their own thread as in the engine.
import assert from 'node:assert/strict'
import Corestore from 'corestore'
import ids from 'hypercore-id-encoding'
import { after, describe, it } from 'node:test'
import { Indexer } from '../../../../../electron/engine/views/indexer.js'
import { ViewsWorker, type ViewsWorkerOptions } from '../../../../../electron/engine/views/worker.js'
import { FakeFeed } from './fixtures.js'
import { readerCopy } from '../../../../helpers/replicate-in-process.js'
import { tmpDir, waitFor } from '../../../../helpers/tmp.js'

async function openWorker(dir: string, opts: ViewsWorkerOptions): Promise<ViewsWorker> {
  const worker = new ViewsWorker(dir, opts)
  await worker.ready()
  return worker
}

describe('Indexer', () => {
  const tmp = tmpDir('rstatus-indexer-')
  after(() => tmp.cleanup())

  it('indexes blocks held ahead of a gap, then advances over them when the gap fills', async () => {
    const alice = new FakeFeed()
    alice.profile('Alice')
    for (let i = 0; i < 1999; i++) alice.status(`status number ${i}`)
    const writerStore = new Corestore(`${tmp.dir}/writer`)
    const readerStore = new Corestore(`${tmp.dir}/reader`)
    const views = await openWorker(`${tmp.dir}/views`, { me: new FakeFeed().key })
    const indexer = new Indexer(views)
    const errors: unknown[] = []
    indexer.on('error', (_feed, err) => errors.push(err))
    try {
      const writer = writerStore.get({ name: 'alice' })
      await writer.ready()
      await writer.append(alice.blocks.map((b) => Buffer.from(b)))
      const key = ids.encode(writer.key)
      const { core: reader, disconnect } = await readerCopy(writerStore, readerStore, writer.key)
      await indexer.track(key, reader)

      // The newer half first: indexed as it arrives, though nothing is held from block 0.
      await reader.download({ start: 1001, end: alice.length }).done()
      const newest = await waitFor(async () => {
        const page = await views.profileStatuses(key, { limit: 1 })
        return page.items[0]?.text === 'status number 1998' ? page : null
      }, { what: 'the newest status, indexed ahead of the gap' })
      assert.equal(newest.items.length, 1)
      assert.equal(reader.contiguousLength, 0)
      assert.equal(indexer.indexedLength(key), 0, 'the length waits for the gap')
      assert.equal(await views.indexedLength(key), 0)

      await reader.download({ start: 0, end: 1001 }).done()
      await waitFor(() => indexer.indexedLength(key) === alice.length, { what: 'the whole feed indexed' })
      assert.equal(await views.indexedLength(key), alice.length)
      const profile = await views.profile(key)
      assert.equal(profile.name, 'Alice')
      assert.equal(profile.statuses, 1999, 'every status counted once')
      assert.deepEqual(errors, [])
      disconnect()
    } finally {
      await indexer.close()
      await views.close()
      await readerStore.close()
      await writerStore.close()
    }
  })
})
