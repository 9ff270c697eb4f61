// Handlers of the contract, on a real engine in this process (offline): undoing a repost.
import assert from 'node:assert/strict'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { Engine } from '../../../../../electron/engine/engine.js'
import { tmpDir } from '../../../../helpers/tmp.js'

describe('unrepost', () => {
  const tmp = tmpDir('rstatus-handlers-')
  let engine: Engine

  before(async () => {
    engine = new Engine({ dataDir: path.join(tmp.dir, 'me') })
    await engine.ready()
  })
  after(async () => {
    await engine.close()
    tmp.cleanup()
  })

  it('withdraws every repost this device made of a status, and what they put in the views', async () => {
    const status = await engine.api.call('post', { text: 'worth repeating' })
    const first = await engine.api.call('repost', { of: status.uri })
    const second = await engine.api.call('repost', { of: status.uri })
    assert.equal((await engine.api.call('status', { uri: status.uri }))?.repostedByMe, true)

    const undone = await engine.api.call('unrepost', { of: status.uri })
    assert.equal(undone.uris.length, 2, 'one delete record per repost')
    const after = await engine.api.call('status', { uri: status.uri })
    assert.equal(after?.repostedByMe, false)
    assert.equal(after?.counts.reposts, 0)
    const timeline = (await engine.api.call('timeline', {})).items
    assert.deepEqual(timeline.map((s) => [s.uri, s.repostedBy?.uri ?? null]), [[status.uri, null]], 'no repost entry is left in home')
    assert.equal(await engine.api.call('status', { uri: first.uri }), null)
    assert.equal(await engine.api.call('status', { uri: second.uri }), null)
  })

  it('does nothing, and says so with no uris, when there is no repost to undo', async () => {
    const status = await engine.api.call('post', { text: 'never reposted' })
    const me = (await engine.api.call('whoami', {})).key
    const length = (await engine.api.call('profile', { key: me })).statuses
    assert.deepEqual(await engine.api.call('unrepost', { of: status.uri }), { uris: [] })
    assert.equal((await engine.api.call('profile', { key: me })).statuses, length, 'nothing written')
  })
})
