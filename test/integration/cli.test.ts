import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { tmpDir } from '../helpers/tmp.js'
import { spawnPeer } from '../helpers/peer.js'
import { oneLine, rstatus } from './cli-process.js'

const Z32 = '[ybndrfg8ejkmcpqxot1uwisza345h769]{52}'

interface StatusJson {
  feed: string
  seq: number
  type: string
  text: string
  createdAt: number
  uri: string
}

describe('the rstatus command, end to end', () => {
  const tmp = tmpDir('rstatus-cli-')
  const data = path.join(tmp.dir, 'me')
  const other = path.join(tmp.dir, 'other')
  let key = ''
  let otherKey = ''
  const cli = (...args: string[]) => rstatus(['--data', data, ...args])

  before(async () => {
    const me = await cli('whoami', '--json')
    assert.equal(me.code, 0, me.stderr)
    key = JSON.parse(me.stdout).key
    const them = await rstatus(['--data', other, 'whoami', '--json'])
    otherKey = JSON.parse(them.stdout).key
  })
  after(() => tmp.cleanup())

  test('whoami --json prints exactly {"key","uri","peer"}, and the identity persists', async () => {
    const r = await cli('whoami', '--json')
    assert.equal(r.code, 0)
    assert.match(r.stdout, new RegExp(`^\\{"key":"(${Z32})","uri":"rstatus://\\1","peer":"${Z32}"\\}\\n$`))
    assert.equal(JSON.parse(r.stdout).key, key)
    assert.equal(r.stderr, '')
    assert.equal(fs.statSync(data).mode & 0o777, 0o700)
  })

  test('RSTATUS_DATA works in place of --data', async () => {
    const r = await rstatus(['whoami', '--json'], { env: { RSTATUS_DATA: data } })
    assert.equal(JSON.parse(r.stdout).key, key)
  })

  test('whoami without --json is readable and shows the key', async () => {
    const r = await cli('whoami')
    assert.equal(r.code, 0)
    assert.match(r.stdout, new RegExp(`key  ${key}`))
    assert.match(r.stdout, new RegExp(`uri  rstatus://${key}`))
  })

  test('post prints the status URI; timeline --json shows it, newest first', async () => {
    const first = await cli('post', 'first status #hello')
    assert.equal(first.code, 0, first.stderr)
    assert.match(first.stdout, new RegExp(`^rstatus://${key}/\\d+\\n$`))
    const second = await cli('post', '<b>second</b> \u2067')
    assert.equal(second.code, 0, second.stderr)
    // A raw control character is not part of the feed format: refused in one line, nothing written.
    const refused = await cli('post', 'colour \u001b[31m')
    assert.equal(refused.code, 2, refused.stderr)
    assert.match(refused.stderr, /^rstatus: the status holds the control character U\+001B \(only tab and line breaks are allowed\)\n$/)
    const r = await cli('timeline', '--json')
    assert.equal(r.code, 0, r.stderr)
    const items = JSON.parse(r.stdout) as StatusJson[]
    const texts = items.map((s) => s.text)
    assert.deepEqual(texts.slice(0, 2), ['<b>second</b> \u2067', 'first status #hello'])
    const s = items[1]!
    assert.equal(s.feed, key)
    assert.equal(s.type, 'status')
    assert.equal(`rstatus://${s.feed}/${s.seq}`, first.stdout.trim())
    assert.ok(Number.isSafeInteger(s.createdAt) && Math.abs(Date.now() - s.createdAt) < 10 * 60_000)
    const one = JSON.parse((await cli('timeline', '--limit', '1', '--json')).stdout) as StatusJson[]
    assert.deepEqual(one.map((x) => x.text), ['<b>second</b> \u2067'])
    // the human timeline shows the text inert: no bidi isolate reaches the terminal
    const human = await cli('timeline')
    assert.match(human.stdout, /first status #hello/)
    assert.doesNotMatch(human.stdout, /\u2067/)
  })

  test('reply, like, repost and delete', async () => {
    const root = (await cli('post', 'a root')).stdout.trim()
    const reply = await cli('reply', root, 'a reply')
    assert.equal(reply.code, 0, reply.stderr)
    assert.match(reply.stdout, new RegExp(`^rstatus://${key}/\\d+\\n$`))
    assert.equal((await cli('like', root)).code, 0)
    assert.equal((await cli('repost', root)).code, 0)
    let items = JSON.parse((await cli('timeline', '--json')).stdout) as Array<StatusJson & { counts: { likes: number; replies: number } }>
    const rootView = items.find((s) => s.uri === root)
    assert.equal(rootView?.counts.likes, 1)
    assert.equal(rootView?.counts.replies, 1)
    const del = await cli('delete', reply.stdout.trim())
    assert.equal(del.code, 0, del.stderr)
    assert.equal(del.stdout, `deleted ${reply.stdout.trim()}\n`)
    items = JSON.parse((await cli('timeline', '--json')).stdout)
    assert.equal(items.some((s) => s.uri === reply.stdout.trim()), false)
  })

  test('profile: set name and bio, then show them', async () => {
    const set = await cli('profile', '--name', 'Ada', '--bio', 'counts things')
    assert.equal(set.code, 0, set.stderr)
    assert.match(set.stdout, /name +Ada/)
    const show = await cli('profile')
    assert.match(show.stdout, /name +Ada/)
    assert.match(show.stdout, /bio +counts things/)
    assert.match(show.stdout, new RegExp(`key +${key}`))
  })

  test('follow, following --json and unfollow, by key and by link', async () => {
    const f = await cli('follow', `rstatus://${otherKey}`)
    assert.equal(f.code, 0, f.stderr)
    assert.match(f.stdout, new RegExp(`^following ${otherKey}`))
    let list = JSON.parse((await cli('following', '--json')).stdout) as Array<{ key: string; uri: string }>
    assert.deepEqual(list.map((p) => p.key), [otherKey])
    assert.equal(list[0]?.uri, `rstatus://${otherKey}`)
    assert.match((await cli('following')).stdout, new RegExp(otherKey))
    const u = await cli('unfollow', otherKey)
    assert.equal(u.code, 0, u.stderr)
    assert.equal(u.stdout, `unfollowed ${otherKey}\n`)
    list = JSON.parse((await cli('following', '--json')).stdout)
    assert.deepEqual(list, [])
  })

  test('sync with no follows exits 0 at once, without going online', async () => {
    const r = await cli('sync', '--timeout', '30')
    assert.equal(r.code, 0, r.stderr)
    assert.match(r.stdout, /follow no one/)
  })

  test('reindex rebuilds the views and keeps the timeline', async () => {
    const before = (await cli('timeline', '--json')).stdout
    const r = await cli('reindex')
    assert.equal(r.code, 0, r.stderr)
    assert.match(r.stdout, /Rebuilt the views from 1 feed/)
    assert.equal((await cli('timeline', '--json')).stdout, before)
  })

  test('check finds the views matching the logs', async () => {
    const r = await cli('check')
    assert.equal(r.code, 0, r.stderr)
    assert.match(r.stdout, /^The views match the logs \(1 feed, \d+ blocks checked\)\.\n$/)
  })

  test('bad input: one line on stderr, exit code 2, nothing stored', async () => {
    const before = (await cli('timeline', '--json')).stdout
    const cases: Array<[string[], RegExp]> = [
      [['frobnicate'], /^rstatus: unknown command "frobnicate" \(see rstatus --help\)$/],
      [['post', ''], /^rstatus: the status is empty$/],
      [['post', 'x'.repeat(501)], /^rstatus: the status is 501 characters long; the limit is 500$/],
      [['follow', 'not-a-key'], /^rstatus: not a feed key: "not-a-key"/],
      [['like', 'rstatus://garbage/1'], /^rstatus: not an rstatus link/],
      [['timeline', '--limit', 'lots'], /^rstatus: --limit must be a whole number/],
      [['sync', '--timeout', '-1'], /^rstatus: unknown option "-1"|^rstatus: --timeout must be/],
      [['whoami', '--verbose'], /^rstatus: unknown option "--verbose" for whoami/],
      [['--bootstrap', 'nowhere', 'sync'], /^rstatus: --bootstrap: "nowhere" is not HOST:PORT$/]
    ]
    for (const [args, line] of cases) {
      const r = await cli(...args)
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`)
      assert.equal(r.stdout, '')
      assert.match(oneLine(r), line)
    }
    assert.equal((await cli('timeline', '--json')).stdout, before)
  })

  test('a command the engine refuses: one line, exit code 1', async () => {
    const r = await cli('delete', `rstatus://${otherKey}/1`)
    assert.equal(r.code, 1)
    assert.match(oneLine(r), /^rstatus: you can only delete your own statuses$/)
  })

  test('bad input never creates a data directory', async () => {
    const fresh = path.join(tmp.dir, 'never-created')
    const r = await rstatus(['--data', fresh, 'post', ''])
    assert.equal(r.code, 2)
    assert.equal(fs.existsSync(fresh), false)
  })

  test('--help prints the usage, naming every command', async () => {
    const r = await rstatus(['--help'])
    assert.equal(r.code, 0)
    for (const c of ['whoami', 'post', 'reply', 'repost', 'like', 'delete', 'profile', 'follow', 'unfollow', 'following', 'timeline', 'sync', 'serve', 'reindex', 'check']) {
      assert.match(r.stdout, new RegExp(`^  ${c}\\b`, 'm'), c)
    }
  })

  test('a data directory held by another (non-serve) peer: one clear line, exit 1', async (t) => {
    const held = path.join(tmp.dir, 'held')
    const peer = await spawnPeer({ dataDir: held, bootstrap: '127.0.0.1:9', offline: true })
    t.after(() => peer.close())
    const r = await rstatus(['--data', held, 'post', 'hello'])
    assert.equal(r.code, 1)
    assert.equal(oneLine(r), `rstatus: the data directory ${held} is in use by another rstatus process (pid ${peer.child.pid})`)
  })
})

describe('bin/rstatus.js', () => {
  const bin = fileURLToPath(new URL('../../../bin/rstatus.js', import.meta.url))

  test('without a build it says to run npm install, in one line', async (t) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rstatus-bin-'))
    t.after(() => fs.rmSync(dir, { recursive: true, force: true }))
    fs.mkdirSync(path.join(dir, 'bin'))
    fs.copyFileSync(bin, path.join(dir, 'bin', 'rstatus.js'))
    fs.writeFileSync(path.join(dir, 'package.json'), '{"type":"module"}')
    const r = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
      execFile(process.execPath, [path.join(dir, 'bin', 'rstatus.js'), 'whoami'], (err, stdout, stderr) =>
        resolve({ code: err ? (err.code as number) : 0, stdout, stderr })
      )
    )
    assert.equal(r.code, 1)
    assert.equal(r.stderr, 'rstatus: run npm install (it builds rstatus) first\n')
  })
})
