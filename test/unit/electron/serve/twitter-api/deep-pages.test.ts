// A Twitter client paging far back (max_id) must cost what the first page costs: the door reads about one
// engine page and numbers only what it returns, however deep the page is. Counted, not timed: the statuses
// the door reads from a real engine's views, and the statuses it gives Twitter ids to.
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
import { tmpDir } from '../../../../helpers/tmp.js'

const FEEDS = 5
const PER_FEED = 1000
const TOTAL = FEEDS * PER_FEED

describe('deep pages of the Twitter subset', () => {
  const tmp = tmpDir('rstatus-deep-pages-')
  let engine: Engine
  let twitterIds: TwitterIds
  let door: TwitterDoor
  let base = 0
  const work = { read: 0, numbered: 0 }

  before(async () => {
    engine = new Engine({ dataDir: path.join(tmp.dir, 'data') })
    await engine.ready()
    const followed = Array.from({ length: FEEDS }, () => ids.encode(HyperDHT.keyPair().publicKey))
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
        if (method === 'timeline') work.read += (result as { items: unknown[] }).items.length
        return result
      },
      on: (event, listener) => engine.api.on(event, listener)
    }
    door = new TwitterDoor(counted, twitterIds, () => {})
  })
  after(async () => {
    await twitterIds?.close()
    await engine?.close()
    tmp.cleanup()
  })

  async function page(params: Record<string, string>) {
    work.read = 0
    work.numbered = 0
    const answer = await door.handle({ method: 'GET', path: 'statuses/home_timeline.json', params: new Map(Object.entries(params)), canWrite: false })
    assert.equal(answer.status, 200, JSON.stringify(answer.body))
    return { tweets: answer.body as Array<{ id_str: string; text: string }>, ...work }
  }

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
})
