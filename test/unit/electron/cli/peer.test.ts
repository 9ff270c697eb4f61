import { test } from 'node:test'
import assert from 'node:assert/strict'
import type { FeedSync } from '../../../../shared/api/follows.js'
import { behindFeeds } from '../../../../electron/cli/peer.js'

function feed(key: string, over: Partial<FeedSync>): FeedSync {
  return { key, name: null, peers: 1, remoteLength: 10, localLength: 10, held: 10, indexedLength: 10, lastSeen: 1, invalid: 0, stopped: null, ...over }
}

test('behindFeeds: a feed counts as caught up once a peer was seen and all it announced is held and indexed', () => {
  const state = {
    online: true,
    peers: 1,
    feeds: [
      feed('done', {}),
      feed('done-offline', { peers: 0, lastSeen: 5 }),
      feed('never-seen', { peers: 0, lastSeen: null, remoteLength: 0, localLength: 0, indexedLength: 0 }),
      feed('downloading', { localLength: 4, indexedLength: 4 }),
      feed('indexing', { indexedLength: 9 })
    ]
  }
  assert.deepEqual(behindFeeds(state), ['never-seen', 'downloading', 'indexing'])
})
