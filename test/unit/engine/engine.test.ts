// The engine's bookkeeping of followed feeds, offline and in this process: a feed stays frozen as forked only
// while its core shows a fork.
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { after, describe, it } from 'node:test'
import ids from 'hypercore-id-encoding'
import { Engine } from '../../../electron/engine/engine.js'
import { tmpDir } from '../../helpers/tmp.js'

const frozenIn = (dataDir: string): Record<string, string> => {
  const file = path.join(dataDir, 'state.json')
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as { frozen: Record<string, string> }).frozen : {}
}

describe('Engine', () => {
  const tmp = tmpDir('rstatus-engine-')
  after(() => tmp.cleanup())

  it('thaws a feed recorded as forked whose core shows no fork', async () => {
    const dir = path.join(tmp.dir, 'thaw')
    const key = ids.encode(randomBytes(32))
    const first = new Engine({ dataDir: dir })
    await first.ready()
    await first.api.call('follow', { key })
    await first.close()
    // What an earlier version wrote when the store closed under a replica.
    fs.writeFileSync(path.join(dir, 'state.json'), JSON.stringify({ frozen: { [key]: 'forked' } }))

    const engine = new Engine({ dataDir: dir })
    await engine.ready()
    const feed = (await engine.api.call('syncState', {})).feeds.find((f) => f.key === key)
    assert.equal(feed?.stopped, null)
    await engine.close()
    assert.deepEqual(frozenIn(dir), {})
  })
})
