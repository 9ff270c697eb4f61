import assert from 'node:assert/strict'
import { EventEmitter } from 'node:events'
import { describe, it } from 'node:test'
import { engineDialog } from '../../../../electron/main/engine-dialog.js'
import type { ToEngine } from '../../../../shared/desktop/engine-control.js'
import { EngineSupervisor, type EngineProcess } from '../../../../electron/main/engine-supervisor.js'
import type { EngineStatus } from '../../../../shared/desktop/ipc.js'

/** A stand-in for Electron's UtilityProcess: records what main sends, lets the test play the engine. */
class FakeProcess extends EventEmitter implements EngineProcess {
  readonly sent: Array<{ message: ToEngine; transfer?: unknown[] }> = []
  killed = false
  /** When set, a 'close' message makes the process exit cleanly, as the real engine host does. */
  closesOnRequest = true

  postMessage(message: ToEngine, transfer?: unknown[]): void {
    this.sent.push(transfer ? { message, transfer } : { message })
    if (message.type === 'close' && this.closesOnRequest) {
      setImmediate(() => {
        this.emit('message', { type: 'closed' })
        this.emit('exit', 0)
      })
    }
  }

  kill(): boolean {
    this.killed = true
    setImmediate(() => this.emit('exit', 137))
    return true
  }
}

function setup(closeTimeoutMs?: number) {
  const spawned: FakeProcess[] = []
  const statuses: EngineStatus[] = []
  const supervisor = new EngineSupervisor({
    spawn: () => {
      const p = new FakeProcess()
      spawned.push(p)
      return p
    },
    onStatus: (s) => statuses.push(s),
    ...(closeTimeoutMs === undefined ? {} : { closeTimeoutMs })
  })
  return { supervisor, spawned, statuses, states: () => statuses.map((s) => s.state) }
}

describe('EngineSupervisor', () => {
  it('starts the engine and reports running once it is ready', () => {
    const t = setup()
    assert.equal(t.supervisor.start(), true)
    assert.equal(t.supervisor.start(), false, 'one engine at a time')
    assert.equal(t.spawned.length, 1)
    t.spawned[0]!.emit('message', { type: 'ready', key: 'k' })
    assert.deepEqual(t.states(), ['starting', 'running'])
    assert.deepEqual(t.supervisor.status, { state: 'running' })
  })

  it('hands ports to the engine', () => {
    const t = setup()
    const port = { fake: 'port' }
    assert.equal(t.supervisor.connect(port), false, 'no engine yet')
    t.supervisor.start()
    assert.equal(t.supervisor.connect(port), true)
    assert.deepEqual(t.spawned[0]!.sent, [{ message: { type: 'connect' }, transfer: [port] }])
  })

  it('reports a crash with a message, and restarts on request', () => {
    const t = setup()
    t.supervisor.start()
    t.spawned[0]!.emit('message', { type: 'ready', key: 'k' })
    t.spawned[0]!.emit('exit', 139)
    const crashed = t.statuses.at(-1)!
    assert.equal(crashed.state, 'crashed')
    assert.match(crashed.message ?? '', /stopped unexpectedly/)
    assert.equal(t.supervisor.alive, false)
    assert.equal(t.supervisor.restart(), true)
    assert.equal(t.spawned.length, 2)
    assert.equal(t.statuses.at(-1)!.state, 'starting')
  })

  it('keeps the reason when the engine could not start, instead of calling it a crash', () => {
    const t = setup()
    t.supervisor.start()
    const message = 'The data directory /x is in use by another rstatus process (pid 12)'
    t.spawned[0]!.emit('message', { type: 'failed', message })
    t.spawned[0]!.emit('exit', 1)
    assert.deepEqual(t.statuses.at(-1), { state: 'failed', message })
    assert.equal(t.supervisor.restart(), true)
  })

  it('does not restart a running engine', () => {
    const t = setup()
    t.supervisor.start()
    assert.equal(t.supervisor.restart(), false)
    assert.equal(t.spawned.length, 1)
  })

  it('ignores malformed messages and those from a replaced process', () => {
    const t = setup()
    t.supervisor.start()
    t.spawned[0]!.emit('message', { type: 'ready' })
    t.spawned[0]!.emit('message', 'ready')
    assert.deepEqual(t.states(), ['starting'])
    t.spawned[0]!.emit('exit', 1)
    t.supervisor.restart()
    t.spawned[0]!.emit('message', { type: 'ready', key: 'k' })
    assert.equal(t.supervisor.status.state, 'starting')
  })

  it('closes the engine cleanly on stop: asks, waits for exit, reports stopped', async () => {
    const t = setup()
    t.supervisor.start()
    t.spawned[0]!.emit('message', { type: 'ready', key: 'k' })
    await Promise.all([t.supervisor.stop(), t.supervisor.stop()])
    assert.deepEqual(t.spawned[0]!.sent.map((s) => s.message.type), ['close'])
    assert.equal(t.spawned[0]!.killed, false)
    assert.deepEqual(t.states().slice(-2), ['stopping', 'stopped'])
    assert.equal(t.supervisor.alive, false)
    assert.equal(t.supervisor.connect({}), false)
  })

  it('kills an engine that does not close in time, and still finishes', async () => {
    const t = setup(20)
    t.supervisor.start()
    t.spawned[0]!.closesOnRequest = false
    await t.supervisor.stop()
    assert.equal(t.spawned[0]!.killed, true)
    assert.equal(t.supervisor.status.state, 'stopped')
    assert.ok(!t.states().includes('crashed'), 'a kill on quit is not a crash')
  })

  it('stop without an engine resolves at once', async () => {
    await setup().supervisor.stop()
  })
})

describe('engineDialog', () => {
  it('offers Restart after a crash', () => {
    const d = engineDialog({ state: 'crashed', message: 'boom' })
    assert.equal(d?.buttons[d.restartButton], 'Restart')
    assert.equal(d?.detail, 'boom')
  })

  it('offers Try Again when the engine could not start, with the reason', () => {
    const d = engineDialog({ state: 'failed', message: 'The data directory is in use' })
    assert.equal(d?.buttons[d.restartButton], 'Try Again')
    assert.match(d?.detail ?? '', /in use/)
  })

  it('says nothing while the engine runs, starts or stops', () => {
    for (const state of ['starting', 'running', 'stopping', 'stopped'] as const) assert.equal(engineDialog({ state }), null)
  })
})

describe('EngineSupervisor while quitting', () => {
  it('does not call a failure during close a failure (no Restart offered on quit)', async () => {
    const t = setup()
    t.supervisor.start()
    const child = t.spawned[0]!
    child.closesOnRequest = false
    const stopped = t.supervisor.stop()
    child.emit('message', { type: 'failed', message: 'could not open' })
    child.emit('exit', 1)
    await stopped
    assert.ok(!t.states().includes('failed'))
    assert.equal(t.supervisor.status.state, 'stopped')
  })
})
