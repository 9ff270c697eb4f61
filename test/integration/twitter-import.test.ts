// Importing a Twitter/X archive built by the test in Twitter's own layout: original dates, the user's own
// reply chains as threads, photos (EXIF stripped), retweets left out, and a second import adding nothing.
// Through the Api (a path, then an upload) and through `rstatus import-twitter` as a process.
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import type { ImportProgress } from '../../shared/api/account.js'
import type { Api } from '../../shared/api/contract.js'
import type { StatusView } from '../../shared/api/shapes.js'
import { fromBase64, uploadBytes } from '../../shared/upload.js'
import { Engine } from '../../electron/engine/engine.js'
import { PHOTO_ONLY_TEXT } from '../../electron/engine/twitter-import/importer.js'
import { SECRET } from '../helpers/images.js'
import { tmpDir, waitFor } from '../helpers/tmp.js'
import { TWEETS, twitterArchiveZip } from '../helpers/twitter-archive.js'
import { rstatus } from './cli-process.js'

const date = (i: number) => Date.parse(TWEETS[i]!.date)

async function finished(api: Api, started: ImportProgress): Promise<ImportProgress> {
  return waitFor(async () => {
    const p = await api.call('importStatus', {})
    return p && p.id === started.id && p.state !== 'running' ? p : null
  }, { what: 'the import to finish' })
}

async function allStatuses(api: Api, key: string): Promise<StatusView[]> {
  return (await api.call('profileStatuses', { key, limit: 100 })).items
}

describe('importing a Twitter/X archive', () => {
  const tmp = tmpDir('rstatus-import-')
  const zipFile = path.join(tmp.dir, 'twitter-archive.zip')
  let zip: Uint8Array
  let engine: Engine

  before(async () => {
    zip = await twitterArchiveZip()
    fs.writeFileSync(zipFile, zip)
    engine = new Engine({ dataDir: path.join(tmp.dir, 'me') })
    await engine.ready()
  })
  after(async () => {
    await engine.close()
    tmp.cleanup()
  })

  it('turns tweets into statuses with their dates, threads and photos, with progress events', async () => {
    const events: ImportProgress[] = []
    const off = engine.api.on('importProgress', (p) => events.push(p))
    const started = await engine.api.call('importTwitter', { path: zipFile })
    assert.equal(started.total, 7)
    assert.equal(started.state, 'running')
    const done = await finished(engine.api, started)
    off()
    assert.equal(done.state, 'done', done.message ?? '')
    assert.deepEqual([done.done, done.added, done.skipped, done.images], [7, 6, 1, 3])
    assert.equal(events.at(-1)?.state, 'done', 'the last event says it is done')

    const statuses = await allStatuses(engine.api, engine.key)
    const byText = new Map(statuses.map((s) => [s.text, s]))
    assert.equal(statuses.length, 6)
    assert.equal(byText.has('RT @carol: their words'), false, 'the retweet is left out')

    const first = byText.get('Hello Twitter, this is a thread')!
    const second = byText.get('continuing my thread')!
    const third = byText.get('and the end of it & more')!
    assert.deepEqual([first.createdAt, second.createdAt, third.createdAt], [date(0), date(1), date(2)])
    assert.equal(second.replyTo, first.uri)
    assert.equal(third.replyTo, second.uri)
    assert.equal(third.root, first.uri)
    const thread = await engine.api.call('thread', { uri: third.uri })
    assert.equal(thread.root?.uri, first.uri)
    assert.deepEqual(thread.replies.map((r) => r.text), ['continuing my thread', 'and the end of it & more'])

    const notMine = byText.get('@bob agreed')!
    assert.equal(notMine.replyTo, undefined, 'a reply to someone else’s tweet is a plain status')

    const garden = byText.get('My garden')!
    assert.equal(garden.createdAt, date(3))
    assert.equal(garden.attachments?.length, 1)
    const a = garden.attachments![0]!
    assert.deepEqual([a.width, a.height, a.mime], [300, 200, 'image/jpeg'])
    const { data } = await engine.api.call('blob', { feed: engine.key, blobs: a.blobs, blob: a.blob })
    assert.equal(Buffer.from(fromBase64(data)).includes(SECRET), false, 'the photo’s EXIF is gone')
    assert.equal(byText.get(PHOTO_ONLY_TEXT)?.attachments?.length, 2, 'a photo-only tweet keeps both photos')

    const timeline = await engine.api.call('timeline', { limit: 10 })
    assert.deepEqual(timeline.items.map((s) => s.createdAt), [date(6), date(4), date(3), date(2), date(1), date(0)], 'newest first by original date')
  })

  it('adds nothing twice when the same archive comes again as an upload', async () => {
    const upload = await uploadBytes(engine.api, zip)
    const started = await engine.api.call('importTwitter', { upload })
    const done = await finished(engine.api, started)
    assert.equal(done.state, 'done')
    assert.deepEqual([done.added, done.skipped, done.images], [0, 7, 0])
    assert.equal((await allStatuses(engine.api, engine.key)).length, 6)
  })

  it('refuses a zip that is not a Twitter archive, in one line', async () => {
    const other = path.join(tmp.dir, 'other.zip')
    fs.writeFileSync(other, (await import('fflate')).zipSync({ 'notes.txt': new TextEncoder().encode('hi') }))
    await assert.rejects(engine.api.call('importTwitter', { path: other }), /not a Twitter\/X archive/)
    fs.writeFileSync(other, 'not a zip')
    await assert.rejects(engine.api.call('importTwitter', { path: other }), /not a zip archive/)
  })

  it('rstatus import-twitter ZIP prints progress and imports once', async () => {
    const data = path.join(tmp.dir, 'cli')
    const first = await rstatus(['--data', data, 'import-twitter', zipFile])
    assert.equal(first.code, 0, first.stderr)
    assert.match(first.stderr, /^importing 7 tweets from /m)
    assert.match(first.stderr, /^importing: 7\/7 tweets \(100%\), 6 added, 1 skipped, 3 photos$/m)
    assert.match(first.stdout, /^Imported 6 tweets with 3 photos; 1 skipped \(retweets/m)

    const timeline = await rstatus(['--data', data, 'timeline', '--json'])
    const items = JSON.parse(timeline.stdout) as Array<{ text: string; createdAt: number }>
    assert.equal(items.length, 6)
    assert.equal(items.at(-1)?.createdAt, date(0))

    const again = await rstatus(['--data', data, 'import-twitter', zipFile])
    assert.equal(again.code, 0, again.stderr)
    assert.match(again.stdout, /^Imported 0 tweets with 0 photos; 7 skipped/m)

    const missing = await rstatus(['--data', data, 'import-twitter', path.join(tmp.dir, 'nope.zip')])
    assert.equal(missing.code, 1)
    assert.match(missing.stderr, /^rstatus: cannot find .*nope\.zip\n$/)
  })
})
