import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import path from 'node:path'
import type { Api } from '../../../../../shared/api/contract.js'
import type { StatusView } from '../../../../../shared/api/shapes.js'
import { statusUri } from '../../../../../shared/keys.js'
import { TwitterIds } from '../../../../../electron/serve/twitter-api/ids.js'
import { TweetBuilder } from '../../../../../electron/serve/twitter-api/tweets.js'
import { tmpDir } from '../../../../helpers/tmp.js'

const ANN = 'ybndrfg8ejkmcpqxot1uwisza345h769ybndrfg8ejkmcpqxot1u'
const BOB = 'ybndrfg8ejkmcpqxot1uwisza345h769ybndrfg8ejkmcpqxot1y'

function status(feed: string, seq: number, text: string, extra: Partial<StatusView> = {}): StatusView {
  return {
    uri: statusUri(feed, seq), feed, seq, type: 'status', text, createdAt: 1_750_000_000_000 + seq, sortAt: 1_750_000_000_000 + seq,
    author: { key: feed, name: null }, counts: { likes: 0, reposts: 0, replies: 0 }, likedByMe: false, repostedByMe: false, ...extra
  }
}

describe('TweetBuilder: quotes and warnings', () => {
  const tmp = tmpDir('rstatus-tweets-')
  let ids: TwitterIds
  const quoted = status(BOB, 2, 'the original', { quote: { uri: statusUri(ANN, 1), state: 'unavailable' } })
  // The engine's answers, at the edge of this unit: one status and profiles.
  const api = {
    call: async (method: string, params: { uri?: string; key?: string }) => {
      if (method === 'status') return params.uri === quoted.uri ? quoted : null
      if (method === 'profile') return { key: params.key, uri: `rstatus://${params.key}`, name: null, bio: '', statuses: 0, isMe: false, following: false, followsMe: false, followingKeys: [], followerKeys: [] }
      throw new Error(`unexpected ${method}`)
    }
  } as unknown as Api

  before(async () => {
    ids = await TwitterIds.open(path.join(tmp.dir, 'ids'))
  })
  after(async () => {
    await ids.close()
    tmp.cleanup()
  })

  test('a quote shows as quoted_status one level deep; a quote that cannot be shown is only is_quote_status', async () => {
    const b = new TweetBuilder(api, ids, { trimUser: true, includeEntities: false })
    const tweet = await b.tweet(status(ANN, 5, 'so true', { quote: { uri: quoted.uri, author: BOB, text: 'the original' } }))
    assert.equal(tweet.is_quote_status, true)
    assert.equal(tweet.quoted_status?.full_text, 'the original')
    assert.equal(tweet.quoted_status_id_str, tweet.quoted_status?.id_str)
    assert.equal(tweet.quoted_status?.quoted_status, undefined, 'never nested deeper')
    const gone = await b.tweet(status(ANN, 6, 'lost', { quote: { uri: quoted.uri, state: 'deleted' } }))
    assert.deepEqual([gone.is_quote_status, gone.quoted_status], [true, undefined])
    const plain = await b.tweet(status(ANN, 7, 'plain'))
    assert.equal(plain.is_quote_status, false)
  })

  test('a warning or sensitive images mark the tweet possibly_sensitive', async () => {
    const b = new TweetBuilder(api, ids, { trimUser: true, includeEntities: false })
    assert.equal((await b.tweet(status(ANN, 8, 'x', { cw: 'spoilers' }))).possibly_sensitive, true)
    assert.equal((await b.tweet(status(ANN, 9, 'x', { sensitive: true }))).possibly_sensitive, true)
    assert.equal((await b.tweet(status(ANN, 10, 'x'))).possibly_sensitive, undefined)
  })
})
