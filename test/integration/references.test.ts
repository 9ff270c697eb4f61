// Statuses from feeds we do not follow, referenced by feeds we do: a repost shows its original, a reply's
// thread shows its root. They are fetched one block at a time; the stranger's feed is not followed.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { useLocalNetwork } from '../helpers/local-network.js'
import { waitFor } from '../helpers/tmp.js'

describe('statuses referenced from feeds we do not follow', () => {
  const net = useLocalNetwork()

  it('fetches a repost original and a thread root sparsely', async () => {
    const [carol, alice, bob] = await Promise.all(['carol', 'alice', 'bob'].map((n) => net.peer(n)))
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
