// Runs every compiled *.test.js under dist/test with node's test runner. Node 20's `node --test DIR` would
// also run helper modules as tests, and its glob support arrives only in Node 21.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.dirname(fileURLToPath(import.meta.url))
const only = process.argv.slice(2)

function findTests(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) return findTests(full)
    return entry.name.endsWith('.test.js') ? [full] : []
  })
}

/**
 * The slowest kinds of file first: a run ends when its last file does, and a two-minute lab file started last
 * would run on alone while the quick unit files were long done. Within a kind, alphabetical.
 */
const FIRST = ['net/', 'e2e/', 'integration/']
const rank = (file: string) => {
  const i = FIRST.findIndex((dir) => path.relative(root, file).startsWith(dir))
  return i === -1 ? FIRST.length : i
}

const files = findTests(root)
  .filter((f) => only.length === 0 || only.some((o) => path.relative(root, f).startsWith(o)))
  .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b))
// Three files at a time: most of the slow ones wait on other processes and the network, not the CPU, so a
// third file in flight cut the run by a sixth on two cores; a fourth gained nothing and starved the NAT lab.
const concurrency = process.env.RSTATUS_TEST_CONCURRENCY ?? '3'
// No --test-force-exit: on Node 20 it once ended a unit file halfway through its suites, with no failure
// reported, so tests went quietly unrun. A file that lingers after its tests costs time, never coverage.
const result = spawnSync(process.execPath, ['--test', `--test-concurrency=${concurrency}`, ...files], { stdio: 'inherit' })
process.exit(result.status ?? 1)
