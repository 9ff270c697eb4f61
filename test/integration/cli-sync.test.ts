import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import path from 'node:path'
import ids from 'hypercore-id-encoding'
import { randomBytes } from 'node:crypto'
import { startStockWriter } from '../helpers/stock-writer.js'
import { startTestnet, type LocalTestnet } from '../helpers/testnet.js'
import { tmpDir } from '../helpers/tmp.js'
import { oneLine, rstatus, startServe } from './cli-process.js'

const HEADER = JSON.stringify({ type: 'header', protocol: 'rstatus', version: 1 })
const status = (text: string, extra: Record<string, unknown> = {}) => JSON.stringify({ type: 'status', text, createdAt: Date.now(), ...extra })

describe('rstatus sync between two peers on a local DHT', () => {
  const tmp = tmpDir('rstatus-cli-sync-')
  let testnet: LocalTestnet
  let net: string[]

  before(async () => {
    testnet = await startTestnet()
    net = ['--bootstrap', testnet.bootstrap, '--host', '127.0.0.1']
  })
  after(async () => {
    await testnet.close()
    tmp.cleanup()
  })

  test('A posts and serves, B follows A and syncs, then reads A offline', async (t) => {
    const a = path.join(tmp.dir, 'a')
    const b = path.join(tmp.dir, 'b')
    const posted = await rstatus(['--data', a, 'post', 'hello from A'])
    assert.equal(posted.code, 0, posted.stderr)
    const aKey = JSON.parse((await rstatus(['--data', a, 'whoami', '--json'])).stdout).key as string

    const followed = await rstatus(['--data', b, ...net, 'follow', aKey])
    assert.equal(followed.code, 0, followed.stderr)

    const serve = await startServe(['--data', a, ...net])
    t.after(() => serve.stop())
    assert.equal(serve.key, aKey)

    const sync = await rstatus(['--data', b, ...net, 'sync', '--timeout', '30'])
    assert.equal(sync.code, 0, sync.stderr)
    assert.match(sync.stdout, /up to date/)

    assert.equal(await serve.stop(), 0)
    // B reads from its own copy: A is gone and B does not go online for this
    const timeline = await rstatus(['--data', b, 'timeline', '--json'])
    assert.equal(timeline.code, 0, timeline.stderr)
    const items = JSON.parse(timeline.stdout) as Array<{ feed: string; text: string; uri: string }>
    const fromA = items.find((s) => s.feed === aKey)
    assert.equal(fromA?.text, 'hello from A')
    assert.equal(fromA?.uri, posted.stdout.trim())
  })

  test('a followed feed no peer serves: exit 1 at the timeout, naming it', async () => {
    const c = path.join(tmp.dir, 'c')
    const nobody = ids.encode(randomBytes(32))
    assert.equal((await rstatus(['--data', c, ...net, 'follow', nobody])).code, 0)
    const sync = await rstatus(['--data', c, ...net, 'sync', '--timeout', '2'])
    assert.equal(sync.code, 1)
    assert.equal(oneLine(sync), `rstatus: not caught up after 2s: ${nobody}`)
  })

  test('sync through a running serve: B serves, and sync on the data directory of B waits on it', async (t) => {
    const a = path.join(tmp.dir, 'a2')
    const b = path.join(tmp.dir, 'b2')
    await rstatus(['--data', a, 'post', 'A again'])
    const aKey = JSON.parse((await rstatus(['--data', a, 'whoami', '--json'])).stdout).key as string
    assert.equal((await rstatus(['--data', b, 'follow', aKey])).code, 0)
    const serveA = await startServe(['--data', a, ...net])
    t.after(() => serveA.stop())
    const serveB = await startServe(['--data', b, ...net])
    t.after(() => serveB.stop())

    const sync = await rstatus(['--data', b, 'sync', '--timeout', '30'])
    assert.equal(sync.code, 0, sync.stderr)
    const items = JSON.parse((await rstatus(['--data', b, 'timeline', '--json'])).stdout) as Array<{ feed: string; text: string }>
    assert.equal(items.find((s) => s.feed === aKey)?.text, 'A again')
  })
  test('a feed past RSTATUS_MAX_FEED_MB: sync fetches and indexes what fits, then says it stopped at the cap', async (t) => {
    const MiB = 1024 * 1024
    // Blocks of about 16 KB (a status with an unknown field, which readers ignore), 23 MiB in all.
    const lines = [HEADER, ...Array.from({ length: 1500 }, (_, i) => status(`big ${i + 1}`, { pad: 'x'.repeat(16_000) }))]
    let bytes = 0
    const fits = lines.findIndex((l) => (bytes += Buffer.byteLength(l)) > 20 * MiB)
    assert.ok(fits > 1000 && fits < lines.length)
    const writer = await startStockWriter({ dataDir: path.join(tmp.dir, 'big-writer'), bootstrap: testnet.bootstrap, lines })
    t.after(() => writer.stop())

    const reader = path.join(tmp.dir, 'capped-reader')
    assert.equal((await rstatus(['--data', reader, 'follow', writer.key])).code, 0)
    const sync = await rstatus(['--data', reader, ...net, 'sync', '--timeout', '120'], { env: { RSTATUS_MAX_FEED_MB: '20' }, timeout: 150_000 })
    assert.equal(sync.code, 0, sync.stderr)
    assert.equal(sync.stderr, '')
    assert.equal(
      sync.stdout,
      `${writer.key} stopped at the size cap: the first ${fits} of its ${lines.length} blocks are fetched and indexed (RSTATUS_MAX_FEED_MB sets the cap)\n`
    )
    const held = JSON.parse((await rstatus(['--data', reader, 'timeline', '--json', '--limit', '5000'])).stdout) as Array<{ text: string }>
    assert.equal(held.length, fits - 1, 'every status that fits is indexed, and no other')
  })

  test('a forked feed: sync says so in one line, with what is held and indexed, never the library\'s own line', async (t) => {
    const history = [HEADER, status('shared history')]
    const one = path.join(tmp.dir, 'machine-1')
    const two = path.join(tmp.dir, 'machine-2')
    const w1 = await startStockWriter({ dataDir: one, bootstrap: testnet.bootstrap, lines: history })
    const reader = path.join(tmp.dir, 'fork-reader')
    assert.equal((await rstatus(['--data', reader, 'follow', w1.key])).code, 0)
    assert.equal((await rstatus(['--data', reader, ...net, 'sync', '--timeout', '30'])).code, 0)
    await w1.stop()

    // The same identity on a second machine, both writing on: two histories signed by one key.
    const w2 = await startStockWriter({ dataDir: two, bootstrap: testnet.bootstrap, lines: history, primaryKey: w1.primaryKey, offline: true })
    await w2.stop()
    const again = await startStockWriter({ dataDir: one, bootstrap: testnet.bootstrap })
    await again.append([status('written on machine 1')])
    const caughtUp = await rstatus(['--data', reader, ...net, 'sync', '--timeout', '30'])
    assert.equal(caughtUp.stdout, 'All 1 followed feed is up to date.\n', caughtUp.stderr)
    await again.stop()
    const other = await startStockWriter({ dataDir: two, bootstrap: testnet.bootstrap })
    t.after(() => other.stop())
    await other.append([status('written on machine 2'), status('and more on machine 2')])

    const sync = await rstatus(['--data', reader, ...net, 'sync', '--timeout', '60'], { timeout: 90_000 })
    assert.equal(sync.code, 0, sync.stderr)
    assert.equal(sync.stderr, '')
    assert.equal(sync.stdout, `${w1.key} was forked by its author: frozen at the 3 blocks held, 3 of them indexed\n`)
    const texts = (JSON.parse((await rstatus(['--data', reader, 'timeline', '--json'])).stdout) as Array<{ text: string }>).map((s) => s.text)
    assert.deepEqual(texts, ['written on machine 1', 'shared history'])
    // Frozen for good: the next sync says the same, without going back to the other history.
    const next = await rstatus(['--data', reader, ...net, 'sync', '--timeout', '30'])
    assert.equal(next.stdout, sync.stdout)
    // serve says it once in its log.
    const serving = await startServe(['--data', reader, ...net], { serveArgs: ['--no-ui'] })
    await serving.stop()
    assert.equal(serving.stderr(), `rstatus: ${sync.stdout}`)
  })
})
