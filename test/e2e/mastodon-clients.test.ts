// The Mastodon door, end to end with Mastodon clients people build apps on (masto and megalodon from npm),
// against a real `rstatus serve` on a local DHT, with a second person's serve to like, reply and post. Each
// app is approved as a person would: on the approval page, in Chromium, signed in with serve's address.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import http from 'node:http'
import path from 'node:path'
import { createOAuthAPIClient, createRestAPIClient, createStreamingAPIClient, MastoHttpError, type mastodon } from 'masto'
import megalodonPackage, { type Entity, type MegalodonInterface } from 'megalodon'
import type { Browser, Page } from 'playwright-core'
import WebSocket from 'ws'
import { request } from '../helpers/http.js'
import { png } from '../helpers/images.js'
import { startTestnet, type LocalTestnet } from '../helpers/testnet.js'
import { tmpDir, waitFor } from '../helpers/tmp.js'
import { rstatus, startServe, type ServeProcess } from '../integration/cli-process.js'
import { launchBrowser, screenshot } from './browser.js'

// megalodon is CommonJS: Node hands its exports object to `import`, the generator is its default.
const generator = megalodonPackage.default
const OOB = 'urn:ietf:wg:oauth:2.0:oob'
/** Long enough for a DHT lookup and a replication round on a slow, shared machine. */
const NET_TIMEOUT = 90_000

describe('Mastodon clients against rstatus serve', { timeout: 10 * 60_000 }, () => {
  const tmp = tmpDir('rstatus-mastodon-')
  let testnet: LocalTestnet
  let browser: Browser
  let page: Page
  let ann: ServeProcess
  let bob: ServeProcess
  let url = ''
  let net: string[] = []
  const bobData = () => path.join(tmp.dir, 'bob')

  // What the steps hand each other, in order.
  let app: mastodon.v1.Client
  let token = ''
  let masto: mastodon.rest.Client
  let first: mastodon.v1.Status
  let readOnlyToken = ''
  let megalodon: MegalodonInterface

  before(async () => {
    testnet = await startTestnet()
    net = ['--bootstrap', testnet.bootstrap, '--host', '127.0.0.1']
    const annData = path.join(tmp.dir, 'ann')
    assert.equal((await rstatus(['--data', annData, 'profile', '--name', 'Ann Example', '--bio', 'Boats & <b>sails</b>'])).code, 0)
    assert.equal((await rstatus(['--data', bobData(), 'profile', '--name', 'Bob Builder'])).code, 0)
    ann = await startServe(['--data', annData, ...net])
    bob = await startServe(['--data', bobData(), ...net])
    url = `http://127.0.0.1:${ann.port}`
    browser = await launchBrowser()
    page = await (await browser.newContext({ viewport: { width: 900, height: 760 } })).newPage()
    // The person signs this browser in with the address serve printed, as the approval page asks.
    await page.goto(ann.url)
  })

  after(async () => {
    await browser?.close().catch(() => {})
    await ann?.stop()
    await bob?.stop()
    await testnet?.close()
    tmp.cleanup()
  })

  /** Approves on the page the client sent the person to; returns the page after the click. */
  async function approve(authorizeUrl: string, appName: string, opts: { readOnly?: boolean; messages?: boolean } = {}): Promise<void> {
    await page.goto(authorizeUrl)
    await page.getByRole('heading', { name: `Let ${appName} use your rstatus?` }).waitFor()
    if (opts.readOnly) await page.getByLabel('Only let it read').check()
    const messages = page.getByLabel(/Also let it read your private messages/)
    // Offered apart, and never ticked for the person.
    assert.equal(await messages.isChecked(), false)
    if (opts.messages) await messages.check()
    await screenshot(page, `mastodon-approve-${appName.replace(/\W+/g, '-')}`)
    await page.getByRole('button', { name: 'Approve' }).click()
  }

  async function httpStatusOf(promise: Promise<unknown>): Promise<number> {
    try {
      await promise
    } catch (err) {
      if (err instanceof MastoHttpError) return err.statusCode
      const status = (err as { response?: { status?: number } }).response?.status
      if (typeof status === 'number') return status
      throw err
    }
    return 200
  }

  test('masto: register an app, approve it in the browser (oob), get a token the way the client does', async () => {
    const anonymous = createRestAPIClient({ url })
    const instance = await anonymous.v2.instance.fetch()
    assert.equal(instance.configuration.statuses.maxCharacters, 500)
    assert.equal(instance.configuration.urls.streaming, `ws://127.0.0.1:${ann.port}`)
    app = await anonymous.v1.apps.create({ clientName: 'masto test', redirectUris: OOB, scopes: 'read write follow' })
    assert.ok(app.clientId && app.clientSecret)

    const authorize = new URL('/oauth/authorize', url)
    for (const [k, v] of Object.entries({ response_type: 'code', client_id: app.clientId!, redirect_uri: OOB, scope: 'read write follow' })) {
      authorize.searchParams.set(k, v)
    }
    await approve(authorize.href, 'masto test')
    const code = (await page.locator('#code').textContent())?.trim() ?? ''
    assert.match(code, /^[A-Za-z0-9_-]{43}$/)
    await screenshot(page, 'mastodon-code')

    const oauth = createOAuthAPIClient({ url })
    const got = await oauth.token.create({
      grantType: 'authorization_code', clientId: app.clientId!, clientSecret: app.clientSecret!, redirectUri: OOB, code, scope: 'read write follow'
    })
    token = got.accessToken
    assert.match(token, /^rst_/)
    assert.equal(got.scope, 'read write follow')
    // A code works once.
    assert.equal(await httpStatusOf(oauth.token.create({
      grantType: 'authorization_code', clientId: app.clientId!, clientSecret: app.clientSecret!, redirectUri: OOB, code
    })), 400)

    // The token is an rstatus app token, named after the app: the person sees it and can revoke it.
    const list = await rstatus(['--data', path.join(tmp.dir, 'ann'), 'token', 'list', '--json'])
    const tokens = JSON.parse(list.stdout) as Array<{ name: string; readOnly: boolean }>
    assert.deepEqual(tokens.find((t) => t.name === 'masto test'), { ...tokens.find((t) => t.name === 'masto test'), readOnly: false })

    masto = createRestAPIClient({ url, accessToken: token })
    const me = await masto.v1.accounts.verifyCredentials()
    assert.equal(me.acct, ann.key)
    assert.equal(me.id, ann.key)
    assert.equal(me.displayName, 'Ann Example')
    assert.equal(me.note, '<p>Boats &amp; &lt;b&gt;sails&lt;/b&gt;</p>')
    assert.equal(me.source.note, 'Boats & <b>sails</b>')
  })

  test('masto: post, refuse a private status, reply with a content warning, page the home timeline', async () => {
    first = await masto.v1.statuses.create({ status: 'First <i>status</i> #Boats\nsecond line' })
    assert.equal(first.content, '<p>First &lt;i&gt;status&lt;/i&gt; <a href="http://127.0.0.1:' + ann.port + '/tags/boats" class="mention hashtag" rel="tag">#<span>Boats</span></a><br />second line</p>')
    assert.equal(first.visibility, 'public')
    assert.deepEqual(first.tags.map((t) => t.name), ['boats'])
    assert.match(first.id, /^\d+$/)

    assert.equal(await httpStatusOf(masto.v1.statuses.create({ status: 'secret', visibility: 'private' })), 422)

    // A reply with a content warning: the warning folds it, and Mastodon marks it sensitive with it.
    const reply = await masto.v1.statuses.create({ status: 'a reply', inReplyToId: first.id, spoilerText: 'boats' })
    assert.equal(reply.spoilerText, 'boats')
    assert.equal(reply.sensitive, true)
    assert.equal(reply.inReplyToId, first.id)
    assert.equal(reply.inReplyToAccountId, ann.key)
    const more: mastodon.v1.Status[] = []
    for (const text of ['third', 'fourth', 'fifth']) more.push(await masto.v1.statuses.create({ status: text }))

    // Ids grow as the timeline goes, and the Link header pages it: 2 at a time, newest first.
    const pages: string[][] = []
    for await (const statuses of masto.v1.timelines.home.list({ limit: 2 })) {
      pages.push(statuses.map((s) => s.content))
      if (pages.length > 5) break
    }
    assert.deepEqual(pages.flat(), ['<p>fifth</p>', '<p>fourth</p>', '<p>third</p>', '<p>a reply</p>', first.content])
    // As on Mastodon, the last page still links on; the page after it is empty and links nowhere.
    assert.deepEqual(pages.map((p) => p.length), [2, 2, 1, 0])
    // min_id: the ones just above; since_id: the newest above
    const above = await masto.v1.timelines.home.list({ minId: reply.id, limit: 2 })
    assert.deepEqual(above.map((s) => s.content), ['<p>fourth</p>', '<p>third</p>'])
    const newest = await masto.v1.timelines.home.list({ sinceId: reply.id, limit: 2 })
    assert.deepEqual(newest.map((s) => s.content), ['<p>fifth</p>', '<p>fourth</p>'])

    const context = await masto.v1.statuses.$select(reply.id).context.fetch()
    assert.deepEqual(context.ancestors.map((s) => s.id), [first.id])
    const tagged = await masto.v1.timelines.tag.$select('boats').list()
    assert.deepEqual(tagged.map((s) => s.id), [first.id])
  })

  test('masto: an Idempotency-Key posts once', async () => {
    const meta = { requestInit: { headers: { 'Idempotency-Key': 'one-key' } } }
    const a = await masto.v1.statuses.create({ status: 'only once' }, meta)
    const b = await masto.v1.statuses.create({ status: 'only once' }, meta)
    assert.equal(a.id, b.id)
    const home = await masto.v1.timelines.home.list({ limit: 10 })
    assert.equal(home.filter((s) => s.content === '<p>only once</p>').length, 1)
  })

  test('masto: bookmark a status, find it in the bookmarks, and remove it', async () => {
    const status = await masto.v1.statuses.create({ status: 'keep this one' })
    assert.equal(status.bookmarked, false)
    const marked = await masto.v1.statuses.$select(status.id).bookmark()
    assert.equal(marked.bookmarked, true)
    assert.equal(marked.id, status.id)
    const bookmarks = await masto.v1.bookmarks.list({ limit: 20 })
    assert.deepEqual(bookmarks.map((s) => [s.id, s.bookmarked]), [[status.id, true]])
    assert.equal((await masto.v1.statuses.$select(status.id).fetch()).bookmarked, true, 'every status entity says so')
    assert.equal((await masto.v1.statuses.$select(status.id).unbookmark()).bookmarked, false)
    assert.deepEqual(await masto.v1.bookmarks.list(), [])
  })

  test('masto: media with a description, served back at its URL', async () => {
    const image = await png(64, 48)
    const media = await masto.v2.media.create({ file: new Blob([image], { type: 'image/png' }), description: 'A grey rectangle' })
    assert.equal(media.description, 'A grey rectangle')
    const updated = await masto.v1.media.$select(media.id).update({ description: 'A small grey rectangle' })
    assert.equal(updated.description, 'A small grey rectangle')
    const status = await masto.v1.statuses.create({ status: 'with a picture', mediaIds: [media.id] })
    assert.equal(status.mediaAttachments.length, 1)
    const attachment = status.mediaAttachments[0]!
    assert.equal(attachment.description, 'A small grey rectangle')
    assert.equal(attachment.meta?.original?.width, 64)
    // An image URL works without the token (as an <img> loads it), and only as signed.
    const got = await fetch(attachment.url!)
    assert.equal(got.status, 200)
    assert.equal(got.headers.get('content-type'), 'image/png')
    assert.ok((await got.arrayBuffer()).byteLength > 0)
    const forged = attachment.url!.replace(/\/[A-Za-z0-9_-]{43}\.png$/, `/${'A'.repeat(43)}.png`)
    assert.equal((await fetch(forged)).status, 404)
  })

  test('masto: follow Bob, who likes and replies; notifications, favourite and reblog, search', async () => {
    const relationship = await masto.v1.accounts.$select(bob.key).follow()
    assert.equal(relationship.following, true)
    // Bob follows Ann back and acts on her first status once he holds it.
    assert.equal((await rstatus(['--data', bobData(), 'follow', ann.key])).code, 0)
    const firstUri = first.uri
    await waitFor(async () => {
      const r = await rstatus(['--data', bobData(), 'like', firstUri])
      return r.code === 0
    }, { timeout: NET_TIMEOUT, interval: 500, what: "Bob holding Ann's status" })
    assert.equal((await rstatus(['--data', bobData(), 'reply', firstUri, 'Nice boats, Ann'])).code, 0)

    const notifications = await waitFor(async () => {
      const list = await masto.v1.notifications.list()
      return list.some((n) => n.type === 'favourite') && list.some((n) => n.type === 'mention') ? list : null
    }, { timeout: NET_TIMEOUT, interval: 500, what: "Bob's like and reply as notifications" })
    const like = notifications.find((n) => n.type === 'favourite')!
    assert.equal(like.account.id, bob.key)
    assert.equal(like.account.displayName, 'Bob Builder')
    assert.equal(like.status?.id, first.id)
    const mention = notifications.find((n) => n.type === 'mention')!
    assert.equal(mention.status?.content, '<p>Nice boats, Ann</p>')
    assert.equal(mention.status?.inReplyToId, first.id)
    const onlyLikes = await masto.v1.notifications.list({ types: ['favourite'] })
    assert.ok(onlyLikes.length > 0 && onlyLikes.every((n) => n.type === 'favourite'))
    const likedBy = await masto.v1.statuses.$select(first.id).favouritedBy.list()
    assert.deepEqual(likedBy.map((a) => a.id), [bob.key])

    // Ann favourites and reblogs Bob's reply.
    const favourited = await masto.v1.statuses.$select(mention.status!.id).favourite()
    assert.equal(favourited.favourited, true)
    assert.equal(favourited.favouritesCount, 1)
    const reblog = await masto.v1.statuses.$select(mention.status!.id).reblog()
    assert.equal(reblog.reblog?.id, mention.status!.id)
    assert.equal(reblog.account.id, ann.key)
    const home = await masto.v1.timelines.home.list({ limit: 3 })
    assert.equal(home[0]?.reblog?.content, '<p>Nice boats, Ann</p>')
    const unreblogged = await masto.v1.statuses.$select(mention.status!.id).unreblog()
    assert.equal(unreblogged.reblogged, false)

    // Search: a pasted key finds the account, a pasted link the status, words the statuses.
    const byKey = await masto.v2.search.list({ q: `rstatus://${bob.key}` })
    assert.deepEqual(byKey.accounts.map((a) => a.displayName), ['Bob Builder'])
    const byLink = await masto.v2.search.list({ q: first.uri, type: 'statuses' })
    assert.deepEqual(byLink.statuses.map((s) => s.id), [first.id])
    const byWords = await masto.v2.search.list({ q: 'nice boats', type: 'statuses' })
    assert.deepEqual(byWords.statuses.map((s) => s.content), ['<p>Nice boats, Ann</p>'])
    const tags = await masto.v2.search.list({ q: '#boats', type: 'hashtags' })
    assert.deepEqual(tags.hashtags.map((t) => t.name), ['boats'])
  })

  test('masto: a list of Bob, its members and its timeline; renamed, then deleted', async () => {
    const builders = await masto.v1.lists.create({ title: 'Builders' })
    assert.equal(builders.title, 'Builders')
    await masto.v1.lists.$select(builders.id).accounts.create({ accountIds: [bob.key] })
    assert.deepEqual((await masto.v1.lists.list()).map((l) => [l.id, l.title]), [[builders.id, 'Builders']])
    assert.deepEqual((await masto.v1.lists.$select(builders.id).accounts.list()).map((a) => a.id), [bob.key])
    assert.deepEqual((await masto.v1.accounts.$select(bob.key).lists.list()).map((l) => l.id), [builders.id])
    // Only Bob's statuses: his reply, none of Ann's.
    const timeline = await masto.v1.timelines.list.$select(builders.id).list({ limit: 5 })
    assert.ok(timeline.some((s) => s.content === '<p>Nice boats, Ann</p>'))
    assert.deepEqual([...new Set(timeline.map((s) => s.account.id))], [bob.key])
    const renamed = await masto.v1.lists.$select(builders.id).update({ title: 'Boat builders' })
    assert.equal(renamed.title, 'Boat builders')
    assert.deepEqual((await masto.v1.lists.$select(renamed.id).accounts.list()).map((a) => a.id), [bob.key])
    await masto.v1.lists.$select(renamed.id).accounts.remove({ accountIds: [bob.key] })
    assert.deepEqual(await masto.v1.lists.$select(renamed.id).accounts.list(), [])
    await masto.v1.lists.$select(renamed.id).remove()
    assert.deepEqual(await masto.v1.lists.list(), [])
    assert.equal(await httpStatusOf(masto.v1.lists.$select(renamed.id).fetch()), 404)
  })

  test('masto: a new status streams live to the user stream', async () => {
    const streaming = createStreamingAPIClient({ streamingApiUrl: `ws://127.0.0.1:${ann.port}`, accessToken: token, implementation: WebSocket, retry: false })
    const subscription = streaming.user.subscribe()
    const seen = (async () => {
      for await (const event of subscription) {
        if (event.event === 'update' && event.payload.content.startsWith('<p>live from masto')) return event.payload
      }
      return null
    })()
    // masto connects and subscribes in the background, and a stream carries only what is new after that:
    // post (once a second) until one arrives.
    let posted = 0
    const update = await waitFor(async () => {
      const done = await Promise.race([seen, new Promise<null>((r) => setTimeout(() => r(null), 1000))])
      if (done) return done
      await masto.v1.statuses.create({ status: `live from masto ${++posted}` })
      return null
    }, { timeout: 30_000, interval: 10, what: 'the update on the stream' })
    assert.match(update.content, /^<p>live from masto \d+<\/p>$/)
    assert.equal(update.account.id, ann.key)
    subscription.unsubscribe()
    streaming.close()
  })

  test('megalodon: loopback redirect, a read-only approval, reading, and a status streamed from Bob', async () => {
    let received: (code: string) => void = () => {}
    const codeArrived = new Promise<string>((resolve) => (received = resolve))
    const callback = http.createServer((req, res) => {
      const code = new URL(req.url ?? '/', 'http://127.0.0.1').searchParams.get('code')
      res.end('You can close this window.')
      if (code) received(code)
    })
    await new Promise<void>((resolve) => callback.listen(0, '127.0.0.1', resolve))
    const redirect = `http://127.0.0.1:${(callback.address() as { port: number }).port}/callback`
    try {
      const client = generator('mastodon', url)
      const registered = await client.registerApp('megalodon test', { scopes: ['read', 'write'], redirect_uris: redirect })
      await approve(registered.url!, 'megalodon test', { readOnly: true })
      const code = await codeArrived
      const tokenData = await client.fetchAccessToken(registered.client_id, registered.client_secret, code, redirect)
      readOnlyToken = tokenData.access_token
      assert.equal(tokenData.scope, 'read')
    } finally {
      callback.close()
    }

    megalodon = generator('mastodon', url, readOnlyToken)
    const me = await megalodon.verifyAccountCredentials()
    assert.equal(me.data.acct, ann.key)
    const home = await megalodon.getHomeTimeline({ limit: 40 })
    assert.ok(home.data.some((s: Entity.Status) => s.content === '<p>with a picture</p>'))
    const found = await megalodon.search('Bob', { type: 'accounts' })
    assert.deepEqual(found.data.accounts.map((a: Entity.Account) => a.id), [bob.key])
    const notes = await megalodon.getNotifications({ limit: 5 })
    assert.ok(notes.data.length > 0)

    // A read-only token cannot write.
    assert.equal(await httpStatusOf(megalodon.postStatus('not allowed')), 403)

    // Bob posts; his status arrives over the network and streams to Ann's user stream.
    const socket = generator('mastodon', `ws://127.0.0.1:${ann.port}`, readOnlyToken).userSocket()
    try {
      const arrived = new Promise<Entity.Status>((resolve) => {
        socket.on('update', (status: Entity.Status) => {
          if (status.content === '<p>Bob, live</p>') resolve(status)
        })
      })
      await new Promise<void>((resolve) => socket.on('connect', () => resolve()))
      assert.equal((await rstatus(['--data', bobData(), 'post', 'Bob, live'])).code, 0)
      let timer: NodeJS.Timeout | undefined
      const status = await Promise.race([
        arrived,
        new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error("Bob's status did not stream")), NET_TIMEOUT)))
      ]).finally(() => clearTimeout(timer))
      assert.equal(status.account.id, bob.key)
    } finally {
      socket.stop()
    }
  })

  test('direct messages: refused without the grant; with it, a direct status reaches Bob and his answer is a conversation', async () => {
    // The app approved without the box reads and sends nothing private.
    assert.equal(await httpStatusOf((async () => await masto.v1.conversations.list())()), 403)
    assert.equal(await httpStatusOf(masto.v1.statuses.create({ status: `@${bob.key} psst`, visibility: 'direct' })), 403)

    const anonymous = createRestAPIClient({ url })
    const dmApp = await anonymous.v1.apps.create({ clientName: 'masto messages', redirectUris: OOB, scopes: 'read write' })
    const authorize = new URL('/oauth/authorize', url)
    for (const [k, v] of Object.entries({ response_type: 'code', client_id: dmApp.clientId!, redirect_uri: OOB, scope: 'read write' })) authorize.searchParams.set(k, v)
    await approve(authorize.href, 'masto messages', { messages: true })
    const code = (await page.locator('#code').textContent())?.trim() ?? ''
    const { accessToken } = await createOAuthAPIClient({ url }).token.create({
      grantType: 'authorization_code', clientId: dmApp.clientId!, clientSecret: dmApp.clientSecret!, redirectUri: OOB, code
    })
    const tokens = JSON.parse((await rstatus(['--data', path.join(tmp.dir, 'ann'), 'token', 'list', '--json'])).stdout) as Array<{ name: string; messages: boolean }>
    assert.deepEqual(tokens.filter((t) => t.messages).map((t) => t.name), ['masto messages'])
    const dm = createRestAPIClient({ url, accessToken })

    // Ann writes to Bob as a Mastodon client does: "@acct text", visibility direct. Until Ann holds Bob's
    // messaging key it is refused (422), and nothing is sent.
    const sent = await waitFor(async () => {
      try {
        return await dm.v1.statuses.create({ status: `@${bob.key} Hello Bob, privately`, visibility: 'direct' })
      } catch (err) {
        if (err instanceof MastoHttpError && err.statusCode === 422) return null
        throw err
      }
    }, { timeout: NET_TIMEOUT, interval: 1000, what: "Ann holding Bob's messaging key" })
    assert.equal(sent.visibility, 'direct')
    assert.equal(sent.content, '<p>Hello Bob, privately</p>')
    assert.deepEqual(sent.mentions.map((m) => m.id), [bob.key])
    assert.equal((await dm.v1.statuses.$select(sent.id).fetch()).content, '<p>Hello Bob, privately</p>')
    const home = await masto.v1.timelines.home.list({ limit: 40 })
    assert.equal(home.some((st) => st.content.includes('privately')), false, 'never published')

    // Bob gets it over the network and answers with the rstatus command.
    const bobs = await waitFor(async () => {
      const list = JSON.parse((await rstatus(['--data', bobData(), 'dm', 'list', '--json'])).stdout || '[]') as Array<{ id: string; last: { text: string } | null }>
      return list.find((c) => c.last?.text === 'Hello Bob, privately') ?? null
    }, { timeout: NET_TIMEOUT, interval: 1000, what: "Ann's message at Bob's" })
    assert.equal((await rstatus(['--data', bobData(), 'dm', 'send', bobs.id, '-'], { input: 'Hi Ann, got it' })).code, 0)

    const conversation = await waitFor(async () => {
      const list = await dm.v1.conversations.list()
      return list.find((c) => c.lastStatus?.content === '<p>Hi Ann, got it</p>') ?? null
    }, { timeout: NET_TIMEOUT, interval: 1000, what: "Bob's answer as Ann's conversation" })
    assert.equal(conversation.id, bobs.id)
    assert.equal(conversation.unread, true)
    assert.deepEqual(conversation.accounts.map((a) => [a.id, a.displayName]), [[bob.key, 'Bob Builder']])
    assert.equal(conversation.lastStatus?.account.id, bob.key)
    assert.equal(conversation.lastStatus?.visibility, 'direct')
    const raw = await request(ann.port, { path: '/api/v1/conversations?limit=1', headers: { authorization: `Bearer ${accessToken}` } })
    assert.match(String(raw.headers.link), new RegExp(`max_id=${conversation.lastStatus!.id}>; rel="next"`))

    // A reply to a direct status stays in its conversation; megalodon sees the same conversation.
    const answer = await dm.v1.statuses.create({ status: `@${bob.key} One more`, visibility: 'direct', inReplyToId: conversation.lastStatus!.id })
    assert.equal(answer.content, '<p>One more</p>')
    const viaMegalodon = await generator('mastodon', url, accessToken).getConversationTimeline({ limit: 5 })
    assert.deepEqual(viaMegalodon.data.map((c: Entity.Conversation) => [c.id, c.last_status?.content]), [[bobs.id, '<p>One more</p>']])

    const read = await dm.v1.conversations.$select(conversation.id).read()
    assert.equal(read.unread, false)
    await dm.v1.conversations.$select(conversation.id).remove()
    assert.deepEqual(await dm.v1.conversations.list(), [])
    // Removed from Mastodon apps' list only: rstatus keeps the conversation.
    const kept = JSON.parse((await rstatus(['--data', path.join(tmp.dir, 'ann'), 'dm', 'read', bobs.id, '--json'])).stdout) as Array<{ text: string }>
    assert.deepEqual(kept.map((m) => m.text), ['Hello Bob, privately', 'Hi Ann, got it', 'One more'])
  })

  test('the UI token is refused, a revoked token is refused, and /oauth/revoke works for its own app', async () => {
    const asUi = createRestAPIClient({ url, accessToken: ann.token })
    assert.equal(await httpStatusOf(asUi.v1.accounts.verifyCredentials()), 401)
    const cookie = await request(ann.port, { path: '/api/v1/accounts/verify_credentials', headers: { cookie: `rstatus_${ann.port}=${ann.token}` } })
    assert.equal(cookie.status, 401)
    // The JSON API still answers at /api/<method>, beside Mastodon's /api/v1/.
    const rpc = await request(ann.port, {
      method: 'POST', path: '/api/whoami', body: '{}',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }
    })
    assert.equal(rpc.status, 200)
    assert.equal(JSON.parse(rpc.body).key, ann.key)

    // Revoked with the rstatus command: refused at once.
    assert.equal((await rstatus(['--data', path.join(tmp.dir, 'ann'), 'token', 'revoke', 'megalodon test'])).code, 0)
    assert.equal(await httpStatusOf(megalodon.verifyAccountCredentials()), 401)

    // Revoked by the app itself, through OAuth's revoke.
    await createOAuthAPIClient({ url }).revoke({ clientId: app.clientId!, clientSecret: app.clientSecret!, token })
    assert.equal(await httpStatusOf(masto.v1.accounts.verifyCredentials()), 401)
    const list = JSON.parse((await rstatus(['--data', path.join(tmp.dir, 'ann'), 'token', 'list', '--json'])).stdout) as Array<{ name: string }>
    assert.deepEqual(list.filter((t) => /test/.test(t.name)), [])
  })
})
