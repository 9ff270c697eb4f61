// readHeldBlocks reads many blocks in one storage read and must return exactly what core.get() does.
import assert from 'node:assert/strict'
import Corestore from 'corestore'
import { after, describe, it } from 'node:test'
import { readHeldBlocks } from '../../../../../electron/engine/views/held-blocks.js'
import { readerCopy } from '../../../../helpers/replicate-in-process.js'
import { tmpDir } from '../../../../helpers/tmp.js'

describe('readHeldBlocks', () => {
  const tmp = tmpDir('rstatus-held-')
  after(() => tmp.cleanup())

  it('returns the held blocks in the order asked, and null for blocks not held', async () => {
    const writerStore = new Corestore(`${tmp.dir}/writer`)
    const readerStore = new Corestore(`${tmp.dir}/reader`)
    try {
      const writer = writerStore.get({ name: 'feed' })
      await writer.ready()
      await writer.append(Array.from({ length: 50 }, (_, i) => Buffer.from(`block ${i}`)))
      const local = await readHeldBlocks(writer, [7, 3, 49, 0])
      assert.deepEqual(local.map((b) => b?.toString()), ['block 7', 'block 3', 'block 49', 'block 0'])

      // A reader holding only some blocks: the others are null, not waited for.
      const { core: reader, disconnect } = await readerCopy(writerStore, readerStore, writer.key)
      await reader.download({ start: 10, end: 20 }).done()
      const mixed = await readHeldBlocks(reader, [9, 10, 19, 20])
      assert.deepEqual(mixed.map((x) => x?.toString() ?? null), [null, 'block 10', 'block 19', null])
      disconnect()
    } finally {
      await readerStore.close()
      await writerStore.close()
    }
  })
})
