// A client paging far back (max_id) must cost what the first page costs: the door reads about one engine
// page and numbers only what it returns, however deep the page is, on the Twitter subset and on the Mastodon
// API, in the home timeline and in one author's statuses. Counted, not timed: the statuses the door reads
// from a real engine's views, and the statuses it gives ids to.
import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import path from 'node:path'
import HyperDHT from 'hyperdht'
import ids from 'hypercore-id-encoding'
import type { Api } from '../../../../../shared/api/contract.js'
import { encodeRecord, headerRecord } from '../../../../../shared/protocol/encode.js'
import { Engine } from '../../../../../electron/engine/engine.js'
import { TwitterDoor } from '../../../../../electron/serve/twitter-api/door.js'
import { IDS_PER_MS, TwitterIds } from '../../../../../electron/serve/twitter-api/ids.js'
import { Continuations } from '../../../../../electron/serve/twitter-api/timeline.js'
import { accountRoutes } from '../../../../../electron/serve/mastodon-api/accounts.js'
import { EntityBuilder } from '../../../../../electron/serve/mastodon-api/entities.js'
import { MediaUrls } from '../../../../../electron/serve/mastodon-api/media.js'
import { MastodonParams } from '../../../../../electron/serve/mastodon-api/params.js'
import { makeLinks, type Door, type Route } from '../../../../../electron/serve/mastodon-api/router.js'
import { timelineRoutes } from '../../../../../electron/serve/mastodon-api/timeline-routes.js'
import { tmpDir } from '../../../../helpers/tmp.js'

const FEEDS = 5
const PER_FEED = 1000
const TOTAL = FEEDS * PER_FEED

/** The timelines a page of statuses is read from, counted. */
const PAGED = new Set(['timeline', 'profileStatuses'])

describe('deep pages of the Twitter subset and the Mastodon API', () => {
  const tmp = tmpDir('rstatus-deep-pages-')
  let engine: Engine
  let twitterIds: TwitterIds
  let door: TwitterDoor
  let mastodonRoutes: Route[]
  let followed: string[] = []
  let base = 0
  const work = { read: 0, numbered: 0 }

  before(async () => {
    engine = new Engine({ dataDir: path.join(tmp.dir, 'data') })
    await engine.ready()
    followed = Array.from({ length: FEEDS }, () => ids.encode(HyperDHT.keyPair().publicKey))
    for (const feed of followed) await engine.writer.append({ type: 'follow', feed })
    await engine.writer.settled()
    // statuses one second apart, interleaved across the feeds, all in the past
    base = Date.now() - (TOTAL + 10) * 1000
    for (const [f, feed] of followed.entries()) {
      const blocks = [encodeRecord(headerRecord())]
      for (let j = 0; j < PER_FEED; j++) blocks.push(encodeRecord({ type: 'status', text: `status ${j} of feed ${f}`, createdAt: base + (j * FEEDS + f) * 1000 }))
      await engine.views.index(feed, 0, blocks)
    }
    twitterIds = await TwitterIds.open(path.join(tmp.dir, 'twitter-ids'))
    const statusIds = twitterIds.statusIds.bind(twitterIds)
    twitterIds.statusIds = (refs) => {
      work.numbered += refs.length
      return statusIds(refs)
    }
    const counted: Api = {
      async call(method, params) {
        const result = await engine.api.call(method, params)
        if (PAGED.has(method)) work.read += (result as { items: unknown[] }).items.length
        return result
      },
      on: (event, listener) => engine.api.on(event, listener)
    }
    door = new TwitterDoor(counted, twitterIds, () => {})
    // The Mastodon door's own routes over the same counted engine and ids (no HTTP, no token: the paging is
    // what is counted here; test/integration/mastodon-door.test.ts drives the door through real clients).
    const links = makeLinks('http://127.0.0.1:7420', new MediaUrls(Buffer.alloc(32)))
    const mastodon = {
      api: counted,
      ids: twitterIds,
      continuations: new Continuations(),
      builder: () => new EntityBuilder(counted, twitterIds, links)
    } as Partial<Door> as Door
    mastodonRoutes = [...timelineRoutes(mastodon), ...accountRoutes(mastodon)]
  })
  after(async () => {
    await twitterIds?.close()
    await engine?.close()
    tmp.cleanup()
  })

  async function page(params: Record<string, string>, path = 'statuses/home_timeline.json') {
    work.read = 0
    work.numbered = 0
    const answer = await door.handle({ method: 'GET', path, params: new Map(Object.entries(params)), canWrite: false })
    assert.equal(answer.status, 200, JSON.stringify(answer.body))
    return { tweets: answer.body as Array<{ id_str: string; text: string }>, ...work }
  }

  async function mastodonPage(path: string, params: Record<string, string>) {
    work.read = 0
    work.numbered = 0
    const url = new URL(`http://127.0.0.1:7420${path}?${new URLSearchParams(params)}`)
    const route = mastodonRoutes.find((r) => r.method === 'GET' && r.pattern.test(url.pathname))
    assert.ok(route, `no route for ${path}`)
    const match = [...url.pathname.match(route.pattern)!]
    const answer = await route.handle({ params: new MastodonParams(new Map(url.searchParams)), url, grant: null, method: 'GET', headers: {}, match })
    assert.equal(answer.status ?? 200, 200, JSON.stringify(answer.body))
    return { statuses: answer.body as Array<{ id: string; content: string }>, ...work }
  }

  /** The largest id of the statuses placed at `ms`. */
  const lastIdAt = (ms: number) => BigInt(ms) * BigInt(IDS_PER_MS) + BigInt(IDS_PER_MS - 1)

  test('the first page reads one engine page and numbers what it returns', async () => {
    const first = await page({ count: '200' })
    assert.equal(first.tweets.length, 200)
    assert.ok(first.read <= 200, `read ${first.read}`)
    assert.ok(first.numbered <= 2 * 200, `numbered ${first.numbered}`)
  })

  test(`max_id=1 over ${TOTAL} statuses reads at most one engine page and numbers nothing`, async () => {
    const deepest = await page({ max_id: '1', count: '200' })
    assert.deepEqual(deepest.tweets, [])
    assert.ok(deepest.read <= 200, `read ${deepest.read} of ${TOTAL}`)
    assert.equal(deepest.numbered, 0)
  })

  test('a page from the middle reads about one engine page, and holds exactly the statuses at or below max_id', async () => {
    // status k (0-based, oldest first) is at base + k s; ask for ids up to the end of status 2,499's millisecond
    const middleMs = base + 2499 * 1000
    const maxId = BigInt(middleMs) * BigInt(IDS_PER_MS) + BigInt(IDS_PER_MS - 1)
    const middle = await page({ max_id: String(maxId), count: '200' })
    assert.equal(middle.tweets.length, 200)
    assert.ok(middle.read <= 2 * 200, `read ${middle.read} of ${TOTAL}`)
    assert.ok(middle.numbered <= 2 * 200, `numbered ${middle.numbered}`)
    // the newest status at or below max_id is status 2,499: feed 4, its status 499
    assert.equal(middle.tweets[0]!.text, 'status 499 of feed 4')
    assert.ok(middle.tweets.every((t) => BigInt(t.id_str) <= maxId))
    const next = await page({ max_id: String(BigInt(middle.tweets.at(-1)!.id_str) - 1n), count: '5' })
    assert.equal(next.tweets[0]!.text, 'status 459 of feed 4')
    assert.ok(next.read <= 200, `read ${next.read}`)
  })

  test(`Mastodon home: max_id=1 over ${TOTAL} statuses reads at most one engine page and numbers nothing`, async () => {
    const deepest = await mastodonPage('/api/v1/timelines/home', { max_id: '1', limit: '40' })
    assert.deepEqual(deepest.statuses, [])
    assert.ok(deepest.read <= 200, `read ${deepest.read} of ${TOTAL}`)
    assert.equal(deepest.numbered, 0)
  })

  test('Mastodon home: a page from the middle reads about one engine page, and holds what is older than max_id', async () => {
    // max_id is exclusive on Mastodon: below the ids of status 2,500 (feed 0, its status 500), at base + 2500 s
    const maxId = BigInt(base + 2500 * 1000) * BigInt(IDS_PER_MS)
    const middle = await mastodonPage('/api/v1/timelines/home', { max_id: String(maxId), limit: '40' })
    assert.equal(middle.statuses.length, 40)
    assert.ok(middle.read <= 2 * 200, `read ${middle.read} of ${TOTAL}`)
    assert.ok(middle.numbered <= 2 * 200, `numbered ${middle.numbered}`)
    assert.match(middle.statuses[0]!.content, /status 499 of feed 4/)
    assert.ok(middle.statuses.every((st) => BigInt(st.id) < maxId))
  })

  test('an author\'s statuses far back read about one engine page: user_timeline and Mastodon account statuses', async () => {
    const feed = followed[0]!
    const deepest = await page({ screen_name: feed, max_id: '1', count: '200' }, 'statuses/user_timeline.json')
    assert.deepEqual(deepest.tweets, [])
    assert.ok(deepest.read <= 200, `user_timeline read ${deepest.read} of ${PER_FEED}`)
    assert.equal(deepest.numbered, 0)

    // feed 0's status j is at base + j × 5 s: ask for its status 300 and older
    const maxId = lastIdAt(base + 300 * FEEDS * 1000)
    const middle = await page({ screen_name: feed, max_id: String(maxId), count: '20' }, 'statuses/user_timeline.json')
    assert.equal(middle.tweets[0]!.text, 'status 300 of feed 0')
    assert.ok(middle.read <= 200, `user_timeline read ${middle.read} of ${PER_FEED}`)

    const account = await mastodonPage(`/api/v1/accounts/${feed}/statuses`, { max_id: '1', limit: '40' })
    assert.deepEqual(account.statuses, [])
    assert.ok(account.read <= 200, `account statuses read ${account.read} of ${PER_FEED}`)
    assert.equal(account.numbered, 0)
  })
})
