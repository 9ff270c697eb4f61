// Looking at a feed before following it: profile and latest statuses, fetched sparsely; nothing is
// followed, indexed or kept downloading afterwards.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { useLocalNetwork } from '../helpers/local-network.js'
import type { PeerProcess } from '../helpers/peer.js'

describe('preview a feed without following it', () => {
  const net = useLocalNetwork()
  let viewer: PeerProcess

  it('shows name, bio and the newest statuses, and follows nothing', async () => {
    const author = await net.peer('author')
    viewer = await net.peer('viewer')
    await author.api.call('setProfile', { name: 'Ada', bio: 'counts things' })
    for (let i = 1; i <= 30; i++) await author.api.call('post', { text: `note ${i}` })
    const gone = await author.api.call('post', { text: 'deleted later' })
    await author.api.call('delete', { uri: gone.uri })

    const preview = await viewer.api.call('preview', { key: `rstatus://${author.key}`, limit: 5 })
    assert.equal(preview.reachable, true)
    assert.equal(preview.profile.name, 'Ada')
    assert.equal(preview.profile.bio, 'counts things')
    assert.deepEqual(preview.statuses.map((s) => s.text), ['note 30', 'note 29', 'note 28', 'note 27', 'note 26'])
    assert.equal(preview.statuses[0]?.author.name, 'Ada')

    assert.deepEqual(await viewer.api.call('following', {}), [])
    assert.deepEqual((await viewer.api.call('timeline', {})).items, [])
    assert.deepEqual((await viewer.api.call('syncState', {})).feeds, [])
  })

  it('says so when nobody holding the feed answers', async () => {
    const nobody = 'yryyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy'
    const preview = await viewer.api.call('preview', { key: nobody, timeout: 1500 })
    assert.equal(preview.reachable, false)
    assert.equal(preview.profile.name, null)
    assert.deepEqual(preview.statuses, [])
  })
})
