import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import path from 'node:path'
import ids from 'hypercore-id-encoding'
import { randomBytes } from 'node:crypto'
import { startTestnet, type LocalTestnet } from '../helpers/testnet.js'
import { tmpDir } from '../helpers/tmp.js'
import { oneLine, rstatus, startServe } from './cli-process.js'

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
})
