// The post's newer records across three real peers on a local DHT, driven through the CLI as the issue
// writes it: a poll voted on by two followers and counted by its author, an edit seen live by a follower,
// a quote of a status its author then deletes, a content warning, and pins.
import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import path from 'node:path'
import { startTestnet, type LocalTestnet } from '../helpers/testnet.js'
import { tmpDir } from '../helpers/tmp.js'
import { oneLine, rstatus, startServe, type ServeProcess } from './cli-process.js'

interface Item {
  uri: string
  text: string
  cw?: string
  sensitive?: true
  edited?: number
  quote?: { uri: string; author?: string; text?: string; state?: string }
  poll?: { choices: Array<{ text: string; votes: number }>; voters: number; mine: number | null; endsAt: number }
}

/** The serve's home timeline, through the JSON API (cheaper to poll than a CLI process). */
async function timeline(serve: ServeProcess): Promise<Item[]> {
  const res = await fetch(`http://127.0.0.1:${serve.port}/api/timeline`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${serve.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ limit: 50 })
  })
  return ((await res.json()) as { items: Item[] }).items
}

/** Waits until `serve`'s timeline satisfies `ok`; network waits are generous, the check is the effect itself. */
async function until(serve: ServeProcess, what: string, ok: (items: Item[]) => boolean): Promise<Item[]> {
  const deadline = Date.now() + 90_000
  for (;;) {
    const items = await timeline(serve)
    if (ok(items)) return items
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}: ${JSON.stringify(items).slice(0, 500)}`)
    await new Promise((r) => setTimeout(r, 200))
  }
}

describe('rstatus post options, edit, vote, pin across three peers', () => {
  const tmp = tmpDir('rstatus-cli-post-')
  let testnet: LocalTestnet
  let net: string[]
  const serves: ServeProcess[] = []
  const dirs = ['a', 'b', 'c'].map((n) => path.join(tmp.dir, n))
  const cli = (dir: string, ...args: string[]) => rstatus(['--data', dir, ...args])
  const ok = async (dir: string, ...args: string[]) => {
    const r = await cli(dir, ...args)
    assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`)
    return r.stdout.trim()
  }
  let firstPost = ''

  before(async () => {
    testnet = await startTestnet()
    net = ['--bootstrap', testnet.bootstrap, '--host', '127.0.0.1']
  })
  after(async () => {
    for (const s of serves) await s.stop()
    await testnet.close()
    tmp.cleanup()
  })

  test('a poll counted across three peers, an edit seen live, a quote of a deleted status, a warning and pins', async () => {
    const [a, b, c] = await Promise.all(dirs.map((d) => startServe(['--data', d, ...net])))
    serves.push(a!, b!, c!)
    await Promise.all([ok(dirs[1]!, 'follow', a!.key), ok(dirs[2]!, 'follow', a!.key), ok(dirs[0]!, 'follow', b!.key)])
    await ok(dirs[0]!, 'follow', c!.key)

    const original = (firstPost = await ok(dirs[0]!, 'post', 'frist post'))
    const poll = await ok(dirs[0]!, 'post', 'tea or coffee?', '--poll', 'tea|coffee', '--poll-hours', '2')
    const quoted = await ok(dirs[0]!, 'post', 'quote me, then I vanish')

    await until(b!, 'B to hold A', (items) => items.some((s) => s.uri === quoted))
    await until(c!, 'C to hold A', (items) => items.some((s) => s.uri === poll))
    const voteB = await ok(dirs[1]!, 'vote', poll, '1')
    assert.match(voteB, /^rstatus:\/\/[a-z0-9]{52}\/\d+$/)
    await ok(dirs[2]!, 'vote', poll, '2')
    assert.match(oneLine(await cli(dirs[2]!, 'vote', poll, '3')), /the poll has 2 choices: choose from 1 to 2/)
    const quoting = await ok(dirs[1]!, 'post', 'so true', '--quote', quoted, '--cw', 'hot take', '--sensitive')

    // The author edits: the link stays, and a follower sees the new text live.
    assert.equal(await ok(dirs[0]!, 'edit', original, 'first post'), original)
    assert.match(oneLine(await cli(dirs[1]!, 'edit', original, 'mine now')), /only edit your own statuses/)
    await ok(dirs[0]!, 'delete', quoted)

    const seenByB = await until(b!, 'B to see the edit and the deletion', (items) => {
      const o = items.find((s) => s.uri === original)
      const q = items.find((s) => s.uri === quoting)
      return o?.text === 'first post' && q?.quote?.state === 'deleted'
    })
    assert.equal(typeof seenByB.find((s) => s.uri === original)?.edited, 'number')

    const seenByA = await until(a!, 'A to count two votes', (items) => items.find((s) => s.uri === poll)?.poll?.voters === 2)
    assert.deepEqual(seenByA.find((s) => s.uri === poll)?.poll?.choices, [
      { text: 'tea', votes: 1 },
      { text: 'coffee', votes: 1 }
    ])
    await until(a!, 'A to see the quote with its warning', (items) => items.some((s) => s.uri === quoting))

    // The CLI's JSON contract, as the issue names its fields.
    const json = JSON.parse(await ok(dirs[1]!, 'timeline', '--json')) as Array<Record<string, unknown>>
    const q = json.find((s) => s.uri === quoting)!
    assert.equal(q.cw, 'hot take')
    assert.equal(q.sensitive, true)
    assert.deepEqual(q.quote, { uri: quoted, state: 'deleted' })
    const p = json.find((s) => s.uri === poll)!
    assert.deepEqual(Object.keys(p.poll as object).sort(), ['choices', 'endsAt', 'mine', 'voters'])
    assert.equal((p.poll as { mine: number }).mine, 1)
    assert.equal(typeof json.find((s) => s.uri === original)!.edited, 'number')

    assert.match(await ok(dirs[0]!, 'pin', original), /^rstatus:\/\//)
    assert.match(await ok(dirs[0]!, 'unpin', original), /^rstatus:\/\//)
    assert.match(oneLine(await cli(dirs[0]!, 'pin', quoting)), /only pin your own statuses/)
  })

  test('bookmarks and lists: made through the CLI, private, and shown as timeline items', async () => {
    const [a, , c] = serves as [ServeProcess, ServeProcess, ServeProcess]
    const [, dirB] = dirs as [string, string, string]
    assert.equal(await ok(dirB, 'bookmark', firstPost), firstPost)
    assert.equal(await ok(dirB, 'bookmark', firstPost), firstPost, 'twice is once')
    const bookmarks = JSON.parse(await ok(dirB, 'bookmarks', '--json')) as Array<Record<string, unknown>>
    const home = (JSON.parse(await ok(dirB, 'timeline', '--json')) as Array<Record<string, unknown>>).find((s) => s.uri === firstPost)
    assert.deepEqual(bookmarks, [home], 'a bookmark is the item timeline --json gives')
    assert.equal(await ok(dirB, 'unbookmark', firstPost), firstPost)
    assert.deepEqual(JSON.parse(await ok(dirB, 'bookmarks', '--json')), [])
    assert.match(oneLine(await cli(dirB, 'bookmark', 'https://example.com/1')), /not a status link/)

    assert.equal(await ok(dirB, 'list', 'create', 'Friends'), 'created list Friends')
    assert.equal(await ok(dirB, 'list', 'add', 'Friends', a.key), `added ${a.key} to Friends`)
    await ok(dirB, 'list', 'add', 'Friends', `rstatus://${c.key}`)
    await ok(dirB, 'list', 'create', 'Quiet')
    assert.deepEqual(JSON.parse(await ok(dirB, 'lists', '--json')), [
      { name: 'Friends', members: [a.key, c.key] },
      { name: 'Quiet', members: [] }
    ])
    const shown = JSON.parse(await ok(dirB, 'list', 'show', 'Friends', '--json', '--limit', '2')) as Array<{ author: string; uri: string }>
    assert.equal(shown.length, 2)
    assert.ok(shown.every((s) => s.author === a.key), "A's statuses, newest first; C wrote none")
    assert.deepEqual(JSON.parse(await ok(dirB, 'list', 'show', 'Quiet', '--json')), [])
    await ok(dirB, 'list', 'remove', 'Friends', a.key)
    assert.deepEqual(JSON.parse(await ok(dirB, 'list', 'show', 'Friends', '--json')), [])
    assert.equal(await ok(dirB, 'list', 'delete', 'Quiet'), 'deleted list Quiet')
    assert.deepEqual(JSON.parse(await ok(dirB, 'lists', '--json')), [{ name: 'Friends', members: [c.key] }])

    // Bad input: one line each, and nothing else changes.
    // A list that does not exist is bad input (exit 2), whichever command names it.
    for (const args of [['add', 'Nope', a.key], ['remove', 'Nope', a.key], ['show', 'Nope'], ['delete', 'Nope']]) {
      const missing = await cli(dirB, 'list', ...args)
      assert.equal(missing.code, 2, `list ${args.join(' ')}: ${missing.stderr}`)
      assert.match(oneLine(missing), /no list named "Nope"/)
    }
    assert.match(oneLine(await cli(dirB, 'list', 'create', 'Friends')), /already have a list named "Friends"/)
    assert.match(oneLine(await cli(dirB, 'list', 'rename', 'Friends')), /unknown list command/)
    assert.match(oneLine(await cli(dirB, 'list', 'add', 'Friends', 'nobody')), /not a key/)
  })
})
