import assert from 'node:assert/strict'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import Corestore from 'corestore'
import type Hypercore from 'hypercore'
import ids from 'hypercore-id-encoding'
import { checkFeed } from '../../../../../electron/engine/views/check.js'
import { Views } from '../../../../../electron/engine/views/views.js'
import { tmpDir } from '../../../../helpers/tmp.js'

const T = 1_700_000_000_000

describe('checkFeed()', () => {
  const tmp = tmpDir()
  let store: Corestore
  let views: Views

  before(async () => {
    store = new Corestore(path.join(tmp.dir, 'store'))
    views = await Views.open(path.join(tmp.dir, 'views'), { me: ids.encode(Buffer.alloc(32, 7)) })
  })
  after(async () => {
    await views.close()
    await store.close()
    tmp.cleanup()
  })

  /** A core holding these records, indexed into the views as the engine's indexer does. */
  async function indexedFeed(name: string, records: unknown[]): Promise<{ key: string; core: Hypercore }> {
    const core = store.get({ name })
    await core.ready()
    await core.append(records.map((r) => Buffer.from(JSON.stringify(r))))
    const key = ids.encode(core.key)
    const blocks: Uint8Array[] = []
    for (let seq = 0; seq < core.length; seq++) blocks.push((await core.get(seq))!)
    await views.index(key, 0, blocks, { now: T })
    return { key, core }
  }

  it('finds a version 1 feed matching its views', async () => {
    const { key, core } = await indexedFeed('v1', [
      { type: 'header', protocol: 'rstatus', version: 1 },
      { type: 'status', text: 'hello', createdAt: T },
      { type: 'profile', name: 'One', createdAt: T }
    ])
    assert.deepEqual(await checkFeed(views, key, core), { blocks: 3, problems: [] })
  })

  it('applies the indexer\'s version rule: a feed whose header names version 2 shows nothing, and that matches', async () => {
    const { key, core } = await indexedFeed('v2', [
      { type: 'header', protocol: 'rstatus', version: 2 },
      { type: 'status', text: 'from the future', createdAt: T },
      { type: 'profile', name: 'Future', createdAt: T },
      { type: 'follow', feed: ids.encode(Buffer.alloc(32, 9)), createdAt: T }
    ])
    assert.deepEqual(await checkFeed(views, key, core), { blocks: 4, problems: [] })
  })

  it('still reports a status the views lack', async () => {
    const { key, core } = await indexedFeed('lacking', [{ type: 'header', protocol: 'rstatus', version: 1 }])
    await core.append(Buffer.from(JSON.stringify({ type: 'status', text: 'not indexed', createdAt: T })))
    const report = await checkFeed(views, key, core)
    assert.deepEqual(report.problems, [`${key}: 1 blocks indexed, 2 held`])
  })
})
