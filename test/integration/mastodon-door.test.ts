// The Mastodon door's edges, over HTTP against a real engine (offline) behind the real web server: who may
// use it (app tokens only; never the UI's token or cookie), cross-origin requests, the approval page's
// session and Origin checks, the path it shares with the JSON API, and what it answers for what rstatus
// does not have yet.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import crypto from 'node:crypto'
import fs from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import hypercoreIds from 'hypercore-id-encoding'
import WebSocket from 'ws'
import { methods } from '../../shared/api/contract.js'
import { parseKey } from '../../shared/keys.js'
import { Engine } from '../../electron/engine/engine.js'
import { MastodonDoor } from '../../electron/serve/mastodon-api/door.js'
import { TwitterIds } from '../../electron/serve/twitter-api/ids.js'
import { startWebServer, type WebServer } from '../../electron/serve/web-server.js'
import { startHandleDomains, type HandleDomains } from '../helpers/handle-domain.js'
import { request, type Reply } from '../helpers/http.js'
import { png } from '../helpers/images.js'
import { tmpDir, waitFor } from '../helpers/tmp.js'

describe('the Mastodon door, over HTTP', () => {
  const tmp = tmpDir('rstatus-mastodon-door-')
  let engine: Engine
  let ids: TwitterIds
  let server: WebServer
  let domains: HandleDomains
  let writer = ''
  let reader = ''
  const logged: string[] = []

  before(async () => {
    // Handles are asked of a local DNS server; TXT records need no HTTPS, so this process trusts no test authority.
    domains = await startHandleDomains(path.join(tmp.dir, 'domains'), ['door.test', 'other.test', 'nobody.test'])
    engine = new Engine({ dataDir: path.join(tmp.dir, 'me'), dnsServers: [domains.dns], cards: { allowPrivate: true } })
    await engine.ready()
    ids = await TwitterIds.open(path.join(tmp.dir, 'ids'))
    const mastodon = new MastodonDoor({
      api: engine.api, ids, apps: engine.appTokens, stateFile: path.join(tmp.dir, 'me', 'mastodon-api.json'), log: (l) => logged.push(l)
    })
    server = await startWebServer({ api: engine.api, port: 0, ui: false, apps: engine.appTokens, mastodon, log: (l) => logged.push(l) })
    writer = engine.appTokens.create('writer').token
    reader = engine.appTokens.create('reader', { readOnly: true }).token
  })
  after(async () => {
    await server?.close()
    await ids?.close()
    await engine?.close()
    await domains?.close()
    tmp.cleanup()
  })

  const get = (p: string, headers: Record<string, string> = {}) => request(server.port, { path: p, headers })
  const post = (p: string, body: unknown, headers: Record<string, string> = {}) =>
    request(server.port, { method: 'POST', path: p, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) })
  const bearer = (t: string) => ({ authorization: `Bearer ${t}` })
  const json = (r: Reply) => JSON.parse(r.body) as Record<string, unknown>

  test('no RPC method is named v1 or v2, so /api/v1/ and /api/v2/ can only be Mastodon\'s', () => {
    assert.deepEqual(Object.keys(methods).filter((m) => /^v\d+$/i.test(m)), [])
  })

  test('Mastodon paths answer GET (not the JSON API\'s "Use POST"), and the JSON API still answers beside them', async () => {
    const mastodon = await get('/api/v1/accounts/verify_credentials', bearer(writer))
    assert.equal(mastodon.status, 200)
    assert.equal(json(mastodon).acct, engine.key)
    const rpc = await post('/api/whoami', {}, bearer(writer))
    assert.equal(rpc.status, 200)
    assert.equal(json(rpc).key, engine.key)
    assert.equal((await get('/api/whoami', bearer(writer))).status, 405)
  })

  test('the UI token, its cookie, a forged and a missing token are refused, in Mastodon\'s shape', async () => {
    const refused: Array<Record<string, string>> = [bearer(server.token), { cookie: `rstatus_${server.port}=${server.token}` }, bearer('rst_forged'), {}]
    for (const headers of refused) {
      const r = await get('/api/v1/timelines/home', headers)
      assert.equal(r.status, 401, JSON.stringify(headers))
      assert.match(String(json(r).error), /access token is invalid|requires an authenticated user/)
    }
  })

  test('a read-only token reads, and its writes are outside its scopes', async () => {
    assert.equal((await get('/api/v1/timelines/home', bearer(reader))).status, 200)
    const r = await post('/api/v1/statuses', { status: 'nope' }, bearer(reader))
    assert.deepEqual([r.status, json(r)], [403, { error: 'This action is outside the authorized scopes' }])
  })

  test('cross-origin: a preflight is answered; another origin may use an app token, never the UI token', async () => {
    const pre = await request(server.port, {
      method: 'OPTIONS', path: '/api/v1/statuses',
      headers: { origin: 'https://elk.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization', 'access-control-request-private-network': 'true' }
    })
    assert.equal(pre.status, 204)
    assert.equal(pre.headers['access-control-allow-origin'], '*')
    assert.match(String(pre.headers['access-control-allow-headers']), /Authorization/)
    assert.equal(pre.headers['access-control-allow-private-network'], 'true')
    assert.equal(pre.headers['access-control-allow-credentials'], undefined)

    const app = await get('/api/v1/accounts/verify_credentials', { ...bearer(writer), origin: 'https://elk.example' })
    assert.equal(app.status, 200)
    assert.equal(app.headers['access-control-allow-origin'], '*')
    const ui = await get('/api/v1/accounts/verify_credentials', { ...bearer(server.token), origin: 'https://elk.example' })
    assert.equal(ui.status, 401)
    // The JSON API keeps its rule: no other origin at all.
    assert.equal((await post('/api/whoami', {}, { ...bearer(writer), origin: 'https://elk.example' })).status, 403)
  })

  test('only this server\'s Host is answered (against DNS rebinding)', async () => {
    const r = await get('/api/v1/instance', { host: `evil.example:${server.port}` })
    assert.equal(r.status, 403)
  })

  test('the instance is public and names no one', async () => {
    const r = await get('/api/v2/instance')
    assert.equal(r.status, 200)
    assert.equal(r.body.includes(engine.key), false)
    assert.equal(json(r).domain, `127.0.0.1:${server.port}`)
  })

  test('approving an app needs the UI session, and the form post needs this server\'s Origin', async () => {
    const app = json(await post('/api/v1/apps', { client_name: 'Door test', redirect_uris: 'urn:ietf:wg:oauth:2.0:oob', scopes: 'read write' }))
    const query = `response_type=code&client_id=${app.client_id}&redirect_uri=urn:ietf:wg:oauth:2.0:oob&scope=read+write`
    const cookie = { cookie: `rstatus_${server.port}=${server.token}` }

    const anonymous = await get(`/oauth/authorize?${query}`)
    assert.equal(anonymous.status, 401)
    assert.match(anonymous.body, /Sign in to rstatus first/)
    assert.equal((await get(`/oauth/authorize?${query}`, bearer(writer))).status, 401, 'an app token cannot approve')

    const page = await get(`/oauth/authorize?${query}`, cookie)
    assert.equal(page.status, 200)
    assert.match(page.body, /Let <span class="app">Door test<\/span> use your rstatus\?/)
    assert.match(String(page.headers['content-security-policy']), /default-src 'none'/)
    assert.match(String(page.headers['content-security-policy']), /frame-ancestors 'none'/)
    assert.equal(page.headers['access-control-allow-origin'], undefined)

    const form = `${query}&decision=approve`
    const formHeaders = { ...cookie, 'content-type': 'application/x-www-form-urlencoded' }
    const noOrigin = await request(server.port, { method: 'POST', path: '/oauth/authorize', headers: formHeaders, body: form })
    assert.equal(noOrigin.status, 403)
    const elsewhere = await request(server.port, { method: 'POST', path: '/oauth/authorize', headers: { ...formHeaders, origin: 'https://evil.example' }, body: form })
    assert.equal(elsewhere.status, 403)
    const approved = await request(server.port, {
      method: 'POST', path: '/oauth/authorize', headers: { ...formHeaders, origin: `http://127.0.0.1:${server.port}` }, body: form
    })
    assert.equal(approved.status, 200)
    const code = /<code id="code">([A-Za-z0-9_-]+)<\/code>/.exec(approved.body)?.[1]
    assert.ok(code)

    const wrongSecret = await post('/oauth/token', { grant_type: 'authorization_code', client_id: app.client_id, client_secret: 'nope', code })
    assert.deepEqual([wrongSecret.status, json(wrongSecret).error], [401, 'invalid_client'])
    const password = await post('/oauth/token', { grant_type: 'password', client_id: app.client_id, client_secret: app.client_secret })
    assert.deepEqual([password.status, json(password).error], [400, 'unsupported_grant_type'])
    const token = await post('/oauth/token', { grant_type: 'authorization_code', client_id: app.client_id, client_secret: app.client_secret, code, redirect_uri: 'urn:ietf:wg:oauth:2.0:oob' })
    assert.equal(token.status, 200)
    assert.equal(json(token).token_type, 'Bearer')
    assert.equal(engine.appTokens.list().some((t) => t.name === 'Door test' && !t.readOnly), true)
    // Only the app that got a token may revoke it through OAuth.
    const other = json(await post('/api/v1/apps', { client_name: 'Other', redirect_uris: 'urn:ietf:wg:oauth:2.0:oob' }))
    const accessToken = String(json(token).access_token)
    const foreign = await post('/oauth/revoke', { client_id: other.client_id, client_secret: other.client_secret, token: accessToken })
    assert.deepEqual([foreign.status, json(foreign).error], [403, 'unauthorized_client'])
    assert.equal((await get('/api/v1/apps/verify_credentials', bearer(accessToken))).status, 200)
    assert.equal(json(await get('/api/v1/apps/verify_credentials', bearer(accessToken))).name, 'Door test')
    const own = await post('/oauth/revoke', { client_id: app.client_id, client_secret: app.client_secret, token: accessToken })
    assert.equal(own.status, 200)
    assert.equal((await get('/api/v1/apps/verify_credentials', bearer(accessToken))).status, 401)
    assert.equal(engine.appTokens.list().some((t) => t.name === 'Door test'), false)
    // The client's secret is stored only as a digest.
    assert.equal(fs.readFileSync(path.join(tmp.dir, 'me', 'mastodon-api.json'), 'utf8').includes(String(app.client_secret)), false)
    assert.equal(fs.statSync(path.join(tmp.dir, 'me', 'mastodon-api.json')).mode & 0o777, 0o600)
  })

  test('apps register only oob or loopback redirects', async () => {
    for (const uri of ['https://app.example/callback', 'myapp://oauth', 'http://192.0.2.1/cb', 'http://user:pw@127.0.0.1/cb']) {
      const r = await post('/api/v1/apps', { client_name: 'Phone', redirect_uris: uri })
      assert.equal(r.status, 422, uri)
      assert.match(String(json(r).error), /^Validation failed: /)
    }
    for (const uri of ['http://127.0.0.1:4567/cb', 'http://localhost/cb', 'http://[::1]:80/']) {
      assert.equal((await post('/api/v1/apps', { client_name: 'Desktop', redirect_uris: uri })).status, 200, uri)
    }
  })

  test('features rstatus does not have yet answer as Mastodon does', async () => {
    const posted = json(await post('/api/v1/statuses', { status: 'a plain status' }, bearer(writer)))
    const id = String(posted.id)
    for (const [visibility] of [['unlisted'], ['private']]) {
      const r = await post('/api/v1/statuses', { status: 'hidden?', visibility }, bearer(writer))
      assert.equal(r.status, 422, visibility)
    }
    assert.equal((await post('/api/v1/statuses', { status: 'many', poll: { options: ['a', 'b'], expires_in: 3600, multiple: true } }, bearer(writer))).status, 422)
    assert.equal((await post('/api/v1/statuses', { status: 'later', scheduled_at: '2030-01-01T00:00:00Z' }, bearer(writer))).status, 422)
    // A list that does not exist, as on Mastodon: "Record not found".
    for (const p of ['/api/v1/timelines/list/1', '/api/v1/lists/1']) {
      const r = await get(p, bearer(writer))
      assert.deepEqual([r.status, json(r)], [404, { error: 'Record not found' }], p)
    }
    // Lists of them are empty, as for an account that never used them; an unedited status has one version.
    for (const p of ['/api/v1/bookmarks', '/api/v1/lists']) assert.equal((await get(p, bearer(writer))).body, '[]')
    // A bookmark of an unknown status is "Record not found", as on Mastodon.
    const unknown = await request(server.port, { method: 'POST', path: '/api/v1/statuses/999999999/bookmark', headers: { ...bearer(writer), 'content-type': 'application/json' }, body: '{}' })
    assert.deepEqual([unknown.status, json(unknown)], [404, { error: 'Record not found' }])
    const history = JSON.parse((await get(`/api/v1/statuses/${id}/history`, bearer(writer))).body) as unknown[]
    assert.equal(history.length, 1)
    // Nothing was published along the way.
    const home = JSON.parse((await get('/api/v1/timelines/home', bearer(writer))).body) as Array<{ id: string }>
    assert.deepEqual(home.map((s) => s.id), [id])
  })

  test('private messages are out of reach of a token not granted them, and of a read-only one for sending', async () => {
    const other = 'yry4s8ii3hbf6pmj5ctkenj9bz3ga9qjbd4nbjaz1bmpwnch4kyo'
    const refused = { error: 'This action is outside the authorized scopes' }
    for (const [method, p, body] of [
      ['GET', '/api/v1/conversations', undefined],
      ['POST', '/api/v1/statuses', { status: `@${other} psst`, visibility: 'direct' }],
      ['POST', '/api/v1/conversations/ybndrfg8ejkmcpqxot1uwisza3/read', {}],
      ['DELETE', '/api/v1/conversations/ybndrfg8ejkmcpqxot1uwisza3', undefined]
    ] as const) {
      const r = await request(server.port, { method, path: p, headers: { ...bearer(writer), 'content-type': 'application/json' }, ...(body ? { body: JSON.stringify(body) } : {}) })
      assert.deepEqual([r.status, json(r)], [403, refused], `${method} ${p}`)
    }
    // The RPC refuses the same methods to the same token: one table decides for both doors.
    assert.equal((await post('/api/dmList', {}, bearer(writer))).status, 403)

    const reading = engine.appTokens.create('reads messages', { readOnly: true, messages: true }).token
    const chatting = engine.appTokens.create('chats', { messages: true }).token
    assert.equal((await get('/api/v1/conversations', bearer(reading))).body, '[]')
    const readOnlySend = await post('/api/v1/statuses', { status: `@${other} psst`, visibility: 'direct' }, bearer(reading))
    assert.equal(readOnlySend.status, 403)

    // Granted: someone who cannot be messaged, or no one, is refused in one line, and nothing is sent or published.
    const nobody = await post('/api/v1/statuses', { status: 'to whom?', visibility: 'direct' }, bearer(chatting))
    assert.deepEqual([nobody.status, json(nobody)], [422, { error: 'Validation failed: a direct message needs the @mention of someone to send it to' }])
    const stranger = await post('/api/v1/statuses', { status: `@${other} psst`, visibility: 'direct' }, bearer(chatting))
    assert.equal(stranger.status, 422)
    assert.match(String(json(stranger).error), /^Validation failed: .*cannot receive messages/)
    assert.deepEqual(await engine.api.call('dmList', {}), [])
    const home = JSON.parse((await get('/api/v1/timelines/home', bearer(chatting))).body) as Array<{ content: string }>
    assert.equal(home.some((s) => s.content.includes('psst')), false)

    // Taken back: refused from the next call on, the token otherwise as it was.
    engine.appTokens.setMessages('chats', false)
    assert.equal((await get('/api/v1/conversations', bearer(chatting))).status, 403)
    assert.equal((await get('/api/v1/timelines/home', bearer(chatting))).status, 200)
  })

  test('the approval page offers the messages apart, unticked, and only to an app that reads statuses', async () => {
    const cookie = { cookie: `rstatus_${server.port}=${server.token}` }
    const pageFor = async (scopes: string) => {
      const app = json(await post('/api/v1/apps', { client_name: `Scopes ${scopes}`, redirect_uris: 'urn:ietf:wg:oauth:2.0:oob', scopes }))
      return (await get(`/oauth/authorize?response_type=code&client_id=${app.client_id}&redirect_uri=urn:ietf:wg:oauth:2.0:oob&scope=${encodeURIComponent(scopes)}`, cookie)).body
    }
    const offered = await pageFor('read write')
    assert.match(offered, /<input type="checkbox" name="messages" value="1"> Also let it read your private messages and send messages as you/)
    assert.doesNotMatch(offered, /name="messages"[^>]*checked/)
    assert.doesNotMatch(await pageFor('write:statuses read:accounts'), /name="messages"/)
  })

  test('ids and image addresses stay the same across a restart of the door and its id store', async () => {
    // Large enough to go to the engine in several pieces.
    const image = await png(500, 400)
    assert.ok(image.length > 2 * 256 * 1024)
    const form = new FormData()
    form.set('file', new Blob([image], { type: 'image/png' }), 'a.png')
    form.set('description', 'a tiny picture')
    const media = await fetch(`http://127.0.0.1:${server.port}/api/v2/media`, { method: 'POST', headers: bearer(writer), body: form })
    assert.equal(media.status, 200)
    const mediaId = ((await media.json()) as { id: string }).id
    const posted = json(await post('/api/v1/statuses', { status: 'kept #ids', media_ids: [mediaId] }, bearer(writer)))
    const attachment = (posted.media_attachments as Array<{ url: string; description: string }>)[0]!
    assert.equal(attachment.description, 'a tiny picture')

    await server.close()
    await ids.close()
    ids = await TwitterIds.open(path.join(tmp.dir, 'ids'))
    const mastodon = new MastodonDoor({
      api: engine.api, ids, apps: engine.appTokens, stateFile: path.join(tmp.dir, 'me', 'mastodon-api.json'), log: (l) => logged.push(l)
    })
    server = await startWebServer({ api: engine.api, port: 0, ui: false, apps: engine.appTokens, mastodon, log: (l) => logged.push(l) })

    const again = json(await get(`/api/v1/statuses/${posted.id}`, bearer(writer)))
    assert.equal(again.uri, posted.uri)
    const url = new URL((again.media_attachments as Array<{ url: string }>)[0]!.url)
    assert.equal(url.pathname, new URL(attachment.url).pathname)
    const picture = await request(server.port, { path: url.pathname })
    assert.equal(picture.status, 200)
    assert.equal(picture.headers['content-type'], 'image/png')
  })

  test('a link card\'s picture is served at a media URL, as attachments are', async () => {
    const picture = await png(300, 200)
    const site = http.createServer((req, res) => {
      if (req.url === '/boat.png') {
        res.writeHead(200, { 'content-type': 'image/png' })
        return res.end(picture)
      }
      res.writeHead(200, { 'content-type': 'text/html' })
      res.end('<title>A boat</title><meta property="og:image" content="/boat.png">')
    })
    await new Promise<void>((r) => site.listen(0, '127.0.0.1', r))
    try {
      const page = `http://127.0.0.1:${(site.address() as AddressInfo).port}/boat`
      // Mastodon's POST has no way to ask for a card: the app does, through the JSON API.
      const posted = await engine.api.call('post', { text: `a card ${page}`, card: true })
      assert.ok(posted.card?.image)
      const home = JSON.parse((await get('/api/v1/timelines/home', bearer(reader))).body) as Array<{ uri: string; card: Record<string, unknown> | null }>
      const card = home.find((s) => s.uri === posted.uri)?.card
      assert.deepEqual([card?.url, card?.title, card?.width, card?.height], [page, 'A boat', 300, 200])
      const url = new URL(String(card?.image))
      assert.equal(url.origin, `http://127.0.0.1:${server.port}`)
      assert.ok(url.pathname.startsWith('/mastodon/media/'))
      const served = await request(server.port, { path: url.pathname })
      assert.equal(served.status, 200)
      assert.equal(served.headers['content-type'], 'image/png')
    } finally {
      site.closeAllConnections()
      await new Promise((r) => site.close(r))
    }
  })

  test('unknown ids and accounts are "Record not found"; bad bodies are one line', async () => {
    assert.deepEqual(json(await get('/api/v1/statuses/12345', bearer(writer))), { error: 'Record not found' })
    assert.equal((await get('/api/v1/accounts/not-a-key', bearer(writer))).status, 404)
    const bad = await request(server.port, { method: 'POST', path: '/api/v1/statuses', headers: { ...bearer(writer), 'content-type': 'application/json' }, body: '{"status":' })
    assert.deepEqual([bad.status, json(bad)], [400, { error: 'The body is not JSON' }])
    assert.deepEqual(logged.filter((l) => /\n\s+at /.test(l)), [])
  })

  test('the streaming socket takes app tokens, also as ?access_token=, and refuses the UI token', async () => {
    const open = (query: string, headers: Record<string, string> = {}) =>
      new Promise<number>((resolve) => {
        const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api/v1/streaming${query}`, { headers })
        ws.once('open', () => {
          ws.close()
          resolve(101)
        })
        ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0))
        ws.once('error', () => {})
      })
    assert.equal(await open('?stream=user', bearer(reader)), 101)
    assert.equal(await open(`?stream=user&access_token=${reader}`), 101)
    assert.equal(await open(`?stream=user&access_token=${server.token}`), 401)
    assert.equal(await open('?stream=user', bearer(server.token)), 401)
    assert.equal(await open('?stream=user'), 401)
  })

  test('a hashtag stream sends a new status with the tag, once, and nothing older', async () => {
    await post('/api/v1/statuses', { status: 'older #Sails' }, bearer(writer))
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api/v1/streaming?stream=hashtag&tag=sails`, { headers: bearer(reader) })
    const events: Array<{ stream: string[]; event: string; payload: string }> = []
    ws.on('message', (data) => events.push(JSON.parse(String(data))))
    await new Promise((resolve) => ws.once('open', resolve))
    await post('/api/v1/statuses', { status: 'untagged' }, bearer(writer))
    const tagged = json(await post('/api/v1/statuses', { status: 'new #sails' }, bearer(writer)))
    const update = await waitFor(() => events.find((e) => e.event === 'update'), { what: 'the hashtag update' })
    assert.deepEqual(update.stream, ['hashtag', 'sails'])
    assert.equal((JSON.parse(update.payload) as { id: string }).id, tagged.id)
    // Another status later: still just the one update for the tagged status.
    const last = json(await post('/api/v1/statuses', { status: 'last #sails' }, bearer(writer)))
    await waitFor(() => events.find((e) => e.event === 'update' && (JSON.parse(e.payload) as { id: string }).id === last.id), { what: 'the second update' })
    assert.deepEqual(events.filter((e) => e.event === 'update').map((e) => (JSON.parse(e.payload) as { content: string }).content), ['<p>new <a href="http://127.0.0.1:' + server.port + '/tags/sails" class="mention hashtag" rel="tag">#<span>sails</span></a></p>', '<p>last <a href="http://127.0.0.1:' + server.port + '/tags/sails" class="mention hashtag" rel="tag">#<span>sails</span></a></p>'])
    // Deleting it tells the stream, with the bare id.
    assert.equal((await request(server.port, { method: 'DELETE', path: `/api/v1/statuses/${last.id}`, headers: bearer(writer) })).status, 200)
    const deleted = await waitFor(() => events.find((e) => e.event === 'delete'), { what: 'the delete event' })
    assert.deepEqual([deleted.stream, deleted.payload], [['hashtag', 'sails'], String(last.id)])
    ws.close()
  })

  test('content warnings, polls, quotes, edits with their history, and pins map onto rstatus\'s', async () => {
    const warned = json(await post('/api/v1/statuses', { status: 'the twist', spoiler_text: 'spoilers', sensitive: true }, bearer(writer)))
    assert.equal(warned.spoiler_text, 'spoilers')
    assert.equal(warned.sensitive, true)
    assert.equal(warned.edited_at, null)

    // A form body, as many clients send it: poll[options][] and poll[expires_in] in seconds.
    const form = 'status=tea%20or%20coffee&poll%5Boptions%5D%5B%5D=tea&poll%5Boptions%5D%5B%5D=coffee&poll%5Bexpires_in%5D=7200'
    const polled = json(await request(server.port, { method: 'POST', path: '/api/v1/statuses', headers: { ...bearer(writer), 'content-type': 'application/x-www-form-urlencoded' }, body: form }))
    const poll = polled.poll as { id: string; options: Array<{ title: string; votes_count: number }>; expires_at: string; multiple: boolean; voted: boolean }
    assert.deepEqual(poll.options, [{ title: 'tea', votes_count: 0 }, { title: 'coffee', votes_count: 0 }])
    assert.equal(poll.multiple, false)
    assert.ok(Math.abs(Date.parse(poll.expires_at) - Date.now() - 2 * 3_600_000) < 60_000)
    assert.equal((await post(`/api/v1/polls/${poll.id}/votes`, { choices: ['0', '1'] }, bearer(writer))).status, 422)
    const voted = json(await post(`/api/v1/polls/${poll.id}/votes`, { choices: ['1'] }, bearer(writer)))
    assert.deepEqual([voted.voted, voted.own_votes, voted.voters_count], [true, [1], 1])
    assert.deepEqual(json(await get(`/api/v1/polls/${poll.id}`, bearer(reader))).own_votes, [1])

    const quoting = json(await post('/api/v1/statuses', { status: 'look at this', quoted_status_id: warned.id }, bearer(writer)))
    const quoteUri = (await engine.api.call('status', { uri: String(quoting.uri) }))?.quote?.uri
    assert.equal(quoteUri, warned.uri)

    const edited = json(await request(server.port, { method: 'PUT', path: `/api/v1/statuses/${warned.id}`, headers: { ...bearer(writer), 'content-type': 'application/json' }, body: JSON.stringify({ status: 'the twist, told better', spoiler_text: 'film spoilers' }) }))
    assert.equal(edited.id, warned.id)
    assert.equal(edited.content, '<p>the twist, told better</p>')
    assert.equal(edited.spoiler_text, 'film spoilers')
    assert.equal(typeof edited.edited_at, 'string')
    const history = JSON.parse((await get(`/api/v1/statuses/${warned.id}/history`, bearer(reader))).body) as Array<{ content: string; spoiler_text: string }>
    assert.deepEqual(history.map((v) => [v.content, v.spoiler_text]), [['<p>the twist</p>', 'spoilers'], ['<p>the twist, told better</p>', 'film spoilers']])
    assert.deepEqual(json(await get(`/api/v1/statuses/${warned.id}/source`, bearer(reader))), { id: warned.id, text: 'the twist, told better', spoiler_text: 'film spoilers' })
    const readOnlyEdit = await request(server.port, { method: 'PUT', path: `/api/v1/statuses/${warned.id}`, headers: { ...bearer(reader), 'content-type': 'application/json' }, body: '{"status":"no"}' })
    assert.equal(readOnlyEdit.status, 403)

    assert.equal(json(await post(`/api/v1/statuses/${polled.id}/pin`, {}, bearer(writer))).pinned, true)
    const me = json(await get('/api/v1/accounts/verify_credentials', bearer(reader)))
    const pinned = JSON.parse((await get(`/api/v1/accounts/${me.id}/statuses?pinned=true`, bearer(reader))).body) as Array<{ id: string; pinned: boolean }>
    assert.deepEqual(pinned.map((s) => [s.id, s.pinned]), [[polled.id, true]])
    assert.equal(json(await post(`/api/v1/statuses/${polled.id}/unpin`, {}, bearer(writer))).pinned, false)
    assert.equal((await get(`/api/v1/accounts/${me.id}/statuses?pinned=true`, bearer(reader))).body, '[]')
  })

  test('lists: made, renamed and deleted, their members added and removed, and each a paged timeline', async () => {
    const me = json(await get('/api/v1/accounts/verify_credentials', bearer(reader)))
    const other = parseKey('ab'.repeat(32))
    assert.equal((await post('/api/v1/lists', {}, bearer(writer))).status, 422)
    assert.equal((await post('/api/v1/lists', { title: 'friends' }, bearer(reader))).status, 403)
    const made = json(await post('/api/v1/lists', { title: 'friends' }, bearer(writer)))
    assert.deepEqual(Object.keys(made).sort(), ['exclusive', 'id', 'replies_policy', 'title'])
    assert.match(String(made.id), /^\d+$/)
    assert.equal(made.title, 'friends')
    assert.deepEqual(json(await post('/api/v1/lists', { title: 'friends' }, bearer(writer))), { error: 'Validation failed: Title has already been taken' })
    // The id is the list's, on every request (it comes from the name, not from a counter).
    assert.deepEqual(JSON.parse((await get('/api/v1/lists', bearer(reader))).body), [made])
    assert.deepEqual(json(await get(`/api/v1/lists/${made.id}`, bearer(reader))), made)

    // Members, as a form body with account_ids[] as clients send it.
    const form = `account_ids%5B%5D=${me.id}&account_ids%5B%5D=${other}`
    const added = await request(server.port, { method: 'POST', path: `/api/v1/lists/${made.id}/accounts`, headers: { ...bearer(writer), 'content-type': 'application/x-www-form-urlencoded' }, body: form })
    assert.deepEqual([added.status, json(added)], [200, {}])
    assert.equal((await post(`/api/v1/lists/${made.id}/accounts`, { account_ids: [me.id] }, bearer(writer))).status, 422)
    assert.equal((await post(`/api/v1/lists/${made.id}/accounts`, { account_ids: ['not-a-key'] }, bearer(writer))).status, 404)
    const members = await get(`/api/v1/lists/${made.id}/accounts?limit=1`, bearer(reader))
    assert.deepEqual((JSON.parse(members.body) as Array<{ id: string }>).map((a) => a.id), [me.id])
    const nextMembers = /<([^>]+)>; rel="next"/.exec(String(members.headers.link))?.[1] as string
    assert.deepEqual((JSON.parse((await get(new URL(nextMembers).pathname + new URL(nextMembers).search, bearer(reader))).body) as Array<{ id: string }>).map((a) => a.id), [other])
    assert.deepEqual((JSON.parse((await get(`/api/v1/accounts/${other}/lists`, bearer(reader))).body) as Array<{ id: string }>).map((l) => l.id), [made.id])
    const removed = await request(server.port, { method: 'DELETE', path: `/api/v1/lists/${made.id}/accounts?account_ids[]=${other}`, headers: bearer(writer) })
    assert.deepEqual([removed.status, json(removed)], [200, {}])
    assert.equal((await get(`/api/v1/accounts/${other}/lists`, bearer(reader))).body, '[]')

    // The list's timeline: the members' statuses, newest first, paged by max_id/min_id with a Link header.
    const home = (JSON.parse((await get('/api/v1/timelines/home?limit=3', bearer(reader))).body) as Array<{ id: string }>).map((s) => s.id)
    const first = await get(`/api/v1/timelines/list/${made.id}?limit=2`, bearer(reader))
    assert.deepEqual((JSON.parse(first.body) as Array<{ id: string }>).map((s) => s.id), home.slice(0, 2))
    const link = String(first.headers.link)
    const older = new URL(/<([^>]+)>; rel="next"/.exec(link)?.[1] as string)
    assert.equal(older.pathname, `/api/v1/timelines/list/${made.id}`)
    assert.deepEqual((JSON.parse((await get(older.pathname + older.search, bearer(reader))).body) as Array<{ id: string }>).map((s) => s.id)[0], home[2])
    const newer = (JSON.parse((await get(`/api/v1/timelines/list/${made.id}?min_id=${home[2]}&limit=1`, bearer(reader))).body) as Array<{ id: string }>)
    assert.deepEqual(newer.map((s) => s.id), [home[1]])

    // A rename keeps the members and gives the id of the new name; the old id is gone.
    const renamed = json(await request(server.port, { method: 'PUT', path: `/api/v1/lists/${made.id}`, headers: { ...bearer(writer), 'content-type': 'application/json' }, body: '{"title":"close friends"}' }))
    assert.equal(renamed.title, 'close friends')
    assert.notEqual(renamed.id, made.id)
    assert.equal((await get(`/api/v1/lists/${made.id}`, bearer(reader))).status, 404)
    assert.deepEqual(await engine.api.call('lists', {}), [{ name: 'close friends', members: [me.id] }])
    const gone = await request(server.port, { method: 'DELETE', path: `/api/v1/lists/${renamed.id}`, headers: bearer(writer) })
    assert.deepEqual([gone.status, json(gone)], [200, {}])
    assert.equal((await get('/api/v1/lists', bearer(reader))).body, '[]')
    assert.equal((await get(`/api/v1/timelines/list/${renamed.id}`, bearer(reader))).status, 404)
  })

  test('acct is the verified handle once its domain names the key, else the key; accounts/lookup takes a handle', async () => {
    const { key } = await engine.api.call('whoami', {})
    const someoneElse = hypercoreIds.encode(crypto.randomBytes(32))
    domains.setTxt('other.test', [`key=${someoneElse}`])
    await engine.api.call('setProfile', { name: 'Door', handle: 'other.test' })
    // Waits for the domain's answer, which the claim's first showing asked for too.
    await engine.api.call('resolveHandle', { handle: 'other.test' }).catch(() => null)
    const claimed = json(await get('/api/v1/accounts/verify_credentials', bearer(reader)))
    assert.equal(claimed.acct, key, 'a domain naming another key: the key stays the acct')
    assert.equal(claimed.username, key)

    domains.setTxt('door.test', [`key=${key}`])
    await engine.api.call('setProfile', { handle: 'door.test' })
    const looked = json(await get('/api/v1/accounts/lookup?acct=@door.test', bearer(reader)))
    assert.equal(looked.id, key)
    assert.equal(looked.acct, 'door.test')
    assert.equal(json(await get('/api/v1/accounts/verify_credentials', bearer(reader))).acct, 'door.test')
    const posted = json(await post('/api/v1/statuses', { status: 'signed by my domain' }, bearer(writer)))
    assert.equal((posted.account as Record<string, unknown>).acct, 'door.test', 'a status\'s account too')
    assert.deepEqual(domains.asked('door.test'), { txt: 1, wellKnown: 0 }, 'asked once, however often shown')

    const nobody = await get('/api/v1/accounts/lookup?acct=nobody.test', bearer(reader))
    assert.equal(nobody.status, 404)
    assert.equal(json(nobody).error, 'Record not found')
  })
})
