// A followed feed written by someone else's client, holding invalid and unknown records: the valid ones
// show, the invalid ones are skipped and counted, the unknown ones are ignored, nothing crashes.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { useLocalNetwork } from '../helpers/local-network.js'
import { waitFor } from '../helpers/tmp.js'
import { rstatus } from './cli-process.js'

describe('a feed with invalid and unknown records', () => {
  const net = useLocalNetwork()

  it('skips and counts invalid blocks, ignores unknown types, shows the rest', async () => {
    const t = 1_700_000_000_000
    const lines = [
      JSON.stringify({ type: 'header', protocol: 'rstatus', version: 1 }),
      JSON.stringify({ type: 'status', text: 'valid one', createdAt: t }),
      '{not json',
      JSON.stringify({ type: 'status', text: '', createdAt: t }),
      JSON.stringify({ type: 'status', text: 'bad time', createdAt: 'yesterday' }),
      JSON.stringify({ type: 'poll', question: 'unknown types are ignored', createdAt: t }),
      JSON.stringify({ type: 'status', text: 'x'.repeat(501), createdAt: t }),
      JSON.stringify({ type: 'status', text: 'replies to itself', createdAt: t, replyTo: 'SELF/7', root: 'SELF/7' }),
      // A card whose picture claims more than any image may be: the whole status is invalid, as for a bad attachment.
      JSON.stringify({ type: 'status', text: 'see https://example.com/', createdAt: t, card: { url: 'https://example.com/', title: 'x', image: { type: 'image', mime: 'image/png', blobs: 'yhdoqba8yhdoqba8yhdoqba8yhdoqba8yhdoqba8yhdoqba8yhdo', blob: { blockOffset: 0, blockLength: 1, byteOffset: 0, byteLength: 1e12 }, width: 1, height: 1 } } }),
      JSON.stringify({ type: 'status', text: 'valid two', createdAt: t + 1, extra: { nested: true }, __proto__: { polluted: 1 } }),
      JSON.stringify({ type: 'header', protocol: 'rstatus', version: 1 }),
      '[1,2,3]'
    ]
    // The self reference needs the feed's own key, which only exists once the writer made the core: a
    // dangling "SELF" is not a key, so that record is invalid either way; it still exercises the path.
    const writer = await net.writer('writer', { lines })
    const reader = await net.peer('reader')
    await reader.api.call('follow', { key: writer.key })

    const sync = await waitFor(
      async () => {
        const s = await reader.api.call('syncState', {})
        const f = s.feeds.find((x) => x.key === writer.key)
        return f && f.indexedLength === lines.length ? f : null
      },
      { what: 'the hostile feed to be indexed' }
    )
    assert.equal(sync.invalid, 8, 'not json, empty text, bad time, too long, bad reference, bad card picture, late header, array')
    const page = await reader.api.call('profileStatuses', { key: writer.key })
    assert.deepEqual(page.items.map((s) => s.text), ['valid two', 'valid one'])
    assert.equal((page.items[0] as unknown as Record<string, unknown>).extra, undefined, 'unknown fields are dropped')
    assert.equal(({} as Record<string, unknown>).polluted, undefined)
    // The peer is still healthy and answers.
    const me = await reader.api.call('whoami', {})
    assert.ok(me.key)
  })

  it('tells of a feed written in a newer version, shows nothing of it, and check and reindex agree', async () => {
    const t = 1_700_000_000_000
    const lines = [
      JSON.stringify({ type: 'header', protocol: 'rstatus', version: 2 }),
      JSON.stringify({ type: 'status', text: 'written by version 2 rules', createdAt: t }),
      JSON.stringify({ type: 'profile', name: 'Future', createdAt: t })
    ]
    const writer = await net.writer('future-writer', { lines })
    const reader = await net.peer('future-reader')
    await reader.api.call('follow', { key: writer.key })
    const sync = await waitFor(
      async () => {
        const s = await reader.api.call('syncState', {})
        const f = s.feeds.find((x) => x.key === writer.key)
        return f && f.indexedLength === lines.length ? f : null
      },
      { what: 'the version 2 feed to be indexed' }
    )
    assert.equal(sync.newerVersion, 2)
    assert.equal(sync.invalid, 0)
    assert.equal((await reader.api.call('profile', { key: writer.key })).newerVersion, 2)
    assert.deepEqual((await reader.api.call('profileStatuses', { key: writer.key })).items, [])
    await reader.close()

    for (const command of ['check', 'reindex', 'check']) {
      const r = await rstatus(['--data', reader.dataDir, command])
      assert.equal(r.code, 0, `${command}: ${r.stdout}${r.stderr}`)
    }
  })
})
