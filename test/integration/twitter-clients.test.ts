// The Twitter-compatible subset driven by the npm clients people use, unmodified, against a real
// `rstatus serve` on a local DHT: twitter (node-twitter), twit, twitter-lite and twitter-api-v2, each pointed
// at the server the way docs/API.md says. Ann follows Bob Zoe, whose feed came over the DHT.
import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import http from 'node:http'
import { createRequire } from 'node:module'
import path from 'node:path'
import { TwitterApi, type ITwitterApiClientPlugin } from 'twitter-api-v2'
import { startTestnet, type LocalTestnet } from '../helpers/testnet.js'
import { tmpDir } from '../helpers/tmp.js'
import { request } from '../helpers/http.js'
import { rstatus, startServe, type ServeProcess } from './cli-process.js'

const require = createRequire(import.meta.url)

interface Tweet {
  id_str: string
  text: string
  full_text: string
  favorited: boolean
  retweeted: boolean
  retweet_count: number
  retweeted_status?: Tweet
  in_reply_to_status_id_str: string | null
  entities: { user_mentions: Array<{ screen_name: string; id_str: string }> }
  user: { screen_name: string; id_str: string; profile_image_url_https: string; created_at?: string; entities: unknown; rstatus_key: string }
  rstatus_uri: string
}
interface Callable {
  get(path: string, params?: object): Promise<unknown>
  post(path: string, params?: object): Promise<unknown>
}

const TWITTER_DATE = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d\d \d\d:\d\d:\d\d \+0000 \d{4}$/

describe('real Twitter client libraries against rstatus serve', () => {
  const tmp = tmpDir('rstatus-twitter-clients-')
  const ann = path.join(tmp.dir, 'ann')
  const bob = path.join(tmp.dir, 'bob')
  let testnet: LocalTestnet
  let serve: ServeProcess
  let rs = ''
  let writer = ''
  let reader = ''
  let bobKey = ''
  let bobStatus = ''

  async function rpc<T>(method: string, params: object = {}): Promise<T> {
    const r = await request(serve.port, {
      method: 'POST',
      path: `/api/${method}`,
      headers: { authorization: `Bearer ${writer}`, 'content-type': 'application/json' },
      body: JSON.stringify(params)
    })
    assert.equal(r.status, 200, r.body)
    return JSON.parse(r.body) as T
  }

  before(async () => {
    testnet = await startTestnet()
    const net = ['--bootstrap', testnet.bootstrap, '--host', '127.0.0.1']
    for (const [dir, name] of [[bob, 'Bob Zoe'], [ann, 'Ann Example']] as const) {
      const r = await rstatus(['--data', dir, 'profile', '--name', name])
      assert.equal(r.code, 0, r.stderr)
    }
    const posted = await rstatus(['--data', bob, 'post', 'Bob here, on boats'])
    assert.equal(posted.code, 0, posted.stderr)
    bobStatus = posted.stdout.trim()
    bobKey = JSON.parse((await rstatus(['--data', bob, 'whoami', '--json'])).stdout).key
    assert.equal((await rstatus(['--data', ann, ...net, 'follow', bobKey])).code, 0)
    const bobServe = await startServe(['--data', bob, ...net])
    try {
      const sync = await rstatus(['--data', ann, ...net, 'sync', '--timeout', '60'], { timeout: 90_000 })
      assert.equal(sync.code, 0, sync.stderr)
    } finally {
      await bobServe.stop()
    }
    writer = (await rstatus(['--data', ann, 'token', 'create', '--name', 'writer'])).stdout.trim()
    reader = (await rstatus(['--data', ann, 'token', 'create', '--name', 'reader', '--read-only'])).stdout.trim()
    serve = await startServe(['--data', ann, ...net])
    rs = `http://127.0.0.1:${serve.port}`
  })
  after(async () => {
    await serve?.stop()
    await testnet?.close()
    tmp.cleanup()
  })

  test('twitter (node-twitter): rest_base and bearer_token; posts, reads, favorites, retweets, and a reply to @Bob_Zoe mentions Bob', async () => {
    const Twitter = require('twitter') as new (opts: object) => Callable
    const client = new Twitter({ rest_base: `${rs}/1.1`, bearer_token: writer })
    const posted = (await client.post('statuses/update', { status: 'less < more & "quotes" #Boats' })) as Tweet
    assert.equal(posted.text, 'less &lt; more &amp; "quotes" #Boats', 'HTML-escaped as Twitter does')
    assert.equal(posted.full_text, posted.text)
    assert.equal(posted.user.screen_name, 'Ann_Example')
    assert.match(posted.user.profile_image_url_https, /^data:image\/svg\+xml;base64,/)
    assert.match(posted.user.created_at ?? '', TWITTER_DATE)
    assert.deepEqual(posted.user.entities, { description: { urls: [] } })

    const home = (await client.get('statuses/home_timeline', { count: 5 })) as Tweet[]
    assert.deepEqual(home.map((t) => t.text), ['less &lt; more &amp; "quotes" #Boats', 'Bob here, on boats'])
    const bobsTweet = home[1]!
    assert.equal(bobsTweet.user.screen_name, 'Bob_Zoe')

    const reply = (await client.post('statuses/update', { status: '@Bob_Zoe ahoy!', in_reply_to_status_id: bobsTweet.id_str })) as Tweet
    assert.equal(reply.in_reply_to_status_id_str, bobsTweet.id_str)
    assert.deepEqual(reply.entities.user_mentions.map((m) => m.screen_name), ['Bob_Zoe'])
    const stored = await rpc<{ mentions?: Array<{ key: string; name: string }> }>('status', { uri: reply.rstatus_uri })
    assert.deepEqual(stored.mentions, [{ key: bobKey, name: 'Bob_Zoe', profileName: 'Bob Zoe', nameShared: false }])
    // a post (not a reply) typed with a screen name of someone followed mentions them too
    const shout = (await client.post('statuses/update', { status: 'thanks @bob_zoe' })) as Tweet
    assert.deepEqual((await rpc<{ mentions?: Array<{ key: string }> }>('status', { uri: shout.rstatus_uri })).mentions?.map((m) => m.key), [bobKey])

    const fav = (await client.post('favorites/create', { id: bobsTweet.id_str })) as Tweet
    assert.equal(fav.favorited, true)
    const unfav = (await client.post('favorites/destroy', { id: bobsTweet.id_str })) as Tweet
    assert.equal(unfav.favorited, false)
    await assert.rejects(client.post('favorites/destroy', { id: bobsTweet.id_str }), (err: unknown) => codeOf(err) === 144)

    const rt = (await client.post(`statuses/retweet/${bobsTweet.id_str}`, {})) as Tweet
    assert.equal(rt.retweeted_status?.id_str, bobsTweet.id_str)
    assert.equal(rt.retweeted_status?.retweeted, true)
    assert.equal(rt.text, 'RT @Bob_Zoe: Bob here, on boats')
    await assert.rejects(client.post(`statuses/retweet/${bobsTweet.id_str}`, {}), (err: unknown) => codeOf(err) === 327)
    const top = ((await client.get('statuses/home_timeline', { count: 1 })) as Tweet[])[0]!
    assert.equal(top.id_str, rt.id_str, 'the retweet leads the home timeline with the id it was given')
    const unrt = (await client.post(`statuses/unretweet/${bobsTweet.id_str}`, {})) as Tweet
    assert.equal(unrt.id_str, bobsTweet.id_str)
    assert.equal(unrt.retweeted, false)
    assert.equal(((await client.get('statuses/home_timeline', { count: 1 })) as Tweet[])[0]!.id_str !== rt.id_str, true)

    const mentions = (await client.get('statuses/mentions_timeline', {})) as Tweet[]
    assert.ok(Array.isArray(mentions))
  })

  test('twit: app-only sign-in through POST /oauth2/token, then reads and writes', async () => {
    const endpoints = require('twit/lib/endpoints') as { API_HOST: string; REST_ROOT: string }
    endpoints.API_HOST = `${rs}/`
    endpoints.REST_ROOT = `${rs}/1.1/`
    const Twit = require('twit') as new (opts: object) => { get(p: string, o?: object): Promise<{ data: unknown }>; post(p: string, o?: object): Promise<{ data: unknown }> }
    const T = new Twit({ consumer_key: 'rstatus', consumer_secret: writer, app_only_auth: true })
    const posted = (await T.post('statuses/update', { status: 'from twit, café 🎉' })).data as Tweet
    assert.equal(posted.text, 'from twit, café 🎉')
    const home = (await T.get('statuses/home_timeline', { count: 1 })).data as Tweet[]
    assert.equal(home[0]!.id_str, posted.id_str)
    const me = (await T.get('account/verify_credentials')).data as Tweet['user']
    assert.equal(me.screen_name, 'Ann_Example')
  })

  test('twitter-lite: bearer_token and its url pointed at rstatus', async () => {
    const Twitter = require('twitter-lite') as new (opts: object) => Callable & { url: string }
    const client = new Twitter({ bearer_token: writer })
    client.url = `${rs}/1.1`
    const posted = (await client.post('statuses/update', { status: "twitter-lite's (first) post!" })) as Tweet
    assert.equal(posted.text, "twitter-lite's (first) post!")
    const shown = (await client.get(`statuses/show/${posted.id_str}`)) as Tweet
    assert.equal(shown.id_str, posted.id_str)
    await assert.rejects(client.get('statuses/show', {}), (err: unknown) => codeOf(err) === 38)
  })

  test('twitter-api-v2: an http agent and a plugin that points api.x.com at rstatus; appLogin, currentUser, tweets', async () => {
    const pointAtRstatus: ITwitterApiClientPlugin = {
      onBeforeRequestConfig({ params }) {
        params.url = params.url.replace(/^https:\/\/api\.x\.com\//, `${rs}/`)
      }
    }
    const settings = { httpAgent: new http.Agent(), plugins: [pointAtRstatus] }
    const app = await new TwitterApi({ appKey: 'rstatus', appSecret: writer }, settings).appLogin()
    const me = await app.currentUser()
    assert.equal(me.screen_name, 'Ann_Example')
    const posted = await app.v1.tweet('from twitter-api-v2')
    assert.equal(posted.full_text ?? posted.text, 'from twitter-api-v2')
    const home = await app.v1.homeTimeline({ count: 3 })
    assert.equal(home.tweets[0]?.id_str, posted.id_str)
    const mentions = await app.v1.mentionTimeline()
    assert.ok(Array.isArray(mentions.tweets))
    const readOnly = new TwitterApi(reader, settings)
    await assert.rejects(readOnly.v1.tweet('nope'), (err: unknown) => codeOf(err) === 261)
  })

  test('POST /oauth2/token: the secret must be a token; the scheme of Bearer is case-insensitive', async () => {
    const basic = (key: string, secret: string) => 'Basic ' + Buffer.from(`${key}:${secret}`).toString('base64')
    const form = { 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8' }
    const ok = await request(serve.port, { method: 'POST', path: '/oauth2/token', headers: { ...form, authorization: basic('any', reader) }, body: 'grant_type=client_credentials' })
    assert.equal(ok.status, 200)
    assert.deepEqual(JSON.parse(ok.body), { token_type: 'bearer', access_token: reader })
    const forged = await request(serve.port, { method: 'POST', path: '/oauth2/token', headers: { ...form, authorization: basic('any', 'rst_' + 'A'.repeat(43)) }, body: 'grant_type=client_credentials' })
    assert.deepEqual([forged.status, codeOf(JSON.parse(forged.body))], [403, 99])
    const noGrant = await request(serve.port, { method: 'POST', path: '/oauth2/token', headers: { ...form, authorization: basic('any', reader) }, body: '' })
    assert.deepEqual([noGrant.status, codeOf(JSON.parse(noGrant.body))], [403, 170])
    for (const scheme of ['bearer', 'BEARER', 'Bearer']) {
      const r = await request(serve.port, { path: '/1.1/account/verify_credentials.json', headers: { authorization: `${scheme} ${reader}` } })
      assert.equal(r.status, 200, scheme)
    }
  })

  test('malformed parameters answer code 38, and a status with broken percent-encoding is not posted', async () => {
    const auth = { authorization: `Bearer ${writer}` }
    const before = (await rpc<{ items: unknown[] }>('timeline', { limit: 500 })).items.length
    const cases = [
      '/1.1/statuses/home_timeline.json?since_id=9007199254740993',
      '/1.1/statuses/home_timeline.json?max_id=-1',
      '/1.1/statuses/home_timeline.json?max_id=abc',
      '/1.1/statuses/home_timeline.json?count=99999999999',
      '/1.1/statuses/user_timeline.json?count=abc',
      '/1.1/statuses/show.json'
    ]
    for (const p of cases) {
      const r = await request(serve.port, { path: p, headers: auth })
      assert.deepEqual([r.status, codeOf(JSON.parse(r.body))], [400, 38], p)
    }
    for (const body of ['status=caf%C3', 'status=%ZZoops', 'status=%E9t%E9']) {
      const r = await request(serve.port, { method: 'POST', path: '/1.1/statuses/update.json', headers: { ...auth, 'content-type': 'application/x-www-form-urlencoded' }, body })
      assert.deepEqual([r.status, codeOf(JSON.parse(r.body))], [400, 38], body)
    }
    assert.equal((await rpc<{ items: unknown[] }>('timeline', { limit: 500 })).items.length, before)
    assert.equal(bobStatus.startsWith(`rstatus://${bobKey}/`), true)
  })
})

/** The Twitter error code in a library's error, or in a body. */
function codeOf(value: unknown): number | undefined {
  // node-twitter rejects with the errors array itself
  if (Array.isArray(value)) return (value[0] as { code?: number } | undefined)?.code
  const v = value as { errors?: Array<{ code?: number }>; data?: { errors?: Array<{ code?: number }> }; code?: number; allErrors?: Array<{ code?: number }> }
  return v?.errors?.[0]?.code ?? v?.data?.errors?.[0]?.code ?? v?.allErrors?.[0]?.code ?? (typeof v?.code === 'number' && v.code < 1000 ? v.code : undefined)
}
