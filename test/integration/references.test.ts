// Statuses from feeds we do not follow, referenced by feeds we do: a repost shows its original, a reply's
// thread shows its root. They are fetched one block at a time; the stranger's feed is not followed.
import assert from 'node:assert/strict'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { spawnPeer, type PeerProcess } from '../helpers/peer.js'
import { startTestnet, type LocalTestnet } from '../helpers/testnet.js'
import { tmpDir, waitFor } from '../helpers/tmp.js'

describe('statuses referenced from feeds we do not follow', () => {
  let testnet: LocalTestnet
  let tmp: ReturnType<typeof tmpDir>
  const peers: PeerProcess[] = []

  before(async () => {
    testnet = await startTestnet()
    tmp = tmpDir()
  })
  after(async () => {
    await Promise.all(peers.map((p) => p.close().catch(() => {})))
    await testnet.close()
    tmp.cleanup()
  })

  it('fetches a repost original and a thread root sparsely', async () => {
    const [carol, alice, bob] = await Promise.all(
      ['carol', 'alice', 'bob'].map((n) => spawnPeer({ dataDir: path.join(tmp.dir, n), bootstrap: testnet.bootstrap }))
    )
    peers.push(carol!, alice!, bob!)
    await carol!.api.call('setProfile', { name: 'Carol' })
    const original = await carol!.api.call('post', { text: 'worth sharing' })
    await alice!.api.call('repost', { of: original.uri })
    const reply = await alice!.api.call('reply', { to: original.uri, text: 'agreed!' })

    await bob!.api.call('follow', { key: alice!.key })
    const shared = await waitFor(
      async () => (await bob!.api.call('timeline', {})).items.find((s) => s.repostedBy),
      { what: 'the repost to show its original', timeout: 30_000 }
    )
    assert.equal(shared.text, 'worth sharing')
    assert.equal(shared.feed, carol!.key)
    assert.equal(shared.repostedBy?.key, alice!.key)

    const thread = await waitFor(
      async () => {
        const t = await bob!.api.call('thread', { uri: reply.uri })
        return t.root ? t : null
      },
      { what: 'the thread root', timeout: 30_000 }
    )
    assert.equal(thread.root?.text, 'worth sharing')
    assert.deepEqual(thread.replies.map((s) => s.text), ['agreed!'])

    assert.deepEqual((await bob!.api.call('following', {})).map((p) => p.key), [alice!.key], 'carol is not followed')
    assert.deepEqual((await bob!.api.call('syncState', {})).feeds.map((f) => f.key), [alice!.key])
  })
})
