// A data directory made by rstatus before the post's newer records (fixture: made with the code on main
// before them, by `post`, `reply`, `like` and `profile`) opens with this version: the views are rebuilt from
// the logs with progress shown, nothing is lost, and the new records work on it.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { tmpDir } from '../helpers/tmp.js'
import { rstatus } from './cli-process.js'

/** Compiled to dist/test/integration: the repository is three levels up. */
const FIXTURE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../test/fixtures/data-dir-before-post-records.tar.gz')

describe('upgrading a data directory made before quotes, warnings, edits, polls and pins', () => {
  const tmp = tmpDir('rstatus-upgrade-')
  let data = ''
  before(() => {
    execFileSync('tar', ['-xzf', FIXTURE, '-C', tmp.dir])
    data = path.join(tmp.dir, 'post-old-data')
    // The store's device file names the inode it was made on, which no extracted copy can keep; an upgrade
    // happens in place, where it matches. Without it the store makes a fresh one, as on first use.
    fs.rmSync(path.join(data, 'store', 'CORESTORE'))
  })
  after(() => tmp.cleanup())

  test('rebuilds the views with progress shown, keeps every status, like and profile, and takes the new records', async () => {
    const first = await rstatus(['--data', data, 'timeline', '--json'])
    assert.equal(first.code, 0, first.stderr)
    assert.match(first.stderr, /made by an older version; rebuilding them from \d+ blocks in 1 feeds/)
    assert.match(first.stderr, /rebuilt (\d+) of \1 blocks/)
    const items = JSON.parse(first.stdout) as Array<{ uri: string; text: string; counts: { likes: number; replies: number }; replyTo?: string }>
    assert.deepEqual(items.map((s) => s.text).sort(), ['a reply to myself', 'a second status', 'hello from before the upgrade #old'])
    assert.equal(items.find((s) => s.text === 'a second status')?.counts.likes, 1)
    assert.equal(items.find((s) => s.text === 'hello from before the upgrade #old')?.counts.replies, 1)
    assert.match((await rstatus(['--data', data, 'profile'])).stdout, /Old Timer/)

    const again = await rstatus(['--data', data, 'timeline', '--json'])
    assert.doesNotMatch(again.stderr, /rebuilding/, 'rebuilt once')

    const old = items.find((s) => s.text === 'a second status')!.uri
    const edited = await rstatus(['--data', data, 'edit', old, 'a second status, edited'])
    assert.equal(edited.stdout.trim(), old, edited.stderr)
    const warned = await rstatus(['--data', data, 'post', 'new after the upgrade', '--cw', 'careful', '--quote', old])
    assert.equal(warned.code, 0, warned.stderr)
    const after = JSON.parse((await rstatus(['--data', data, 'timeline', '--json'])).stdout) as Array<{ uri: string; text: string; cw?: string; edited?: number; quote?: { text?: string } }>
    assert.equal(after.find((s) => s.uri === old)?.text, 'a second status, edited')
    const fresh = after.find((s) => s.text === 'new after the upgrade')
    assert.equal(fresh?.cw, 'careful')
    assert.equal(fresh?.quote?.text, 'a second status, edited')
  })
})
