// Two things the doors ask of the engine's handlers: a client may say whom an @name stands for (a Twitter
// screen name, a picked suggestion), and a profile says when its feed began.
import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import path from 'node:path'
import HyperDHT from 'hyperdht'
import ids from 'hypercore-id-encoding'
import { isRstatusError } from '../../../../../shared/errors.js'
import { Engine } from '../../../../../electron/engine/engine.js'
import { tmpDir } from '../../../../helpers/tmp.js'

describe('the engine\'s handlers', () => {
  const tmp = tmpDir('rstatus-handlers-')
  let engine: Engine
  const bob = ids.encode(HyperDHT.keyPair().publicKey)

  before(async () => {
    engine = new Engine({ dataDir: path.join(tmp.dir, 'data') })
    await engine.ready()
  })
  after(async () => {
    await engine?.close()
    tmp.cleanup()
  })

  test('post and reply take the mentions a client resolved; a name the text does not hold is refused', async () => {
    const posted = await engine.api.call('post', { text: 'ahoy @Bob_Zoe!', mentions: [{ name: 'bob_zoe', key: bob }] })
    assert.deepEqual(posted.mentions, [{ key: bob, name: 'Bob_Zoe', profileName: null, nameShared: false }])
    const reply = await engine.api.call('reply', { to: posted.uri, text: '@Bob_Zoe again', mentions: [{ name: '@Bob_Zoe', key: `rstatus://${bob}` }] })
    assert.deepEqual(reply.mentions, [{ key: bob, name: 'Bob_Zoe', profileName: null, nameShared: false }])
    await assert.rejects(
      engine.api.call('post', { text: 'no one named here', mentions: [{ name: 'bob_zoe', key: bob }] }),
      (err: unknown) => isRstatusError(err) && err.code === 'INVALID_INPUT'
    )
    // without them, an unknown name stays text
    assert.equal((await engine.api.call('post', { text: 'hi @Bob_Zoe' })).mentions, undefined)
  })

  test('a profile says when its feed began: the createdAt of its first record', async () => {
    const me = await engine.api.call('whoami', {})
    // the first test's post is block 1, the first record after the header
    const first = await engine.api.call('status', { uri: `rstatus://${me.device}/1` })
    assert.ok(first)
    assert.equal((await engine.api.call('profile', { key: me.key })).createdAt, first.createdAt)
    // a feed this peer does not hold has no such time
    assert.equal((await engine.api.call('profile', { key: bob })).createdAt, undefined)
  })
})
