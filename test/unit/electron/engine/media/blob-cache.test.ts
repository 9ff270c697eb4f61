import assert from 'node:assert/strict'
import path from 'node:path'
import { describe, it } from 'node:test'
import { BlobCache, type CachedBlob } from '../../../../../electron/engine/media/blob-cache.js'
import { tmpDir } from '../../../../helpers/tmp.js'

const ref = (blockOffset: number) => ({ blockOffset, blockLength: 1, byteOffset: blockOffset * 100, byteLength: 100 })

describe('BlobCache', () => {
  it('evicts the least recently looked-at images once over its cap, and remembers across restarts', async () => {
    const tmp = tmpDir()
    try {
      const file = path.join(tmp.dir, 'cache.json')
      let clock = 0
      const cleared: CachedBlob[] = []
      const cache = new BlobCache({ file, capBytes: 250, now: () => ++clock, clear: async (e) => void cleared.push(e) })
      await cache.add('feedA', 'blobsA', ref(0), 100)
      await cache.add('feedB', 'blobsB', ref(1), 100)
      cache.touch('blobsA', ref(0)) // A was looked at after B
      await cache.add('feedA', 'blobsA', ref(2), 100)
      assert.deepEqual(cleared.map((e) => [e.blobs, e.blockOffset]), [['blobsB', 1]])
      assert.equal(cache.usedBytes, 200)
      assert.deepEqual([...cache.usageByFeed()], [['feedA', 200]])
      cache.flush()

      const again = new BlobCache({ file, capBytes: 250, clear: async () => {} })
      assert.equal(again.usedBytes, 200)
      assert.equal(again.has('blobsA', ref(2)), true)
      assert.equal(again.has('blobsB', ref(1)), false)
    } finally {
      tmp.cleanup()
    }
  })
})
