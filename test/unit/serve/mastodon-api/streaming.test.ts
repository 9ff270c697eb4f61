import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { streamKey } from '../../../../electron/serve/mastodon-api/streaming.js'

describe('Mastodon streams', () => {
  test('user and hashtag streams; the others rstatus does not have', () => {
    assert.equal(streamKey('user', null), 'user')
    assert.equal(streamKey('hashtag', '#Boats'), 'hashtag:boats')
    assert.equal(streamKey('hashtag:local', 'Boats'), 'hashtag:boats')
    for (const [stream, tag] of [['hashtag', null], ['hashtag', ' '], ['public', null], ['list', '1'], ['direct', null], ['user:notification', null]] as const) {
      assert.equal(streamKey(stream, tag), null, stream)
    }
  })
})
