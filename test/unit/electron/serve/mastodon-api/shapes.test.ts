import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import type { ProfileView } from '../../../../../shared/api/profile.js'
import type { StatusView } from '../../../../../shared/api/shapes.js'
import { RstatusError } from '../../../../../shared/errors.js'
import { statusUri } from '../../../../../shared/keys.js'
import { fromRstatusError, mastodonErrors } from '../../../../../electron/serve/mastodon-api/errors.js'
import {
  accountObject, acctOf, attachmentObject, isoDate, notificationType, reblogObject, relationshipObject, statusObject, type Links
} from '../../../../../electron/serve/mastodon-api/shapes.js'

const KEY = 'ybndrfg8ejkmcpqxot1uwisza345h769ybndrfg8ejkmcpqxot1u'
const BOB = 'ybndrfg8ejkmcpqxot1uwisza345h769ybndrfg8ejkmcpqxot1y'
const links: Links = {
  accountUrl: (key) => `rstatus://${key}`,
  tagUrl: (tag) => `http://127.0.0.1:7420/tags/${tag}`,
  image: (feed, image, size) => `http://127.0.0.1:7420/m/${feed}/${size === 'small' && image.thumb ? image.thumb.blockOffset : image.blob.blockOffset}`,
  missingAvatar: 'http://127.0.0.1:7420/mastodon/media/missing.png'
}
const profile: ProfileView = {
  key: KEY, uri: `rstatus://${KEY}`, name: 'Ann <Example>', bio: 'Boats\nand <sails>', statuses: 7, isMe: true, following: false,
  followsMe: true, followingKeys: [BOB], followerKeys: [BOB, KEY]
}
const status: StatusView = {
  uri: statusUri(KEY, 4), feed: KEY, seq: 4, type: 'status', text: 'hi @bob #Boats', createdAt: Date.UTC(2026, 0, 2, 3, 4, 5, 6), sortAt: 0,
  author: { key: KEY, name: 'Ann' }, counts: { likes: 2, reposts: 1, replies: 3 }, likedByMe: true, repostedByMe: false,
  mentions: [{ key: BOB, name: 'bob' }], replyTo: statusUri(BOB, 2), root: statusUri(BOB, 2),
  attachments: [{ type: 'image', mime: 'image/jpeg', blobs: KEY, blob: { blockOffset: 1, blockLength: 1, byteOffset: 0, byteLength: 10 }, width: 40, height: 20, alt: 'a boat' }]
}

describe('Mastodon entities', () => {
  test('an account: its key is id, username and acct; name and bio as Mastodon shows them', () => {
    const a = accountObject(profile, links)
    assert.equal(acctOf(profile), KEY)
    assert.deepEqual([a.id, a.username, a.acct, a.url], [KEY, KEY, KEY, `rstatus://${KEY}`])
    assert.equal(a.display_name, 'Ann <Example>')
    assert.equal(a.note, '<p>Boats<br />and &lt;sails&gt;</p>')
    assert.deepEqual([a.statuses_count, a.followers_count, a.following_count], [7, 2, 1])
    assert.equal(a.avatar, links.missingAvatar)
    assert.equal(accountObject({ ...profile, name: null }, links).display_name, KEY.slice(0, 8))
    assert.equal(Number.isNaN(Date.parse(a.created_at)), false)
  })

  test('a status: content, counts, reply, mentions, tags and media', () => {
    const account = accountObject(profile, links)
    const bob = accountObject({ ...profile, key: BOB, name: 'Bob' }, links)
    const media = status.attachments!.map((img, i) => attachmentObject(`9-${i}`, KEY, img, links))
    const s = statusObject({ status, id: '9', account, inReplyTo: { id: '5', accountId: BOB }, mentions: [bob], media }, links)
    assert.equal(s.id, '9')
    assert.equal(s.uri, status.uri)
    assert.equal(s.created_at, '2026-01-02T03:04:05.006Z')
    assert.match(s.content, /^<p>hi <span class="h-card"><a href="rstatus:\/\/ybndrfg8[^"]+" class="u-url mention">@<span>bob<\/span><\/a><\/span> <a href="http:\/\/127\.0\.0\.1:7420\/tags\/boats"/)
    assert.deepEqual([s.favourites_count, s.reblogs_count, s.replies_count, s.favourited, s.reblogged], [2, 1, 3, true, false])
    assert.deepEqual([s.in_reply_to_id, s.in_reply_to_account_id], ['5', BOB])
    assert.deepEqual(s.mentions, [{ id: BOB, username: BOB, acct: BOB, url: `rstatus://${BOB}` }])
    assert.deepEqual(s.tags, [{ name: 'boats', url: 'http://127.0.0.1:7420/tags/boats' }])
    assert.deepEqual([s.visibility, s.sensitive, s.spoiler_text, s.poll, s.reblog], ['public', false, '', null, null])
    assert.deepEqual(s.media_attachments[0], {
      id: '9-0', type: 'image', url: `http://127.0.0.1:7420/m/${KEY}/1`, preview_url: `http://127.0.0.1:7420/m/${KEY}/1`, remote_url: null,
      preview_remote_url: null, text_url: null, meta: { original: { width: 40, height: 20, size: '40x20', aspect: 2 } }, description: 'a boat', blurhash: null
    })

    const r = reblogObject(s, { id: '12', uri: statusUri(BOB, 9), createdAt: 0, account: bob })
    assert.deepEqual([r.id, r.account.id, r.reblog?.id, r.content, r.in_reply_to_id], ['12', BOB, '9', '', null])
  })

  test('a link card: its picture at the same media URL attachments use, with its size; none without one', () => {
    const account = accountObject(profile, links)
    const image = { type: 'image' as const, mime: 'image/webp' as const, blobs: KEY, blob: { blockOffset: 7, blockLength: 1, byteOffset: 0, byteLength: 10 }, width: 800, height: 420 }
    const card = { url: 'https://example.com/boat', title: 'A boat', description: 'It floats.', image }
    const pictured = statusObject({ status: { ...status, card }, id: '9', account, inReplyTo: null, mentions: [], media: [] }, links).card
    assert.deepEqual([pictured?.image, pictured?.width, pictured?.height, pictured?.provider_name], [`http://127.0.0.1:7420/m/${KEY}/7`, 800, 420, 'example.com'])
    const { image: _, ...plain } = card
    const bare = statusObject({ status: { ...status, card: plain }, id: '9', account, inReplyTo: null, mentions: [], media: [] }, links).card
    assert.deepEqual([bare?.image, bare?.width, bare?.height], [null, 0, 0])
  })

  test('notification types and relationships in Mastodon\'s words', () => {
    assert.deepEqual((['mention', 'reply', 'repost', 'like', 'follow'] as const).map(notificationType), ['mention', 'mention', 'reblog', 'favourite', 'follow'])
    const rel = relationshipObject(profile, { blocking: true, muting: false })
    assert.deepEqual([rel.id, rel.following, rel.followed_by, rel.blocking, rel.muting], [KEY, false, true, true, false])
  })

  test('dates a feed claims are clamped to what a Date holds', () => {
    assert.equal(isoDate(0), '1970-01-01T00:00:00.000Z')
    assert.doesNotThrow(() => isoDate(Number.MAX_SAFE_INTEGER))
    assert.doesNotThrow(() => isoDate(-5))
  })

  test('engine errors in Mastodon\'s shape', () => {
    assert.deepEqual(fromRstatusError(new RstatusError('TEXT_TOO_LONG', 'A status has at most 500 characters'))?.body, { error: 'Validation failed: a status has at most 500 characters' })
    assert.equal(fromRstatusError(new RstatusError('NOT_FOUND', 'x'))?.status, 404)
    assert.equal(fromRstatusError(new RstatusError('NOT_ALLOWED', 'x'))?.status, 403)
    assert.equal(fromRstatusError(new RstatusError('INTERNAL', 'x')), null)
    assert.equal(fromRstatusError(new Error('boom')), null)
    assert.deepEqual(mastodonErrors.oauth(400, 'invalid_grant', 'no').body, { error: 'invalid_grant', error_description: 'no' })
  })
})
