// The utility-process side, driven the way Electron drives it: control messages on a parent port, RPC on
// MessagePorts (Node's MessageChannel has the shape of Electron's MessagePortMain). The engine here is a
// small in-memory Api (the edge of this unit); engine-host.real.test.ts runs the real Engine.
import assert from 'node:assert/strict'
import { EventEmitter } from 'node:events'
import { describe, it } from 'node:test'
import { MessageChannel, type MessagePort } from 'node:worker_threads'
import type { Api, EventName, Events, MethodName, Params, Result } from '../../../../shared/api/contract.js'
import { RstatusError, isRstatusError } from '../../../../shared/errors.js'
import { createRpcClient } from '../../../../shared/rpc/client.js'
import { eventPortChannel, type EventPort } from '../../../../shared/rpc/port-channels.js'
import { serveRpc } from '../../../../shared/rpc/server.js'
import { dataDirFromArgs, engineArgs, isFromEngine, isToEngine, type FromEngine } from '../../../../shared/desktop/engine-control.js'
import { runEngineHost, type HostedEngine, type ParentPort } from '../../../../electron/engine-process/host.js'

class FakeParent extends EventEmitter implements ParentPort {
  readonly posted: FromEngine[] = []
  private waiters: Array<{ type: string; resolve(): void }> = []
  postMessage(msg: FromEngine): void {
    this.posted.push(msg)
    for (const w of this.waiters.filter((w) => w.type === msg.type)) w.resolve()
  }
  send(data: unknown, ports: MessagePort[] = []) {
    this.emit('message', { data, ports })
  }
  when(type: FromEngine['type']): Promise<void> {
    if (this.posted.some((m) => m.type === type)) return Promise.resolve()
    return new Promise((resolve) => this.waiters.push({ type, resolve }))
  }
}

class MemoryEngine implements HostedEngine {
  readonly key = 'memory-key'
  readonly events = new EventEmitter()
  opened = false
  closed = false
  /** Calls that reached the engine and wait for it to open. */
  readonly held: string[] = []
  online = false
  private releaseReady: () => void = () => {}
  readonly readyGate: Promise<void>

  constructor(private readonly failWith: Error | null = null, gated = false) {
    this.readyGate = gated ? new Promise((resolve) => (this.releaseReady = resolve)) : Promise.resolve()
  }
  open() {
    this.releaseReady()
  }
  // Like the Engine: calls are taken at once, and only the cached first page answers before ready().
  async takingCalls() {}
  async ready() {
    await this.readyGate
    if (this.failWith) throw this.failWith
    this.opened = true
  }
  async goOnline() {
    this.online = true
  }
  async close() {
    this.closed = true
  }
  readonly api: Api = {
    call: async <M extends MethodName>(method: M, params: Params<M>): Promise<Result<M>> => {
      if (method === 'timeline') return { items: [{ text: 'cached' }] } as unknown as Result<M>
      this.held.push(method)
      await this.ready()
      if (method === 'post') {
        const text = (params as Params<'post'>).text
        this.events.emit('statuses', { feeds: [this.key], added: 1, removed: 0 })
        return { text } as unknown as Result<M>
      }
      if (method === 'status') throw new RstatusError('NOT_FOUND', 'No such status')
      return {} as Result<M>
    },
    on: <E extends EventName>(event: E, listener: (data: Events[E]) => void) => {
      this.events.on(event, listener)
      return () => void this.events.off(event, listener)
    }
  }
}

function host(engine: MemoryEngine) {
  const parent = new FakeParent()
  const exits: number[] = []
  const logs: string[] = []
  const h = runEngineHost(parent, {
    createEngine: () => engine,
    serve: (api, channel) => serveRpc(api, channel, { log: (l) => logs.push(l) }),
    exit: (code) => exits.push(code),
    log: (l) => logs.push(l)
  })
  return { parent, exits, logs, done: h.done }
}

function connect(parent: FakeParent) {
  const { port1, port2 } = new MessageChannel()
  parent.send({ type: 'connect' }, [port1])
  // Node's port delivers MessageEvents to addEventListener, as the DOM port in the preload does
  const client = createRpcClient(eventPortChannel(port2 as unknown as EventPort))
  return { client, port: port2 }
}

describe('runEngineHost', () => {
  it('opens the engine, says ready, goes online', async () => {
    const engine = new MemoryEngine()
    const t = host(engine)
    await t.parent.when('ready')
    assert.deepEqual(t.parent.posted[0], { type: 'ready', key: 'memory-key' })
    assert.equal(engine.opened, true)
    assert.equal(engine.online, true)
  })

  it('serves RPC on a port main hands over: results, errors with codes, events', async () => {
    const engine = new MemoryEngine()
    const t = host(engine)
    const { client, port } = connect(t.parent)
    try {
      const events: unknown[] = []
      client.on('statuses', (d) => events.push(d))
      assert.deepEqual(await client.call('post', { text: 'hello' }), { text: 'hello' })
      assert.deepEqual(events, [{ feeds: ['memory-key'], added: 1, removed: 0 }])
      await assert.rejects(client.call('status', { uri: 'rstatus://x/1' }), (err) => isRstatusError(err) && err.code === 'NOT_FOUND')
      await assert.rejects(
        client.call('nope' as MethodName, {} as never),
        (err) => isRstatusError(err) && err.code === 'UNKNOWN_METHOD'
      )
      await assert.rejects(
        client.call('post', { text: 5 } as never),
        (err) => isRstatusError(err) && err.code === 'INVALID_INPUT'
      )
    } finally {
      client.close()
      port.close()
    }
  })

  it('holds calls made before the engine is ready and answers them once it is', async () => {
    const engine = new MemoryEngine(null, true)
    const t = host(engine)
    const { client, port } = connect(t.parent)
    try {
      const answer = client.call('post', { text: 'early' })
      await new Promise((resolve) => setImmediate(resolve))
      assert.equal(t.parent.posted.length, 0, 'not ready yet')
      engine.open()
      assert.deepEqual(await answer, { text: 'early' })
    } finally {
      client.close()
      port.close()
    }
  })

  it('takes calls before the engine is ready: the cached first page answers at once, the rest once it is', async () => {
    const engine = new MemoryEngine(null, true)
    const t = host(engine)
    const { client, port } = connect(t.parent)
    try {
      const posted = client.call('post', { text: 'later' })
      const page = await client.call('timeline', { limit: 50 })
      assert.deepEqual(page, { items: [{ text: 'cached' }] })
      assert.equal(engine.opened, false, 'answered before the engine was ready')
      assert.equal(t.parent.posted.length, 0)
      engine.open()
      assert.deepEqual(await posted, { text: 'later' })
      await t.parent.when('ready')
    } finally {
      client.close()
      port.close()
    }
  })

  it('closes the ports it took when the engine then fails to open, and reports the failure', async () => {
    const engine = new MemoryEngine(new Error('disk full'), true)
    const t = host(engine)
    const { client, port } = connect(t.parent)
    try {
      assert.deepEqual(await client.call('timeline', {}), { items: [{ text: 'cached' }] })
      const closed = new Promise<void>((resolve) => port.once('close', () => resolve()))
      // The window learns of the failure from main (the engine's status), which refuses its held calls.
      client.call('post', { text: 'never' }).catch(() => {})
      while (!engine.held.includes('post')) await new Promise((resolve) => setImmediate(resolve))
      engine.open()
      await t.done
      await closed
      assert.deepEqual(t.exits, [1])
      assert.deepEqual(t.parent.posted, [{ type: 'failed', message: 'The rstatus engine could not start: disk full' }])
    } finally {
      client.close()
      port.close()
    }
  })

  it('serves several ports (a reloaded page gets a new one)', async () => {
    const t = host(new MemoryEngine())
    const a = connect(t.parent)
    const b = connect(t.parent)
    try {
      assert.deepEqual(await a.client.call('post', { text: 'a' }), { text: 'a' })
      assert.deepEqual(await b.client.call('post', { text: 'b' }), { text: 'b' })
    } finally {
      for (const c of [a, b]) {
        c.client.close()
        c.port.close()
      }
    }
  })

  it('closes the engine on request, says closed, exits 0', async () => {
    const engine = new MemoryEngine()
    const t = host(engine)
    const { client, port } = connect(t.parent)
    await client.call('post', { text: 'x' })
    const pending = new Promise<void>((resolve) => port.once('close', () => resolve()))
    t.parent.send({ type: 'close' })
    await t.done
    assert.equal(engine.closed, true)
    assert.deepEqual(t.parent.posted.at(-1), { type: 'closed' })
    assert.deepEqual(t.exits, [0])
    await pending
    client.close()
  })

  it('reports a failed start in one line and exits 1', async () => {
    const engine = new MemoryEngine(new RstatusError('DATA_DIR_LOCKED', 'The data directory /d is in use by another rstatus process (pid 7)'))
    const t = host(engine)
    await t.done
    assert.deepEqual(t.parent.posted, [{ type: 'failed', message: 'The data directory /d is in use by another rstatus process (pid 7)' }])
    assert.deepEqual(t.exits, [1])
    assert.equal(engine.closed, true)
  })

  it('never sends a stack trace for an unexpected failure', async () => {
    const t = host(new MemoryEngine(new Error('disk on fire\n    at open (/x.js:1:1)')))
    await t.done
    const msg = t.parent.posted[0]
    assert.equal(msg?.type, 'failed')
    assert.equal(msg?.type === 'failed' && msg.message, 'The rstatus engine could not start: disk on fire')
  })

  it('ignores control messages it does not know', async () => {
    const t = host(new MemoryEngine())
    await t.parent.when('ready')
    t.parent.send({ type: 'explode' })
    t.parent.send('close')
    t.parent.send(null)
    assert.deepEqual(t.exits, [])
  })
})

describe('engine messages', () => {
  it('carry the data folder on the command line', () => {
    assert.equal(dataDirFromArgs(['node', 'x.js', ...engineArgs('/home/a/.config/rstatus')]), '/home/a/.config/rstatus')
    assert.equal(dataDirFromArgs(['node', 'x.js']), null)
    assert.equal(dataDirFromArgs(['--rstatus-data-dir=']), null)
  })

  it('are checked both ways', () => {
    assert.equal(isToEngine({ type: 'connect' }), true)
    assert.equal(isToEngine({ type: 'ready' }), false)
    assert.equal(isFromEngine({ type: 'ready', key: 'k' }), true)
    assert.equal(isFromEngine({ type: 'failed' }), false)
    assert.equal(isFromEngine([]), false)
  })

})

