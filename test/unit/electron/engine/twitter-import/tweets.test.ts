import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { isTweetsFile, mediaFileName, oldestFirst, parseTweetsFile } from '../../../../../electron/engine/twitter-import/tweets.js'

const tweet = (fields: Record<string, unknown>) => ({ tweet: { retweeted: false, favorite_count: '0', ...fields } })

describe('Twitter archive tweets', () => {
  it('reads window.YTD.tweets.part0, oldest first, with text as people wrote it', () => {
    const file =
      'window.YTD.tweets.part0 = ' +
      JSON.stringify([
        tweet({
          id_str: '1100000000000000002',
          created_at: 'Tue Mar 05 10:00:00 +0000 2019',
          full_text: 'Fish &amp; chips &lt;3 https://t.co/abc https://t.co/pic',
          entities: { urls: [{ url: 'https://t.co/abc', expanded_url: 'https://example.com/fish' }], media: [{ url: 'https://t.co/pic' }] },
          extended_entities: {
            media: [
              { url: 'https://t.co/pic', type: 'photo', media_url_https: 'https://pbs.twimg.com/media/AbC.jpg' },
              { url: 'https://t.co/pic', type: 'video', media_url_https: 'https://pbs.twimg.com/media/vid.jpg' }
            ]
          }
        }),
        tweet({ id_str: '1000000000000000001', created_at: 'Mon Jan 01 09:30:00 +0000 2018', full_text: 'first!', in_reply_to_status_id_str: '99' }),
        tweet({ id_str: '1200000000000000003', created_at: 'Wed Jan 01 00:00:00 +0000 2020', full_text: 'RT @someone: their words' }),
        { tweet: { id_str: 'not a number', created_at: 'x', full_text: 'skipped' } }
      ])
    const tweets = oldestFirst(parseTweetsFile(file))
    assert.deepEqual(
      tweets.map((t) => [t.id, new Date(t.createdAt).toISOString(), t.text, t.replyToId, t.retweet]),
      [
        ['1000000000000000001', '2018-01-01T09:30:00.000Z', 'first!', '99', false],
        ['1100000000000000002', '2019-03-05T10:00:00.000Z', 'Fish & chips <3 https://example.com/fish', null, false],
        ['1200000000000000003', '2020-01-01T00:00:00.000Z', 'RT @someone: their words', null, true]
      ]
    )
    assert.deepEqual(tweets[1]!.photos, [{ file: '1100000000000000002-AbC.jpg', alt: null }])
  })

  it('cuts a long tweet at the status limit and refuses a file that is not a tweets file', () => {
    const long = 'window.YTD.tweets.part0 = ' + JSON.stringify([tweet({ id_str: '5', created_at: 'Mon Jan 01 09:30:00 +0000 2018', full_text: 'a'.repeat(800) })])
    const [t] = parseTweetsFile(long)
    assert.equal([...t!.text].length, 500)
    assert.ok(t!.text.endsWith('…'))
    assert.throws(() => parseTweetsFile('{"tweets": []}'), /window\.YTD/)
    assert.throws(() => parseTweetsFile('window.YTD.tweets.part0 = [oops'), /not valid JSON/)
  })

  it('knows the archive layout', () => {
    assert.ok(isTweetsFile('data/tweets.js') && isTweetsFile('data/tweets-part1.js') && isTweetsFile('data/tweet.js'))
    assert.ok(!isTweetsFile('data/tweets_media/1-a.jpg') && !isTweetsFile('data/like.js'))
    assert.equal(mediaFileName('data/tweets_media/123-AbC.jpg'), '123-AbC.jpg')
    assert.equal(mediaFileName('data/tweet_media/123-AbC.jpg'), '123-AbC.jpg')
    assert.equal(mediaFileName('data/tweets_media/sub/x.jpg'), null)
  })
})
