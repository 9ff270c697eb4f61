// `rstatus identity export|import`: a backup file readable only by its owner, restored into an empty data
// directory, which refuses to post until it has fetched the feed back (test/integration/identity.test.ts
// covers that fetch over the network).
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { after, describe, test } from 'node:test'
import { tmpDir } from '../helpers/tmp.js'
import { oneLine, rstatus } from './cli-process.js'

describe('rstatus identity', () => {
  const tmp = tmpDir('rstatus-cli-identity-')
  after(() => tmp.cleanup())
  const original = path.join(tmp.dir, 'original')
  const restored = path.join(tmp.dir, 'restored')
  const backup = path.join(tmp.dir, 'me.rstatus-identity')

  test('whoami --json names this device\'s network key: a key of its own, the same on every run', async () => {
    const me = JSON.parse((await rstatus(['--data', original, 'whoami', '--json'])).stdout)
    assert.deepEqual(Object.keys(me).sort(), ['key', 'peer', 'uri'])
    assert.match(me.peer, /^[ybndrfg8ejkmcpqxot1uwisza345h769]{52}$/)
    assert.notEqual(me.peer, me.key)
    assert.equal(JSON.parse((await rstatus(['--data', original, 'whoami', '--json'])).stdout).peer, me.peer)
    const other = JSON.parse((await rstatus(['--data', path.join(tmp.dir, 'other'), 'whoami', '--json'])).stdout)
    assert.notEqual(other.peer, me.peer)
  })

  test('export writes a 0600 backup and warns about running two copies', async () => {
    const me = JSON.parse((await rstatus(['--data', original, 'whoami', '--json'])).stdout)
    const result = await rstatus(['--data', original, 'identity', 'export', backup])
    assert.equal(result.code, 0, result.stderr)
    assert.match(result.stdout, /Wrote your identity to/)
    assert.match(result.stderr, /one machine at a time/)
    assert.equal(fs.statSync(backup).mode & 0o777, 0o600)
    assert.equal(JSON.parse(fs.readFileSync(backup, 'utf8')).feed, me.key)
    assert.ok(!result.stdout.includes(JSON.parse(fs.readFileSync(backup, 'utf8')).primaryKey), 'the secret is not printed')

    const again = await rstatus(['--data', original, 'identity', 'export', backup])
    assert.equal(again.code, 2)
    assert.match(oneLine(again), /already exists/)
  })

  test('import restores the same key into an empty data directory, and posting waits for the network', async () => {
    const me = JSON.parse((await rstatus(['--data', original, 'whoami', '--json'])).stdout)
    const result = await rstatus(['--data', restored, 'identity', 'import', backup])
    assert.equal(result.code, 0, result.stderr)
    assert.match(result.stdout, new RegExp(`Restored identity ${me.key}`))
    const restoredMe = JSON.parse((await rstatus(['--data', restored, 'whoami', '--json'])).stdout)
    assert.equal(restoredMe.key, me.key)
    // The network key comes from the backed-up primary key: mirrors that trusted it keep trusting it
    assert.equal(restoredMe.peer, me.peer)

    const post = await rstatus(['--data', restored, 'post', 'too early'])
    assert.equal(post.code, 1)
    assert.match(oneLine(post), /restored from a backup/)

    const over = await rstatus(['--data', original, 'identity', 'import', backup])
    assert.equal(over.code, 2)
    assert.match(oneLine(over), /already holds an identity/)
  })

  test('bad input gets one line', async () => {
    const garbage = path.join(tmp.dir, 'garbage.json')
    fs.writeFileSync(garbage, '{"hello": "world"}')
    const cases: Array<[string[], RegExp]> = [
      [['identity', 'import', garbage], /not an rstatus identity backup/],
      [['identity', 'import', path.join(tmp.dir, 'missing.json')], /not an rstatus identity backup/],
      [['identity', 'frob', 'x'], /unknown identity command/],
      [['identity', 'export'], /identity export needs a file name|FILE/]
    ]
    for (const [args, pattern] of cases) {
      const result = await rstatus(['--data', path.join(tmp.dir, 'fresh'), ...args])
      assert.notEqual(result.code, 0)
      assert.match(oneLine(result), pattern)
      assert.ok(!/\n\s+at /.test(result.stderr), 'no stack trace')
    }
  })
})
