import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import type { FeedSync } from '../../../../shared/api/follows.js'
import { parseArgs } from '../../../../electron/cli/args.js'
import { reportError } from '../../../../electron/cli/exit.js'
import { behindFeeds } from '../../../../electron/cli/peer.js'
import { maxFeedBytesFromEnv, mediaCacheBytesFromEnv } from '../../../../electron/platform/env-sizes.js'

const MIB = 1024 * 1024

describe('RSTATUS_MAX_FEED_MB', () => {
  test('unset or empty leaves the engine default', () => {
    assert.equal(maxFeedBytesFromEnv({}), undefined)
    assert.equal(maxFeedBytesFromEnv({ RSTATUS_MAX_FEED_MB: '' }), undefined)
    assert.equal(maxFeedBytesFromEnv({ RSTATUS_MAX_FEED_MB: '  ' }), undefined)
  })

  test('a whole number of MiB becomes bytes', () => {
    assert.equal(maxFeedBytesFromEnv({ RSTATUS_MAX_FEED_MB: '1' }), MIB)
    assert.equal(maxFeedBytesFromEnv({ RSTATUS_MAX_FEED_MB: ' 2048 ' }), 2048 * MIB)
    assert.equal(maxFeedBytesFromEnv({ RSTATUS_MAX_FEED_MB: '1048576' }), 1048576 * MIB)
  })

  test('anything else is refused in one line that names the variable', () => {
    for (const bad of ['0', '-5', '1.5', '1e3', '12MB', 'lots', '1048577', '99999999999', '0x10']) {
      assert.throws(
        () => maxFeedBytesFromEnv({ RSTATUS_MAX_FEED_MB: bad }),
        (err: Error) => /^RSTATUS_MAX_FEED_MB must be a whole number of MiB from 1 to 1048576, not "/.test(err.message),
        bad
      )
    }
  })

  test('the CLI passes it to the engine, and refuses a bad value as a usage error (exit 2)', () => {
    assert.equal(parseArgs(['whoami'], { RSTATUS_MAX_FEED_MB: '64' }).global.maxFeedBytes, 64 * MIB)
    assert.equal(parseArgs(['whoami'], {}).global.maxFeedBytes, undefined)
    const lines: string[] = []
    let code = -1
    try {
      parseArgs(['whoami'], { RSTATUS_MAX_FEED_MB: 'big\u001b[2J' })
    } catch (err) {
      code = reportError(err, { out: () => assert.fail('nothing on stdout'), err: (l) => lines.push(l) }, false)
    }
    assert.equal(code, 2)
    assert.deepEqual(lines, ['rstatus: RSTATUS_MAX_FEED_MB must be a whole number of MiB from 1 to 1048576, not "big?[2J"'])
  })
})

describe('RSTATUS_MEDIA_CACHE_MB', () => {
  test('follows the same rule, and names its own variable', () => {
    assert.equal(mediaCacheBytesFromEnv({}), undefined)
    assert.equal(mediaCacheBytesFromEnv({ RSTATUS_MEDIA_CACHE_MB: '64' }), 64 * MIB)
    assert.throws(() => mediaCacheBytesFromEnv({ RSTATUS_MEDIA_CACHE_MB: '0' }), (err: Error) => /^RSTATUS_MEDIA_CACHE_MB must be a whole number of MiB/.test(err.message))
    assert.equal(parseArgs(['whoami'], { RSTATUS_MEDIA_CACHE_MB: '8' }).global.mediaCacheBytes, 8 * MIB)
  })
})

describe('sync through a running serve and frozen feeds', () => {
  const feed = (key: string, over: Partial<FeedSync>): FeedSync => ({
    key, name: null, peers: 1, remoteLength: 100, localLength: 100, held: 100, indexedLength: 100, lastSeen: 1, invalid: 0, stopped: null, ...over
  })

  test('a forked feed is not waited for; a capped one until the blocks that fit are held and indexed', () => {
    const state = {
      online: true,
      peers: 1,
      feeds: [
        feed('capped', { stopped: 'size-cap', capLength: 10, localLength: 10, indexedLength: 10 }),
        feed('capped, cap not yet found', { stopped: 'size-cap', localLength: 0, indexedLength: 0 }),
        feed('capped, fetching', { stopped: 'size-cap', capLength: 10, localLength: 10, indexedLength: 4 }),
        feed('forked', { stopped: 'forked', localLength: 50, indexedLength: 50 }),
        feed('downloading', { localLength: 10, indexedLength: 10 }),
        feed('still looking', { lookedUp: false }),
        feed('looked up', { lookedUp: true })
      ]
    }
    assert.deepEqual(behindFeeds(state), ['capped, cap not yet found', 'capped, fetching', 'downloading', 'still looking'])
  })
})
