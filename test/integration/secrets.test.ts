// Secrets never reach a terminal or a log: the identity's primary key and the feed's secret key appear in
// nothing any command prints (with RSTATUS_DEBUG=1, which prints the most; a backup holds the key in its file
// only), and serve's access token appears exactly once: in the one line that gives its URL.
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import ids from 'hypercore-id-encoding'
import { after, before, describe, it } from 'node:test'
import Corestore from 'corestore'
import { Engine } from '../../electron/engine/engine.js'
import { OWN_FEED_NAME } from '../../electron/engine/writer/own-feed.js'
import { startTestnet, type LocalTestnet } from '../helpers/testnet.js'
import { tmpDir } from '../helpers/tmp.js'
import { CLI, cliEnv, rstatus, type CliResult } from './cli-process.js'

const DEBUG = { RSTATUS_DEBUG: '1' }

interface Served {
  url: string
  token: string
  stop(): Promise<{ stdout: string; stderr: string }>
}

/** `rstatus serve`, keeping everything it prints, to the last byte. */
async function serve(args: string[]): Promise<Served> {
  const child = spawn(process.execPath, [CLI, ...args, 'serve', '--port', '0'], { env: cliEnv(DEBUG), stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c))
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.setEncoding('utf8').on('data', (c: string) => {
      stdout += c
      const m = /^rstatus is running at (\S+)$/m.exec(stdout)
      if (m && /^your key: /m.test(stdout)) resolve(m[1] as string)
    })
    void exited.then(() => reject(new Error(`serve exited early: ${stderr}`)))
  })
  return {
    url,
    token: new URL(url).searchParams.get('token') ?? '',
    async stop() {
      child.kill('SIGTERM')
      await exited
      return { stdout, stderr }
    }
  }
}

function get(url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    http.get(url, { headers }, (res) => {
      res.resume()
      res.on('end', () => resolve(res.statusCode ?? 0))
    }).on('error', reject)
  })
}

/** Every way a 32- or 64-byte secret could be written out. */
function spellings(secret: Buffer): string[] {
  return [secret.toString('hex'), secret.toString('base64'), secret.toString('base64url'), ids.encode(secret.subarray(0, 32))]
}

describe('secrets in what the CLI prints', () => {
  let testnet: LocalTestnet
  const tmp = tmpDir('rstatus-secrets-')
  const me = path.join(tmp.dir, 'me')
  const friend = path.join(tmp.dir, 'friend')
  let net: string[]

  before(async () => {
    testnet = await startTestnet()
    net = ['--bootstrap', testnet.bootstrap, '--host', '127.0.0.1']
  })
  after(async () => {
    await testnet.close()
    tmp.cleanup()
  })

  it('no command prints the primary key or the secret key, and the token shows once, in the URL line', async () => {
    const printed: Array<{ what: string; out: string }> = []
    const run = async (args: string[]): Promise<CliResult> => {
      const r = await rstatus(args, { env: DEBUG })
      printed.push({ what: args.join(' '), out: r.stdout + r.stderr })
      return r
    }

    assert.equal((await run(['--data', me, 'whoami'])).code, 0)
    const key = JSON.parse((await run(['--data', me, 'whoami', '--json'])).stdout).key as string
    assert.equal((await run(['--data', me, 'profile', '--name', 'Secretive'])).code, 0)
    const posted = await run(['--data', me, 'post', 'hello #world'])
    assert.equal(posted.code, 0, posted.stderr)
    assert.equal((await run(['--data', me, 'like', posted.stdout.trim()])).code, 0)
    await run(['--data', me, 'timeline'])
    await run(['--data', me, 'timeline', '--json'])
    await run(['--data', me, 'following', '--json'])
    assert.equal((await run(['--data', me, 'check'])).code, 0)
    assert.equal((await run(['--data', me, 'reindex'])).code, 0)
    // Failures print the most under RSTATUS_DEBUG: bad input, and a sync that cannot finish.
    assert.equal((await run(['--data', me, 'post', ''])).code, 2)
    assert.equal((await run(['--data', me, 'follow', 'not-a-key'])).code, 2)
    assert.equal((await run(['--data', friend, ...net, 'follow', key])).code, 0)
    assert.equal((await run(['--data', friend, ...net, 'sync', '--timeout', '1'])).code, 1)

    // Online: serve my feed, route commands through it, let the friend sync from it, knock without the token.
    const served = await serve(['--data', me, ...net])
    const routed = await run(['--data', me, 'post', 'through serve'])
    assert.equal(routed.code, 0, routed.stderr)
    await run(['--data', me, 'timeline', '--json'])
    const synced = await run(['--data', friend, ...net, 'sync', '--timeout', '30'])
    assert.equal(synced.code, 0, synced.stderr)
    const origin = new URL(served.url).origin
    assert.equal(await get(`${origin}/`), 401)
    assert.equal(await get(`${origin}/?token=${'A'.repeat(43)}`), 401)
    assert.equal(await get(`${origin}/api/whoami`, { Authorization: 'Bearer wrong' }), 401)
    const serveOutput = await served.stop()
    printed.push({ what: 'serve', out: serveOutput.stdout + serveOutput.stderr })

    // A backup holds the key, in its file only: not in what the commands print.
    const backup = path.join(tmp.dir, 'identity.json')
    const exported = await run(['--data', me, 'identity', 'export', backup])
    assert.equal(exported.code, 0, exported.stderr)
    assert.equal(fs.statSync(backup).mode & 0o777, 0o600)
    const restored = await run(['--data', path.join(tmp.dir, 'restored'), 'identity', 'import', backup])
    assert.equal(restored.code, 0, restored.stderr)

    // The secrets, read from the store the commands above created.
    const engine = new Engine({ dataDir: me })
    await engine.ready()
    const primaryKey = Buffer.from((await engine.api.call('exportIdentity', {})).primaryKey, 'hex')
    assert.equal(engine.key, key)
    await engine.close()
    const store = new Corestore(path.join(me, 'store'))
    const feed = store.get({ name: OWN_FEED_NAME })
    await feed.ready()
    const secretKey = (feed as unknown as { keyPair: { secretKey: Buffer } }).keyPair.secretKey
    await store.close()
    assert.equal(primaryKey.length, 32)
    assert.equal(secretKey.length, 64)
    assert.ok(fs.readFileSync(backup, 'utf8').includes(primaryKey.toString('hex')), 'the search below looks for the right thing')

    // The secret key's second half is the public key; its first half is the secret.
    const secrets = [...spellings(primaryKey), ...spellings(secretKey), ...spellings(secretKey.subarray(0, 32))]
    for (const { what, out } of printed) {
      for (const secret of secrets) assert.ok(!out.includes(secret), `"${what}" printed a secret`)
    }

    const withToken = printed.flatMap(({ what, out }) => out.split('\n').filter((l) => l.includes(served.token)).map((l) => ({ what, l })))
    assert.deepEqual(withToken, [{ what: 'serve', l: `rstatus is running at ${served.url}` }])
  })
})
