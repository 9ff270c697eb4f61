// The engine's directory of public facts for messages: which devices of an identity get its messaging key.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type Hypercore from 'hypercore'
import { FeedDirectory } from '../../../../../electron/engine/messages/feed-directory.js'

describe('FeedDirectory', () => {
  describe('devices()', () => {
    it('lists the linked devices of an identity, not a removed one nor one whose side of the link is missing', async () => {
      const identity = 'identity'
      const directory = new FeedDirectory({
        own: { key: identity, core: null as unknown as Hypercore },
        reach: () => Promise.reject(new Error('no feed is fetched to list devices')),
        following: async () => [],
        isBlocked: () => false,
        listedDevices: async (who) =>
          who === identity
            ? [
                { key: 'laptop', linked: true, removedAfter: null },
                { key: 'stolen phone', linked: true, removedAfter: 12 },
                { key: 'not paired yet', linked: false, removedAfter: null }
              ]
            : []
      })
      assert.deepEqual(await directory.devices(identity), ['laptop'])
      assert.deepEqual(await directory.devices('someone else'), [])
    })
  })
})
