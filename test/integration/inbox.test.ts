// Replies and mentions from strangers (PROTOCOL.md "Inbox"), peers in their own processes on a local DHT: the
// author's peer announces the status on the addressee's inbox topic, and the addressee's peer fetches it and
// files it under Requests, while neither follows the other.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { useLocalNetwork } from '../helpers/local-network.js'
import { waitFor } from '../helpers/tmp.js'

describe('the inbox: replies and mentions from people you do not follow', () => {
  const net = useLocalNetwork()

  it('brings a stranger’s reply and mention to their target, under Requests, while neither follows the other', async () => {
    const [xena, sam] = await Promise.all([net.peer('xena'), net.peer('sam')])
    await xena.api.call('setProfile', { name: 'Xena' })
    const status = await xena.api.call('post', { text: 'anyone out there?' })
    await sam.api.call('setProfile', { name: 'Sam' })
    const reply = await sam.api.call('reply', { to: status.uri, text: 'I am!' })
    const mention = await sam.api.call('post', { text: `hello @${xena.key}` })
    assert.deepEqual(mention.mentions?.map((m) => m.key), [xena.key])

    const requests = await waitFor(
      async () => {
        const page = await xena.api.call('requests', {})
        return page.items.length === 2 ? page.items : null
      },
      { what: 'both statuses to reach xena’s requests', timeout: 60_000 }
    )
    assert.deepEqual(requests.map((s) => s.uri), [mention.uri, reply.uri])
    assert.deepEqual(requests.map((s) => s.author.key), [sam.key, sam.key])
    assert.deepEqual(await xena.api.call('following', {}), [])
    assert.deepEqual(await sam.api.call('following', {}), [])
    assert.deepEqual((await xena.api.call('notifications', {})).items, [], 'requests are not notifications')
    assert.deepEqual((await xena.api.call('timeline', {})).items.map((s) => s.text), ['anyone out there?'])
    assert.deepEqual((await xena.api.call('thread', { uri: status.uri })).replies.map((s) => s.text), ['I am!'])
    assert.deepEqual((await xena.api.call('syncState', {})).feeds, [], 'the stranger’s feed is not replicated')

    // Once xena follows sam, the two are ordinary notifications.
    await xena.api.call('follow', { key: sam.key })
    await waitFor(async () => (await xena.api.call('notifications', {})).items.length === 2, { what: 'notifications after following' })
    assert.deepEqual((await xena.api.call('requests', {})).items, [])
  })
})
