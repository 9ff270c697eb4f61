// SIGKILL while posting, over many rounds: every post that was acknowledged is there after the restart, and
// the views match the logs. Also: a damaged or deleted index is rebuilt from the logs on its own.
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { Engine } from '../../electron/engine/engine.js'
import { spawnPeer } from '../helpers/peer.js'
import { tmpDir, waitFor } from '../helpers/tmp.js'

const ROUNDS = 6

async function allOwnTexts(engine: Engine): Promise<Set<string>> {
  const texts = new Set<string>()
  let cursor: string | undefined
  do {
    const page = await engine.api.call('profileStatuses', { key: engine.key, limit: 500, cursor })
    for (const s of page.items) texts.add(s.text)
    cursor = page.cursor ?? undefined
  } while (cursor)
  return texts
}

describe('crashes and restarts', () => {
  let tmp: ReturnType<typeof tmpDir>
  before(() => {
    tmp = tmpDir()
  })
  after(() => tmp.cleanup())

  it('keeps every acknowledged post through repeated SIGKILLs while posting', async () => {
    const dataDir = path.join(tmp.dir, 'poster')
    const acknowledged: string[] = []
    for (let round = 0; round < ROUNDS; round++) {
      const peer = await spawnPeer({ dataDir, bootstrap: '', offline: true })
      let stop = false
      const posting = (async () => {
        for (let i = 0; !stop; i++) {
          const text = `round ${round} post ${i}`
          try {
            await peer.api.call('post', { text })
            acknowledged.push(text)
          } catch {
            return // the process died under us
          }
        }
      })()
      // Kill once this round has acknowledged a few posts, a little later each round, so the kill lands at a
      // different point of a write each time however fast the machine is.
      const from = acknowledged.length
      await waitFor(() => acknowledged.length >= from + 3, { what: `round ${round}'s first posts`, timeout: 60_000, interval: 5 })
      await new Promise((r) => setTimeout(r, round * 20))
      await peer.kill()
      stop = true
      await posting
    }

    const engine = new Engine({ dataDir })
    await engine.ready()
    const stored = await allOwnTexts(engine)
    for (const text of acknowledged) assert.ok(stored.has(text), `acknowledged "${text}" survived`)
    const report = await engine.check()
    assert.deepEqual(report.problems, [])
    assert.ok(report.blocks >= acknowledged.length + 1)
    await engine.close()
  })

  it('rebuilds deleted views from the logs, with progress', async () => {
    const dataDir = path.join(tmp.dir, 'deleted-views')
    const first = new Engine({ dataDir })
    await first.ready()
    for (let i = 0; i < 20; i++) await first.api.call('post', { text: `kept ${i}` })
    await first.close()

    fs.rmSync(path.join(dataDir, 'views'), { recursive: true, force: true })
    const lines: string[] = []
    const second = new Engine({ dataDir, log: (l) => lines.push(l) })
    await second.ready()
    assert.equal((await allOwnTexts(second)).size, 20)
    assert.ok(lines.some((l) => /rebuilding them from \d+ blocks/.test(l)), lines.join('\n'))
    assert.ok(lines.some((l) => /rebuilt \d+ of \d+ blocks/.test(l)))
    assert.deepEqual((await second.check()).problems, [])
    await second.close()
  })

  it('rebuilds damaged views from the logs', async () => {
    const dataDir = path.join(tmp.dir, 'damaged-views')
    const first = new Engine({ dataDir })
    await first.ready()
    for (let i = 0; i < 20; i++) await first.api.call('post', { text: `kept ${i}` })
    await first.close()

    const viewsDir = path.join(dataDir, 'views')
    for (const name of fs.readdirSync(viewsDir)) {
      const file = path.join(viewsDir, name)
      if (fs.statSync(file).isFile()) fs.writeFileSync(file, 'garbage, not a RocksDB file')
    }
    const lines: string[] = []
    const second = new Engine({ dataDir, log: (l) => lines.push(l) })
    await second.ready()
    assert.equal((await allOwnTexts(second)).size, 20)
    assert.ok(lines.some((l) => /missing or damaged/.test(l)))
    assert.deepEqual((await second.check()).problems, [])
    await second.close()
  })
})
