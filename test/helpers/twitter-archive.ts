// A small Twitter/X archive in the real layout, built by the tests: data/tweets.js as
// `window.YTD.tweets.part0 = [...]` (newest first, as Twitter writes it), data/account.js, and photos in
// data/tweets_media/<tweet id>-<media name>. fflate writes the zip.
import { zipSync } from 'fflate'
import { jpeg, withExif } from './images.js'

export const ACCOUNT_ID = '4242'

export interface ArchiveTweet {
  id: string
  date: string
  text: string
  replyTo?: { id: string; userId: string }
  /** Media names (the part after the last / of media_url_https); files are written for each. */
  photos?: string[]
}

/** The tweets of the test archive: a three-tweet thread, a photo, a reply to someone else, a retweet, a photo-only tweet. */
export const TWEETS: ArchiveTweet[] = [
  { id: '567000000000000001', date: 'Sun Mar 01 10:00:00 +0000 2015', text: 'Hello Twitter, this is a thread' },
  { id: '567000000000000002', date: 'Sun Mar 01 10:01:00 +0000 2015', text: 'continuing my thread', replyTo: { id: '567000000000000001', userId: ACCOUNT_ID } },
  { id: '567200000000000003', date: 'Mon Mar 02 08:00:00 +0000 2015', text: 'and the end of it &amp; more', replyTo: { id: '567000000000000002', userId: ACCOUNT_ID } },
  { id: '731000000000000004', date: 'Thu May 05 17:30:00 +0000 2016', text: 'My garden', photos: ['GardenPic1.jpg'] },
  { id: '731000000000000005', date: 'Fri May 06 09:00:00 +0000 2016', text: '@bob agreed', replyTo: { id: '999', userId: '77' } },
  { id: '731000000000000006', date: 'Sat May 07 09:00:00 +0000 2016', text: 'RT @carol: their words' },
  { id: '731000000000000007', date: 'Sun May 08 12:00:00 +0000 2016', text: '', photos: ['OnlyPic1.jpg', 'OnlyPic2.jpg'] }
]

export async function twitterArchiveZip(tweets: ArchiveTweet[] = TWEETS): Promise<Uint8Array> {
  const files: Record<string, Uint8Array> = {}
  const encode = (text: string) => new TextEncoder().encode(text)
  const items = [...tweets].reverse().map((t) => ({ tweet: tweetJson(t) }))
  files['data/tweets.js'] = encode('window.YTD.tweets.part0 = ' + JSON.stringify(items, null, 2))
  files['data/account.js'] = encode(
    'window.YTD.account.part0 = ' + JSON.stringify([{ account: { accountId: ACCOUNT_ID, username: 'alice', createdAt: '2010-01-01T00:00:00.000Z' } }])
  )
  files['data/like.js'] = encode('window.YTD.like.part0 = []')
  let seed = 1
  for (const t of tweets) {
    for (const name of t.photos ?? []) files[`data/tweets_media/${t.id}-${name}`] = withExif(await jpeg(300, 200, { seed: seed++ }))
  }
  return zipSync(files)
}

function tweetJson(t: ArchiveTweet): Record<string, unknown> {
  const photos = (t.photos ?? []).map((name, i) => ({
    url: `https://t.co/p${t.id.slice(-3)}`,
    expanded_url: `https://twitter.com/alice/status/${t.id}/photo/${i + 1}`,
    media_url_https: `https://pbs.twimg.com/media/${name}`,
    id_str: `${t.id}${i}`,
    type: 'photo'
  }))
  const mediaLink = photos.length > 0 ? ` ${photos[0]!.url}` : ''
  return {
    edit_info: { initial: { editTweetIds: [t.id], editableUntil: '2016-01-01T00:00:00.000Z', editsRemaining: '5', isEditEligible: false } },
    retweeted: false,
    source: '<a href="https://mobile.twitter.com" rel="nofollow">Twitter Web App</a>',
    entities: { hashtags: [], symbols: [], user_mentions: [], urls: [], ...(photos.length > 0 ? { media: [photos[0]] } : {}) },
    display_text_range: ['0', String(t.text.length)],
    favorite_count: '3',
    id_str: t.id,
    truncated: false,
    retweet_count: '0',
    id: t.id,
    created_at: t.date,
    favorited: false,
    full_text: (t.text + mediaLink).trim(),
    lang: 'en',
    ...(t.replyTo
      ? { in_reply_to_status_id_str: t.replyTo.id, in_reply_to_status_id: t.replyTo.id, in_reply_to_user_id: t.replyTo.userId, in_reply_to_user_id_str: t.replyTo.userId }
      : {}),
    ...(photos.length > 0 ? { extended_entities: { media: photos } } : {})
  }
}
