// A followed feed whose author signed two different histories (the same identity running on two machines):
// Hypercore reports the conflict; we flag the feed as forked, freeze it at what we hold, and keep working.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { useLocalNetwork } from '../helpers/local-network.js'
import { waitFor } from '../helpers/tmp.js'

/** A wait on the network: seconds alone, but a loaded machine has taken over 30 s to reconnect the peers. */
const NET_MS = 90_000

const status = (text: string) => JSON.stringify({ type: 'status', text, createdAt: Date.now() })

describe('a forked feed', () => {
  const net = useLocalNetwork()

  it('is flagged and frozen, never a crash', async () => {
    const header = JSON.stringify({ type: 'header', protocol: 'rstatus', version: 1 })
    const history = [header, status('shared history')]
    const w1 = await net.writer('machine-1', { lines: history })
    const reader = await net.peer('reader')
    await reader.api.call('follow', { key: w1.key })
    await waitFor(async () => (await reader.api.call('timeline', {})).items.length === 1, { what: 'first sync', timeout: NET_MS })

    // The same identity set up on a second machine with the same history; both write on.
    await w1.stop()
    const w2 = await net.writer('machine-2', { lines: history, primaryKey: w1.primaryKey, offline: true })
    assert.equal(w2.key, w1.key)
    await w2.stop()
    const again = await net.writer('machine-1')
    await again.append([status('written on machine 1')])
    await waitFor(async () => (await reader.api.call('timeline', {})).items.length === 2, { what: 'machine 1 post', timeout: NET_MS })
    await again.stop()

    const w2again = await net.writer('machine-2')
    await w2again.append([status('written on machine 2'), status('and more on machine 2')])

    const feed = await waitFor(
      async () => (await reader.api.call('syncState', {})).feeds.find((f) => f.stopped === 'forked'),
      { what: 'the fork to be detected', timeout: NET_MS }
    )
    assert.equal(feed.key, w1.key)
    // What we held and indexed before it froze, not the zeros of the core Hypercore closed on the conflict.
    assert.deepEqual([feed.localLength, feed.held, feed.indexedLength], [3, 3, 3])
    const texts = (await reader.api.call('timeline', {})).items.map((s) => s.text)
    assert.deepEqual(texts, ['written on machine 1', 'shared history'], 'what we held stays readable')
    assert.ok(!texts.includes('and more on machine 2'), 'nothing from the other history is shown')
    assert.ok((await reader.api.call('whoami', {})).key, 'the peer still answers')
  })
})
