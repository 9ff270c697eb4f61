import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import type { ProfileView } from '../../../../../shared/api/profile.js'
import type { StatusView } from '../../../../../shared/api/shapes.js'
import { statusUri } from '../../../../../shared/keys.js'
import { countOf, flag, idParam } from '../../../../../electron/serve/twitter-api/door.js'
import { fromRstatusError, twitterErrors } from '../../../../../electron/serve/twitter-api/errors.js'
import { twitterParams } from '../../../../../electron/serve/twitter-api/params.js'
import {
  entitiesOf, retweetObject, screenNameOf, tweetObject, twitterDate, userObject, type UserRef
} from '../../../../../electron/serve/twitter-api/shapes.js'
import { RstatusError } from '../../../../../shared/errors.js'

const KEY = 'ybndrfg8ejkmcpqxot1uwisza345h769ybndrfg8ejkmcpqxot1u'
const BOB = 'ybndrfg8ejkmcpqxot1uwisza345h769ybndrfg8ejkmcpqxot1y'

function status(text: string, extra: Partial<StatusView> = {}): StatusView {
  return {
    uri: statusUri(KEY, 4), feed: KEY, seq: 4, type: 'status', text, createdAt: Date.UTC(2018, 9, 10, 20, 19, 24), sortAt: 0,
    author: { key: KEY, name: 'Ann' }, counts: { likes: 2, reposts: 1, replies: 3 }, likedByMe: true, repostedByMe: false,
    ...extra
  }
}

const profile: ProfileView = {
  key: KEY, uri: `rstatus://${KEY}`, name: 'Ann Example', bio: 'Boats.', statuses: 7, isMe: true, following: false,
  followsMe: false, followingKeys: [BOB], followerKeys: [BOB, KEY]
}

describe('Twitter shapes', () => {
  test('created_at is Twitter\'s format, in UTC', () => {
    assert.equal(twitterDate(Date.UTC(2018, 9, 10, 20, 19, 24)), 'Wed Oct 10 20:19:24 +0000 2018')
    assert.equal(twitterDate(Date.UTC(2025, 0, 5, 3, 4, 5)), 'Sun Jan 05 03:04:05 +0000 2025')
    assert.equal(twitterDate(0), 'Thu Jan 01 00:00:00 +0000 1970')
    assert.doesNotThrow(() => twitterDate(Number.MAX_SAFE_INTEGER))
  })

  test('screen names fold to 1-15 of [A-Za-z0-9_], or fall back to the short key', () => {
    assert.equal(screenNameOf('Ann Example', KEY), 'Ann_Example')
    assert.equal(screenNameOf('Zoë Saldaña-Núñez', KEY), 'Zoe_Saldana_Nun')
    assert.equal(screenNameOf('  @@ann!! ', KEY), 'ann')
    assert.equal(screenNameOf('日本語', KEY), KEY.slice(0, 8))
    assert.equal(screenNameOf(null, KEY), KEY.slice(0, 8))
    for (const n of ['a b c', 'x'.repeat(40), '__a__', 'émile']) assert.match(screenNameOf(n, KEY), /^[A-Za-z0-9_]{1,15}$/)
  })

  test('a user has Twitter\'s fields, with id and id_str agreeing', () => {
    const u = userObject(profile, 5)
    assert.equal(u.id, 5)
    assert.equal(u.id_str, '5')
    assert.equal(u.name, 'Ann Example')
    assert.equal(u.screen_name, 'Ann_Example')
    assert.equal(u.description, 'Boats.')
    assert.equal(u.statuses_count, 7)
    assert.equal(u.followers_count, 2)
    assert.equal(u.friends_count, 1)
    assert.equal(u.rstatus_key, KEY)
  })

  test('entities carry indices in code points, as Twitter counts them', () => {
    const text = '🎉 hi @bob see https://example.org/x. #Boats'
    const bob: UserRef = { id: 9, screenName: 'bob', name: 'Bob' }
    const e = entitiesOf(text, new Map([['bob', bob]]))
    const cps = [...text]
    const slice = ([a, b]: [number, number]) => cps.slice(a, b).join('')
    assert.deepEqual(e.user_mentions.map((m) => [m.id_str, slice(m.indices)]), [['9', '@bob']])
    assert.deepEqual(e.urls.map((u) => slice(u.indices)), ['https://example.org/x'])
    assert.deepEqual(e.hashtags.map((h) => [h.text, slice(h.indices)]), [['Boats', '#Boats']])
    // a mention we could not resolve to a key is not an entity
    assert.deepEqual(entitiesOf('@nobody', new Map()).user_mentions, [])
  })

  test('a tweet: ids as number and string, counts, the reply fields', () => {
    const user = { id: 1, id_str: '1' }
    const t = tweetObject({
      status: status('hello'), id: 3_000_000_000_000_001, user, mentions: new Map(), includeEntities: true,
      replyTo: { id: 77, user: { id: 2, screenName: 'bob', name: 'Bob' } }
    })
    assert.equal(t.id_str, '3000000000000001')
    assert.equal(t.id, 3_000_000_000_000_001)
    assert.equal(t.created_at, 'Wed Oct 10 20:19:24 +0000 2018')
    assert.equal(t.text, 'hello')
    assert.equal(t.truncated, false)
    assert.equal(t.in_reply_to_status_id_str, '77')
    assert.equal(t.in_reply_to_user_id_str, '2')
    assert.equal(t.in_reply_to_screen_name, 'bob')
    assert.equal(t.favorite_count, 2)
    assert.equal(t.retweet_count, 1)
    assert.equal(t.favorited, true)
    assert.equal(t.rstatus_uri, statusUri(KEY, 4))
    const plain = tweetObject({ status: status('x'), id: 1, user, mentions: new Map(), includeEntities: false, replyTo: null })
    assert.equal(plain.in_reply_to_status_id_str, null)
    assert.equal(plain.entities, undefined)
    // a reply to a status we never held: the user is known, the status id is not
    const orphan = tweetObject({ status: status('x'), id: 1, user, mentions: new Map(), includeEntities: false, replyTo: { id: null, user: { id: 2, screenName: 'b', name: 'b' } } })
    assert.equal(orphan.in_reply_to_status_id_str, null)
    assert.equal(orphan.in_reply_to_user_id_str, '2')
  })

  test('a repost is a retweet: "RT @name: text", wrapping the original', () => {
    const original = tweetObject({ status: status('boats!'), id: 10, user: userObject(profile, 1), mentions: new Map(), includeEntities: true, replyTo: null })
    const rt = retweetObject(original, { id: 20, uri: statusUri(BOB, 2), createdAt: 0, user: { id: 2, id_str: '2' } })
    assert.equal(rt.id_str, '20')
    assert.equal(rt.text, 'RT @Ann_Example: boats!')
    assert.equal(rt.retweeted_status?.id_str, '10')
    assert.deepEqual(rt.entities?.user_mentions.map((m) => [m.screen_name, m.indices]), [['Ann_Example', [3, 15]]])
    assert.equal(rt.rstatus_uri, statusUri(BOB, 2))
  })
})

describe('Twitter requests and errors', () => {
  test('parameters from the query, a form body or a JSON body; the body wins', () => {
    const q = 'status=from+query&count=5'
    const bytes = (text: string) => Buffer.from(text)
    assert.deepEqual(Object.fromEntries(twitterParams(q, undefined, bytes(''))), { status: 'from query', count: '5' })
    assert.equal(twitterParams(q, 'application/x-www-form-urlencoded; charset=utf-8', bytes('status=caf%C3%A9+%26+%F0%9F%8E%89')).get('status'), 'café & 🎉')
    const json = twitterParams('', 'application/json', bytes('{"status":"hi","in_reply_to_status_id":12,"trim_user":true,"x":{}}'))
    assert.deepEqual(Object.fromEntries(json), { status: 'hi', in_reply_to_status_id: '12', trim_user: 'true' })
    assert.throws(() => twitterParams(q, 'application/json', bytes('{')), (e) => (e as { code?: number }).code === 38)
  })

  test('a broken percent-escape or bytes that are not UTF-8 refuse the request, never become U+FFFD', () => {
    const form = 'application/x-www-form-urlencoded'
    const refused = (e: unknown) => (e as { code?: number }).code === 38
    for (const body of ['status=caf%C3', 'status=%E0%A4%A', 'status=%ZZ', 'status=%FF%FE', 'sta%tus=x']) {
      assert.throws(() => twitterParams('', form, Buffer.from(body)), refused, body)
    }
    assert.throws(() => twitterParams('status=%C3%28', undefined, Buffer.alloc(0)), refused)
    assert.throws(() => twitterParams('', form, Buffer.from([0x73, 0x3d, 0xc3, 0x28])), refused)
    assert.throws(() => twitterParams('', 'application/json', Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x7d])), refused)
  })

  test('booleans, counts and ids as Twitter reads them; a malformed one is code 38', () => {
    const code = (fn: () => unknown) => {
      try {
        fn()
        return null
      } catch (e) {
        return (e as { code?: number }).code
      }
    }
    assert.deepEqual(['true', 't', '1', 'TRUE', 'false', '0', undefined].map(flag), [true, true, true, true, false, false, false])
    assert.deepEqual(['5', '999', '2147483647', undefined].map(countOf), [5, 200, 200, 20])
    for (const bad of ['0', 'x', '-5', '5.5', '99999999999', '']) assert.equal(code(() => countOf(bad)), 38, bad)
    assert.equal(idParam('12'), 12n)
    assert.equal(idParam('0'), 0n)
    assert.equal(idParam(undefined), null)
    assert.equal(idParam(String(Number.MAX_SAFE_INTEGER)), BigInt(Number.MAX_SAFE_INTEGER))
    for (const bad of ['-1', 'abc', '', '9007199254740992', '123456789012345678901', '1e5']) assert.equal(code(() => idParam(bad)), 38, bad)
  })

  test('errors use Twitter\'s shape, codes and statuses', () => {
    assert.deepEqual(twitterErrors.invalidToken().body, { errors: [{ code: 89, message: 'Invalid or expired token.' }] })
    assert.equal(twitterErrors.invalidToken().status, 401)
    assert.equal(twitterErrors.badAuthentication().status, 400)
    assert.equal(twitterErrors.readOnly().code, 261)
    assert.equal(twitterErrors.notFound().code, 34)
    assert.equal(fromRstatusError(new RstatusError('NOT_FOUND', 'x'))?.code, 144)
    assert.equal(fromRstatusError(new RstatusError('INVALID_INPUT', 'bad'))?.status, 400)
    assert.equal(fromRstatusError(new RstatusError('INTERNAL', 'secret path /home/x')), null)
    assert.equal(fromRstatusError(new Error('boom')), null)
  })
})
