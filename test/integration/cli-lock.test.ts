// The data directory's lock, with real `rstatus` processes: a deleted lock file while serve runs, and commands
// racing for a lock left by a crash. Every outcome is a routed command, a done command, or one clear line.
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { after, describe, test } from 'node:test'
import { tmpDir } from '../helpers/tmp.js'
import { oneLine, rstatus, startServe, type CliResult } from './cli-process.js'

const LOCKED = /^rstatus: the data directory .+ is in use by (another rstatus process|rstatus serve)/

/** Exit 0, or exit 1 with the one DATA_DIR_LOCKED line: never "something went wrong", never a stack trace. */
function doneOrLocked(r: CliResult, what: string): 'done' | 'locked' {
  if (r.code === 0) return 'done'
  assert.equal(r.code, 1, `${what}: ${r.stderr}`)
  assert.match(oneLine(r), LOCKED, what)
  return 'locked'
}

describe('the data directory lock, between rstatus processes', () => {
  const tmp = tmpDir('rstatus-cli-lock-')
  after(() => tmp.cleanup())

  test('with rstatus.lock deleted under a running serve, commands still go through it', async (t) => {
    const data = path.join(tmp.dir, 'serving')
    const serve = await startServe(['--data', data], { serveArgs: ['--no-ui'] })
    t.after(() => serve.stop())
    fs.rmSync(path.join(data, 'rstatus.lock'))

    const posted = await rstatus(['--data', data, 'post', 'posted with the lock file gone'])
    assert.equal(posted.code, 0, posted.stderr)
    const timeline = await rstatus(['--data', data, 'timeline', '--json'])
    assert.deepEqual((JSON.parse(timeline.stdout) as Array<{ text: string }>).map((s) => s.text), ['posted with the lock file gone'])
    const reindex = await rstatus(['--data', data, 'reindex'])
    assert.equal(reindex.code, 1)
    assert.equal(oneLine(reindex), `rstatus: stop rstatus serve (pid ${serve.child.pid}) first: reindex needs the data directory to itself`)
    const second = await rstatus(['--data', data, 'serve', '--port', '0'])
    assert.equal(second.code, 1)
    assert.match(oneLine(second), new RegExp(`^rstatus: rstatus serve is already running for .+ \\(pid ${serve.child.pid}, port ${serve.port}\\)$`))

    // Without serve.json too, nothing says where the holder is: the store's own lock refuses, in one line.
    fs.renameSync(path.join(data, 'serve.json'), path.join(tmp.dir, 'serve.json.aside'))
    const refused = await rstatus(['--data', data, 'post', 'nowhere to go'])
    assert.equal(refused.code, 1)
    assert.equal(oneLine(refused), `rstatus: the data directory ${data} is in use by another rstatus process`)
    assert.equal(fs.existsSync(path.join(data, 'rstatus.lock')), false, 'the refused command left no lock file behind')
    fs.renameSync(path.join(tmp.dir, 'serve.json.aside'), path.join(data, 'serve.json'))
  })

  test('commands started at once on a lock left by a crash: one runs, the others run after it or are refused in one line', async () => {
    const data = path.join(tmp.dir, 'stale')
    assert.equal((await rstatus(['--data', data, 'whoami'])).code, 0)
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString()
    let posted = 0
    for (let round = 0; round < 6; round++) {
      fs.writeFileSync(path.join(data, 'rstatus.lock'), dead)
      const results = await Promise.all([1, 2, 3].map((n) => rstatus(['--data', data, 'post', `round ${round}, command ${n}`])))
      const outcomes = results.map((r, i) => doneOrLocked(r, `round ${round}, command ${i + 1}`))
      assert.ok(outcomes.includes('done'), `round ${round}: one of them runs`)
      posted += outcomes.filter((o) => o === 'done').length
    }
    const timeline = await rstatus(['--data', data, 'timeline', '--json'])
    assert.equal((JSON.parse(timeline.stdout) as unknown[]).length, posted, 'every command that said it posted did')
  })
})
