import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { removed, streamKey } from '../../../../../electron/serve/mastodon-api/streaming.js'

describe('Mastodon streams', () => {
  test('user and hashtag streams; the others rstatus does not have', () => {
    assert.equal(streamKey('user', null), 'user')
    assert.equal(streamKey('hashtag', '#Boats'), 'hashtag:boats')
    assert.equal(streamKey('hashtag:local', 'Boats'), 'hashtag:boats')
    for (const [stream, tag] of [['hashtag', null], ['hashtag', ' '], ['public', null], ['list', '1'], ['direct', null], ['user:notification', null]] as const) {
      assert.equal(streamKey(stream, tag), null, stream)
    }
  })

  test('a status missing from the next read, where it would still fit, was deleted', () => {
    const e = (uri: string, time: number) => ({ uri, time })
    const last = [e('d', 40), e('c', 30), e('b', 20), e('a', 10)]
    // c was deleted; a only slid below a full page
    assert.deepEqual(removed(last, [e('e', 50), e('d', 40), e('b', 20)], false), ['c'])
    // the whole source was read: a is gone too
    assert.deepEqual(removed(last, [e('d', 40), e('b', 20)], true), ['c', 'a'])
    assert.deepEqual(removed([], [e('a', 1)], true), [])
  })
})
