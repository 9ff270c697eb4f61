// The doors for other apps, end to end against a real `rstatus serve` process: per-app tokens made with the CLI, a
// client written only against Twitter's documented v1.1 shapes, the RPC with scoped tokens, and Atom.
import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import WebSocket from 'ws'
import { tmpDir } from '../helpers/tmp.js'
import { childNamed, childrenNamed, parseXml } from '../helpers/xml.js'
import { oneLine, rstatus, startServe, type ServeProcess } from './cli-process.js'
import { request, type Reply } from '../helpers/http.js'


// ---- A Twitter client, written from Twitter's v1.1 documentation only --------------------------------

/** The fields of a Tweet and a User that Twitter documents and this client relies on. */
interface Tweet {
  id_str: string
  text: string
  created_at: string
  in_reply_to_status_id_str: string | null
  in_reply_to_screen_name: string | null
  favorited: boolean
  favorite_count: number
  user: { id_str: string; screen_name: string; name: string; description: string }
}
interface TwitterErrorBody {
  errors: Array<{ code: number; message: string }>
}

class TwitterClient {
  constructor(
    private readonly port: number,
    private readonly token: string
  ) {}

  async get<T>(endpoint: string, params: Record<string, string> = {}): Promise<{ status: number; body: T }> {
    const query = new URLSearchParams(params).toString()
    const r = await request(this.port, {
      path: `/1.1/${endpoint}.json${query ? `?${query}` : ''}`,
      headers: { authorization: `Bearer ${this.token}` }
    })
    return { status: r.status, body: JSON.parse(r.body) as T }
  }

  /** POST with a form-encoded body, as Twitter's clients send it. */
  async post<T>(endpoint: string, params: Record<string, string> = {}): Promise<{ status: number; body: T }> {
    const r = await request(this.port, {
      method: 'POST',
      path: `/1.1/${endpoint}.json`,
      headers: { authorization: `Bearer ${this.token}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(params).toString()
    })
    return { status: r.status, body: JSON.parse(r.body) as T }
  }

  async tweet(status: string, inReplyTo?: string): Promise<Tweet> {
    const r = await this.post<Tweet>('statuses/update', { status, ...(inReplyTo ? { in_reply_to_status_id: inReplyTo } : {}) })
    assert.equal(r.status, 200, JSON.stringify(r.body))
    return r.body
  }

  async home(params: Record<string, string> = {}): Promise<Tweet[]> {
    const r = await this.get<Tweet[]>('statuses/home_timeline', params)
    assert.equal(r.status, 200, JSON.stringify(r.body))
    return r.body
  }
}

const TWITTER_DATE = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d\d \d\d:\d\d:\d\d \+0000 \d{4}$/

function errorCode(body: unknown): number | undefined {
  return (body as TwitterErrorBody).errors?.[0]?.code
}

async function api(port: number, token: string, method: string, params: unknown = {}): Promise<Reply> {
  return request(port, {
    method: 'POST',
    path: `/api/${method}`,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(params)
  })
}

/** A WebSocket RPC client for an app token: resolves the result or the error of each call. */
async function rpcSocket(port: number, token: string) {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/rpc`, { headers: { authorization: `Bearer ${token}` } })
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve())
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)))
    ws.once('error', reject)
  })
  let next = 1
  const waiting = new Map<number, (msg: { result?: unknown; error?: { code: string } }) => void>()
  ws.on('message', (data) => {
    const msg = JSON.parse(String(data)) as { id?: number; result?: unknown; error?: { code: string } }
    if (typeof msg.id === 'number') waiting.get(msg.id)?.(msg)
  })
  const closed = new Promise<void>((resolve) => ws.once('close', () => resolve()))
  return {
    closed,
    call(method: string, params: unknown = {}): Promise<{ result?: unknown; error?: { code: string } }> {
      const id = next++
      return new Promise((resolve) => {
        waiting.set(id, resolve)
        ws.send(JSON.stringify({ id, method, params }))
      })
    },
    close: () => ws.close()
  }
}

const TEXTS = ['first: less < more & "quotes"', 'second 🎉 emoji 👩🏽‍💻 #Boats', 'third <b>not bold</b> ]]> &amp;']
/** As Twitter sends `text`: &, < and > escaped, quotes as they are. */
const AS_TWEETED = TEXTS.map((t) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'))

describe('the doors for other apps, through a real rstatus serve', () => {
  const tmp = tmpDir('rstatus-doors-')
  const data = path.join(tmp.dir, 'me')
  let serve: ServeProcess
  let writer = ''
  let reader = ''
  const posted: Tweet[] = []

  before(async () => {
    const profile = await rstatus(['--data', data, 'profile', '--name', 'Ann Example', '--bio', 'Writes about boats'])
    assert.equal(profile.code, 0, profile.stderr)
    // made in-process, before serve runs
    const made = await rstatus(['--data', data, 'token', 'create', '--name', 'writer'])
    assert.equal(made.code, 0, made.stderr)
    writer = made.stdout.trim()
    serve = await startServe(['--data', data, '--host', '127.0.0.1'])
    // made through the running serve
    const ro = await rstatus(['--data', data, 'token', 'create', '--name', 'reader', '--read-only'])
    assert.equal(ro.code, 0, ro.stderr)
    reader = ro.stdout.trim()
  })
  after(async () => {
    await serve?.stop()
    tmp.cleanup()
  })

  test('token create prints only the token; the data directory keeps only its hash, 0600', () => {
    for (const t of [writer, reader]) assert.match(t, /^rst_[A-Za-z0-9_-]{43}$/)
    const file = path.join(data, 'app-tokens.json')
    assert.equal(fs.statSync(file).mode & 0o777, 0o600)
    const stored = fs.readFileSync(file, 'utf8')
    assert.equal(stored.includes(writer), false)
    assert.equal(stored.includes(reader), false)
  })

  test('verify_credentials: the user, in Twitter\'s shape', async () => {
    const me = await new TwitterClient(serve.port, writer).get<Tweet['user']>('account/verify_credentials')
    assert.equal(me.status, 200)
    assert.equal(me.body.screen_name, 'Ann_Example')
    assert.equal(me.body.name, 'Ann Example')
    assert.equal(me.body.description, 'Writes about boats')
    assert.match(me.body.id_str, /^\d+$/)
  })

  test('a Twitter client posts, reads its home timeline, pages it, replies and favorites', async () => {
    const client = new TwitterClient(serve.port, writer)
    for (const text of TEXTS) posted.push(await client.tweet(text))
    for (const [i, t] of posted.entries()) {
      assert.equal(t.text, AS_TWEETED[i])
      assert.match(t.id_str, /^\d+$/)
      assert.match(t.created_at, TWITTER_DATE)
      assert.equal(t.user.screen_name, 'Ann_Example')
      assert.equal(t.in_reply_to_status_id_str, null)
    }
    // ids grow with time, as on Twitter
    const ids = posted.map((t) => BigInt(t.id_str))
    assert.ok(ids[0]! < ids[1]! && ids[1]! < ids[2]!)

    const home = await client.home()
    assert.deepEqual(home.map((t) => t.text), [...AS_TWEETED].reverse())
    assert.deepEqual(home.map((t) => t.id_str), posted.map((t) => t.id_str).reverse())

    // paging as Twitter documents it: count, then max_id = oldest id - 1; since_id for what is newer
    const newest = await client.home({ count: '2' })
    assert.deepEqual(newest.map((t) => t.text), [AS_TWEETED[2], AS_TWEETED[1]])
    const older = await client.home({ count: '2', max_id: String(BigInt(newest[1]!.id_str) - 1n) })
    assert.deepEqual(older.map((t) => t.text), [AS_TWEETED[0]])
    const newer = await client.home({ since_id: posted[0]!.id_str })
    assert.deepEqual(newer.map((t) => t.text), [AS_TWEETED[2], AS_TWEETED[1]])

    const reply = await client.tweet('a reply to the first', posted[0]!.id_str)
    assert.equal(reply.in_reply_to_status_id_str, posted[0]!.id_str)
    assert.equal(reply.in_reply_to_screen_name, 'Ann_Example')
    const shown = await client.get<Tweet>(`statuses/show/${reply.id_str}`)
    assert.equal(shown.status, 200)
    assert.equal(shown.body.text, 'a reply to the first')
    assert.equal(shown.body.in_reply_to_status_id_str, posted[0]!.id_str)

    const fav = await client.post<Tweet>('favorites/create', { id: posted[1]!.id_str })
    assert.equal(fav.status, 200, JSON.stringify(fav.body))
    assert.equal(fav.body.favorited, true)
    assert.equal(fav.body.favorite_count, 1)
    const again = await client.post<TwitterErrorBody>('favorites/create', { id: posted[1]!.id_str })
    assert.deepEqual([again.status, errorCode(again.body)], [403, 139])

    // the statuses are real: the rstatus CLI sees them
    const timeline = JSON.parse((await rstatus(['--data', data, 'timeline', '--json'])).stdout) as Array<{ text: string }>
    assert.deepEqual(timeline.map((s) => s.text), ['a reply to the first', ...[...TEXTS].reverse()])
  })

  test('user_timeline, by default of the token\'s user, and by user_id and screen_name', async () => {
    const client = new TwitterClient(serve.port, reader)
    const mine = await client.get<Tweet[]>('statuses/user_timeline', { count: '2' })
    assert.equal(mine.status, 200)
    assert.deepEqual(mine.body.map((t) => t.text), ['a reply to the first', AS_TWEETED[2]])
    const userId = mine.body[0]!.user.id_str
    const byId = await client.get<Tweet[]>('statuses/user_timeline', { user_id: userId, count: '1' })
    assert.deepEqual(byId.body.map((t) => t.text), ['a reply to the first'])
    const byName = await client.get<Tweet[]>('statuses/user_timeline', { screen_name: 'ann_example', count: '1', trim_user: 'true' })
    assert.deepEqual(byName.body.map((t) => t.user), [{ id: Number(userId), id_str: userId }])
    const nobody = await client.get<TwitterErrorBody>('statuses/user_timeline', { screen_name: 'nobody_here' })
    assert.deepEqual([nobody.status, errorCode(nobody.body)], [404, 50])
  })

  test('a client deletes its status: destroy returns it, then it is gone everywhere', async () => {
    const client = new TwitterClient(serve.port, writer)
    const doomed = await client.tweet('delete me')
    const destroyed = await client.post<Tweet>(`statuses/destroy/${doomed.id_str}`)
    assert.equal(destroyed.status, 200, JSON.stringify(destroyed.body))
    assert.equal(destroyed.body.text, 'delete me')
    const shown = await client.get<TwitterErrorBody>(`statuses/show/${doomed.id_str}`)
    assert.deepEqual([shown.status, errorCode(shown.body)], [404, 144])
    assert.equal((await client.home()).some((t) => t.id_str === doomed.id_str), false)
    const twice = await client.post<TwitterErrorBody>(`statuses/destroy/${doomed.id_str}`)
    assert.deepEqual([twice.status, errorCode(twice.body)], [404, 144])
  })

  test('Twitter\'s errors for bad input and unsupported endpoints', async () => {
    const client = new TwitterClient(serve.port, writer)
    const cases: Array<[Promise<{ status: number; body: unknown }>, number, number]> = [
      [client.post('statuses/update', {}), 400, 170],
      [client.post('statuses/update', { status: 'x'.repeat(501) }), 403, 186],
      [client.post('statuses/update', { status: 'hi', in_reply_to_status_id: '123' }), 403, 385],
      [client.get('statuses/show/999999'), 404, 144],
      [client.get('statuses/show/not-a-number'), 404, 144],
      [client.get('search/tweets', { q: 'x' }), 404, 34],
      [client.get('statuses/update'), 404, 34],
      [client.post('favorites/create', {}), 400, 38]
    ]
    for (const [pending, status, code] of cases) {
      const r = await pending
      assert.deepEqual([r.status, errorCode(r.body)], [status, code], JSON.stringify(r.body))
      assert.equal(typeof (r.body as TwitterErrorBody).errors[0]?.message, 'string')
    }
  })

  test('a read-only token reads but cannot write, through /1.1, /api and the WebSocket', async () => {
    const client = new TwitterClient(serve.port, reader)
    assert.equal((await client.home()).length > 0, true)
    for (const [endpoint, params] of [['statuses/update', { status: 'nope' }], [`statuses/destroy/${posted[0]!.id_str}`, {}], ['favorites/create', { id: posted[0]!.id_str }]] as const) {
      const r = await client.post<TwitterErrorBody>(endpoint, params)
      assert.deepEqual([r.status, errorCode(r.body)], [403, 261], endpoint)
    }
    const post = await api(serve.port, reader, 'post', { text: 'nope' })
    assert.equal(post.status, 403)
    assert.equal(JSON.parse(post.body).error.code, 'NOT_ALLOWED')
    const timeline = await api(serve.port, reader, 'timeline', { limit: 1 })
    assert.equal(timeline.status, 200)

    const ws = await rpcSocket(serve.port, reader)
    assert.equal((await ws.call('whoami')).error, undefined)
    assert.equal((await ws.call('follow', { key: serve.key })).error?.code, 'NOT_ALLOWED')
    ws.close()

    const after = JSON.parse((await rstatus(['--data', data, 'timeline', '--json'])).stdout) as Array<{ text: string }>
    assert.equal(after.some((s) => s.text === 'nope'), false)
  })

  test('no app token may manage tokens, read-write included', async () => {
    for (const token of [writer, reader]) {
      for (const [method, params] of [['appTokens', {}], ['createAppToken', { name: 'sneaky' }], ['revokeAppToken', { name: 'writer' }]] as const) {
        const r = await api(serve.port, token, method, params)
        assert.equal(r.status, 403, `${method}: ${r.body}`)
        assert.equal(JSON.parse(r.body).error.code, 'NOT_ALLOWED')
      }
    }
    const ws = await rpcSocket(serve.port, writer)
    assert.equal((await ws.call('createAppToken', { name: 'sneaky' })).error?.code, 'NOT_ALLOWED')
    ws.close()
    const list = JSON.parse((await rstatus(['--data', data, 'token', 'list', '--json'])).stdout) as Array<{ name: string }>
    assert.deepEqual(list.map((t) => t.name).sort(), ['reader', 'writer'])
  })

  test('missing, forged and foreign credentials are refused, in Twitter\'s shape on /1.1', async () => {
    const forged = 'rst_' + 'A'.repeat(43)
    const path1 = '/1.1/statuses/home_timeline.json'
    const none = await request(serve.port, { path: path1 })
    assert.deepEqual([none.status, errorCode(JSON.parse(none.body))], [400, 215])
    for (const authorization of [`Bearer ${forged}`, `Bearer ${writer.slice(0, -1)}`, `OAuth oauth_token="${writer}"`, 'Bearer']) {
      const r = await request(serve.port, { path: path1, headers: { authorization } })
      assert.deepEqual([r.status, errorCode(JSON.parse(r.body))], [401, 89], authorization)
    }
    // the UI's cookie is not a way in for Twitter clients
    const cookie = await request(serve.port, { path: path1, headers: { cookie: `rstatus_${serve.port}=${serve.token}` } })
    assert.deepEqual([cookie.status, errorCode(JSON.parse(cookie.body))], [400, 215])
    // a browser page elsewhere cannot use a token
    const evil = await request(serve.port, { method: 'POST', path: '/1.1/statuses/update.json', headers: { authorization: `Bearer ${writer}`, origin: 'http://evil.example', 'content-type': 'application/x-www-form-urlencoded' }, body: 'status=pwned' })
    assert.equal(evil.status, 403)

    assert.equal((await api(serve.port, forged, 'whoami')).status, 401)
    assert.equal((await request(serve.port, { path: '/feed.atom' })).status, 401)
    assert.equal((await request(serve.port, { path: '/feed.atom', headers: { authorization: `Bearer ${forged}` } })).status, 401)
    await assert.rejects(rpcSocket(serve.port, forged), /HTTP 401/)
  })

  test('an app token never gets the UI, nor a session cookie', async () => {
    const page = await request(serve.port, { headers: { authorization: `Bearer ${writer}` } })
    assert.equal(page.status, 403)
    assert.equal(page.headers['set-cookie'], undefined)
    const exchange = await request(serve.port, { path: `/?token=${writer}` })
    assert.equal(exchange.status, 401)
    assert.equal(exchange.headers['set-cookie'], undefined)
  })

  test('/feed.atom: the own statuses as Atom 1.0 that a strict XML parser reads back', async () => {
    const r = await request(serve.port, { path: '/feed.atom', headers: { authorization: `Bearer ${reader}` } })
    assert.equal(r.status, 200)
    assert.match(String(r.headers['content-type']), /^application\/atom\+xml/)
    const feed = parseXml(r.body)
    assert.equal(feed.ns, 'http://www.w3.org/2005/Atom')
    assert.equal(childNamed(feed, 'id')?.text, `rstatus://${serve.key}`)
    assert.equal(childNamed(feed, 'title')?.text, 'Ann Example')
    const entries = childrenNamed(feed, 'entry')
    assert.deepEqual(entries.map((e) => childNamed(e, 'content')?.text), ['a reply to the first', ...[...TEXTS].reverse()])
    for (const e of entries) assert.match(childNamed(e, 'id')?.text ?? '', new RegExp(`^rstatus://${serve.key}/\\d+$`))
  })

  test('rstatus atom --out writes the same feed, through the running serve', async () => {
    const out = path.join(tmp.dir, 'feed.xml')
    const r = await rstatus(['--data', data, 'atom', '--out', out])
    assert.equal(r.code, 0, r.stderr)
    assert.equal(r.stdout, `Wrote 4 statuses to ${out}\n`)
    const feed = parseXml(fs.readFileSync(out, 'utf8'))
    assert.deepEqual(childrenNamed(feed, 'entry').map((e) => childNamed(e, 'content')?.text), ['a reply to the first', ...[...TEXTS].reverse()])
  })

  test('revoking a token takes effect at once, over HTTP and on an open WebSocket', async () => {
    const made = await rstatus(['--data', data, 'token', 'create', '--name', 'doomed'])
    const doomed = made.stdout.trim()
    const client = new TwitterClient(serve.port, doomed)
    assert.equal((await client.get('account/verify_credentials')).status, 200)
    const ws = await rpcSocket(serve.port, doomed)
    assert.equal((await ws.call('whoami')).error, undefined)

    const revoked = await rstatus(['--data', data, 'token', 'revoke', 'doomed'])
    assert.equal(revoked.code, 0, revoked.stderr)
    assert.equal(revoked.stdout, 'revoked doomed\n')

    const r = await client.get<TwitterErrorBody>('account/verify_credentials')
    assert.deepEqual([r.status, errorCode(r.body)], [401, 89])
    assert.equal((await api(serve.port, doomed, 'whoami')).status, 401)
    await ws.closed
    // A token name that names none is bad input.
    const again = await rstatus(['--data', data, 'token', 'revoke', 'doomed'])
    assert.equal(again.code, 2)
    assert.equal(oneLine(again), 'rstatus: no app token is named "doomed"')
  })

  test('token list shows names, access, messages and last use, never a token', async () => {
    const list = await rstatus(['--data', data, 'token', 'list'])
    assert.equal(list.code, 0, list.stderr)
    assert.match(list.stdout, /^NAME +ACCESS +MESSAGES +CREATED \(UTC\) +LAST USED \(UTC\)\n/)
    assert.match(list.stdout, /\nwriter +read-write +no +\d{4}-\d\d-\d\d \d\d:\d\d +\d{4}-/)
    assert.match(list.stdout, /\nreader +read-only +no +/)
    assert.equal(list.stdout.includes(writer) || list.stdout.includes(reader), false)
    const json = JSON.parse((await rstatus(['--data', data, 'token', 'list', '--json'])).stdout) as Array<{ name: string; lastUsedAt: number | null }>
    assert.ok(json.every((t) => typeof t.lastUsedAt === 'number'))
  })

  test('ids stay the same across a restart and a reindex', async () => {
    const before = (await new TwitterClient(serve.port, reader).home()).map((t) => [t.id_str, t.text])
    assert.equal(await serve.stop(), 0, serve.stderr())
    const reindex = await rstatus(['--data', data, 'reindex'])
    assert.equal(reindex.code, 0, reindex.stderr)
    serve = await startServe(['--data', data, '--host', '127.0.0.1'])
    const client = new TwitterClient(serve.port, reader)
    assert.deepEqual((await client.home()).map((t) => [t.id_str, t.text]), before)
    const shown = await client.get<Tweet>(`statuses/show/${posted[0]!.id_str}`)
    assert.equal(shown.body.text, AS_TWEETED[0])
  })

  test('rstatus atom without serve prints the feed to stdout', async () => {
    assert.equal(await serve.stop(), 0, serve.stderr())
    const r = await rstatus(['--data', data, 'atom', '--limit', '1'])
    assert.equal(r.code, 0, r.stderr)
    const entries = childrenNamed(parseXml(r.stdout), 'entry')
    assert.deepEqual(entries.map((e) => childNamed(e, 'content')?.text), ['a reply to the first'])
  })
})
