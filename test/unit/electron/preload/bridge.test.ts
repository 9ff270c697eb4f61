import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { MessageChannel } from 'node:worker_threads'
import { methods, type MethodName } from '../../../../shared/api/contract.js'
import { valuePortChannel, type EventPort } from '../../../../shared/rpc/port-channels.js'
import { serveRpc } from '../../../../shared/rpc/server.js'
import { IPC } from '../../../../shared/desktop/ipc.js'
import { createBridge, type BridgeError, type BridgeIpc, type RstatusBridge } from '../../../../electron/preload/bridge.js'
import { parseKey } from '../../../../shared/keys.js'
import { MemoryApi } from './memory-api.js'

type Listener = (event: { ports?: readonly EventPort[] }, ...args: unknown[]) => void

/** ipcRenderer as the bridge sees it; the test plays main. */
class FakeIpc implements BridgeIpc {
  readonly sent: string[] = []
  readonly invoked: string[] = []
  private readonly listeners = new Map<string, Listener[]>()
  answers: Record<string, unknown> = { [IPC.getEngineStatus]: { state: 'starting' } }

  on(channel: string, listener: Listener) {
    this.listeners.set(channel, [...(this.listeners.get(channel) ?? []), listener])
    return this
  }
  send(channel: string) {
    this.sent.push(channel)
  }
  async invoke(channel: string) {
    this.invoked.push(channel)
    return this.answers[channel]
  }
  /** main → preload */
  emit(channel: string, event: { ports?: readonly EventPort[] }, ...args: unknown[]) {
    for (const l of this.listeners.get(channel) ?? []) l(event, ...args)
  }
  channels() {
    return [...this.listeners.keys()]
  }
}

/** Starts an "engine" (MemoryApi behind the real serveRpc) and hands the bridge its port, as main does. */
function giveEngine(ipc: FakeIpc, name = 'memory') {
  const api = new MemoryApi(name)
  const { port1, port2 } = new MessageChannel()
  const dispose = serveRpc(api, valuePortChannel(port1))
  ipc.emit(IPC.enginePort, { ports: [port2 as unknown as EventPort] })
  return {
    api,
    stop() {
      dispose()
      port1.close()
      port2.close()
    }
  }
}

function setup() {
  const ipc = new FakeIpc()
  const routes: string[] = []
  const bridge: RstatusBridge = createBridge(ipc, { navigate: (hash) => routes.push(hash) })
  return { ipc, bridge, routes }
}

function isBridgeError(code: string) {
  return (err: unknown) => {
    assert.ok(!(err instanceof Error), 'a plain object, so contextBridge keeps its code')
    const e = err as BridgeError
    assert.equal(e.name, 'RstatusError')
    assert.equal(e.code, code)
    assert.equal(typeof e.message, 'string')
    return true
  }
}

const KEY = parseKey('cd'.repeat(32))

describe('the preload bridge (window.rstatus)', () => {
  it('has one function per RPC method, plus on, engineStatus, onEngineStatus and restartEngine — nothing else', () => {
    const { bridge, ipc } = setup()
    const expected = [...Object.keys(methods), 'on', 'engineStatus', 'onEngineStatus', 'restartEngine'].sort()
    assert.deepEqual(Object.keys(bridge).sort(), expected)
    for (const [name, value] of Object.entries(bridge)) {
      assert.equal(typeof value, 'function', name)
      assert.notEqual(value, ipc.on)
      assert.notEqual(value, ipc.send)
      assert.notEqual(value, ipc.invoke)
    }
  })

  it('asks main for an engine port and for the engine status when it loads', () => {
    const { ipc } = setup()
    assert.deepEqual(ipc.sent, [IPC.connect])
    assert.deepEqual(ipc.invoked, [IPC.getEngineStatus])
    assert.deepEqual(ipc.channels().sort(), [IPC.engineStatus, IPC.enginePort, IPC.navigate].sort())
  })

  it('answers calls over the port, including calls made before the port arrived', async () => {
    const { ipc, bridge } = setup()
    const early = bridge.post({ text: 'early' })
    const engine = giveEngine(ipc)
    try {
      assert.deepEqual(await early, { text: 'early', engine: 'memory' })
      assert.deepEqual(await bridge.post({ text: 'late' }), { text: 'late', engine: 'memory' })
    } finally {
      engine.stop()
    }
  })

  it('lets methods without required params be called with no argument', async () => {
    const { ipc, bridge } = setup()
    const engine = giveEngine(ipc)
    try {
      await bridge.whoami()
      await bridge.syncState()
      assert.deepEqual(
        engine.api.calls.map((c) => [c.method, c.params]),
        [['whoami', {}], ['syncState', {}]]
      )
    } finally {
      engine.stop()
    }
  })

  it('rejects with plain { name, code, message } objects, for engine errors and refused params alike', async () => {
    const { ipc, bridge } = setup()
    const engine = giveEngine(ipc)
    try {
      await assert.rejects(bridge.status({ uri: `rstatus://${KEY}/1` }), isBridgeError('NOT_FOUND'))
      await assert.rejects(bridge.post({ text: 42 } as never), isBridgeError('INVALID_INPUT'))
      await assert.rejects(bridge.post({ text: 'x', extra: 1 } as never), isBridgeError('INVALID_INPUT'))
    } finally {
      engine.stop()
    }
  })

  it('delivers engine events to listeners until they unsubscribe', async () => {
    const { ipc, bridge } = setup()
    const engine = giveEngine(ipc)
    try {
      const seen: unknown[] = []
      const off = bridge.on('notifications', (d) => seen.push(d))
      await bridge.whoami() // a round trip, so the subscription is in place on both ends
      engine.api.emit('notifications', { unread: 3 })
      await bridge.whoami()
      off()
      engine.api.emit('notifications', { unread: 4 })
      await bridge.whoami()
      assert.deepEqual(seen, [{ unread: 3 }])
    } finally {
      engine.stop()
    }
  })

  it('refuses unknown events and non-function listeners', () => {
    const { bridge } = setup()
    assert.throws(() => bridge.on('keylogger' as never, () => {}), TypeError)
    assert.throws(() => bridge.on('statuses', 'nope' as never), TypeError)
    assert.throws(() => bridge.onEngineStatus(null as never), TypeError)
  })

  it('when the engine crashes: pending calls fail with CLOSED, the page is told, new calls fail at once', async () => {
    const { ipc, bridge } = setup()
    const engine = giveEngine(ipc)
    try {
      const statuses: unknown[] = []
      bridge.onEngineStatus((s) => statuses.push(s))
      engine.api.hold()
      const pending = bridge.timeline({})
      await bridge.whoami()
      ipc.emit(IPC.engineStatus, {}, { state: 'crashed', message: 'The rstatus engine stopped unexpectedly' })
      await assert.rejects(pending, isBridgeError('CLOSED'))
      assert.deepEqual(statuses, [{ state: 'crashed', message: 'The rstatus engine stopped unexpectedly' }])
      assert.deepEqual(bridge.engineStatus(), { state: 'crashed', message: 'The rstatus engine stopped unexpectedly' })
      await assert.rejects(bridge.whoami(), (err) => isBridgeError('CLOSED')(err) && /unexpectedly/.test((err as BridgeError).message))
    } finally {
      engine.api.release()
      engine.stop()
    }
  })

  it('after a restart, calls go to the new engine and listeners keep hearing events', async () => {
    const { ipc, bridge } = setup()
    const first = giveEngine(ipc, 'first')
    const seen: unknown[] = []
    bridge.on('network', (d) => seen.push(d))
    await bridge.whoami()
    ipc.emit(IPC.engineStatus, {}, { state: 'crashed' })
    first.stop()

    await bridge.restartEngine()
    assert.ok(ipc.invoked.includes(IPC.restartEngine))
    ipc.emit(IPC.engineStatus, {}, { state: 'starting' })
    const second = giveEngine(ipc, 'second')
    try {
      assert.deepEqual(await bridge.post({ text: 'again' }), { text: 'again', engine: 'second' })
      second.api.emit('network', { online: true, peers: 2 })
      await bridge.whoami()
      assert.deepEqual(seen, [{ online: true, peers: 2 }])
      assert.equal(bridge.engineStatus().state, 'starting')
    } finally {
      second.stop()
    }
  })

  it('ignores malformed status messages and a stale status answer', async () => {
    const ipc = new FakeIpc()
    ipc.answers[IPC.getEngineStatus] = { state: 'starting' }
    const bridge = createBridge(ipc, { navigate: () => {} })
    ipc.emit(IPC.engineStatus, {}, { state: 'running' })
    ipc.emit(IPC.engineStatus, {}, { state: 'on fire' })
    ipc.emit(IPC.engineStatus, {}, 'crashed')
    await new Promise((resolve) => setImmediate(resolve))
    assert.deepEqual(bridge.engineStatus(), { state: 'running' })
  })

  it('shows the routes main sends, and nothing else', () => {
    const { ipc, routes } = setup()
    ipc.emit(IPC.navigate, {}, `/profile/${KEY}`)
    ipc.emit(IPC.navigate, {}, `/status/${KEY}/7`)
    ipc.emit(IPC.navigate, {}, 'javascript:alert(1)')
    ipc.emit(IPC.navigate, {}, '/profile/<img src=x onerror=alert(1)>')
    ipc.emit(IPC.navigate, {}, { toString: () => '/home' })
    assert.deepEqual(routes, [`#/profile/${KEY}`, `#/status/${KEY}/7`])
  })

  it('exposes no way to reach ipcRenderer', () => {
    const { bridge } = setup()
    // The contract's own methods (dmSend among them) are checked below to be plain calls; everything else
    // the bridge exposes must not look like a way to Electron's IPC.
    const others = Object.entries(bridge).filter(([name]) => !Object.hasOwn(methods, name))
    const reachable = JSON.stringify(others.map(([name]) => name)) + String(others.map(([, f]) => (f as { name: string }).name))
    assert.doesNotMatch(reachable, /ipc|send|invoke/i)
    const methodNames = Object.keys(methods) as MethodName[]
    assert.ok(methodNames.every((m) => typeof bridge[m] === 'function'))
  })
})
