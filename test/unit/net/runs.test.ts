import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { describe, test } from 'node:test'
import { idOf, linkName, namespaceName, ownerAlive, processStarted, runId } from '../../net/runs.js'

describe('lab run names', () => {
  test('carry the prefix and the run id, which gives back the owner', () => {
    const id = runId(4_194_303)
    assert.equal(namespaceName(id, 'inet'), `rsl${id}-inet`)
    assert.equal(idOf(namespaceName(id, 'r12')), id)
    assert.equal(idOf(linkName(id, 'h3x')), id)
    assert.equal(parseInt(id, 36), 4_194_303)
  })

  test('refuse a link name Linux would refuse', () => {
    assert.throws(() => linkName(runId(4_194_303), 'toolongrole'), /longer than 15/)
  })

  test('are not mistaken for other names', () => {
    assert.equal(idOf('rsl-nothing'), null)
    assert.equal(idOf('docker0'), null)
    assert.equal(idOf('RSL1a-x'), null)
  })
})

describe('ownerAlive', () => {
  test('is true for a live process and false once it has exited', () => {
    assert.ok(processStarted(process.pid) !== null)
    assert.equal(ownerAlive(runId(process.pid)), true)
    const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' })
    assert.equal(ownerAlive(runId(Number(child.stdout))), false)
  })
})
