import { test, describe } from 'node:test'
import assert from 'node:assert/strict'
import { MessageChannel } from 'node:worker_threads'
import type { Api, EventName, Events, MethodName, Params, Result } from '../../../../shared/api/contract.js'
import { RstatusError } from '../../../../shared/errors.js'
import { createRpcClient } from '../../../../shared/rpc/client.js'
import { EVENT_NAMES } from '../../../../shared/rpc/messages.js'
import { valuePortChannel } from '../../../../shared/rpc/port-channels.js'
import { serveRpc } from '../../../../shared/rpc/server.js'

const KEY = 'y'.repeat(52)

/** An in-memory Api: records calls, answers a few methods, and can emit events. */
function fakeApi() {
  const calls: Array<{ method: string; params: unknown }> = []
  const listeners = new Map<string, Set<(data: unknown) => void>>()
  const api: Api = {
    async call<M extends MethodName>(method: M, params: Params<M>): Promise<Result<M>> {
      calls.push({ method, params })
      if (method === 'whoami') {
        return { key: KEY, uri: `rstatus://${KEY}`, profile: { key: KEY, uri: `rstatus://${KEY}`, name: null, bio: '', statuses: 1 } } as Result<M>
      }
      if (method === 'delete') throw new RstatusError('NOT_FOUND', 'No such status')
      if (method === 'like') throw new Error('disk on fire at /home/secret/path')
      if (method === 'syncState') return new Promise(() => {}) // never answers
      return { uri: 'rstatus://x/1' } as Result<M>
    },
    on<E extends EventName>(event: E, fn: (data: Events[E]) => void) {
      let set = listeners.get(event)
      if (!set) listeners.set(event, (set = new Set()))
      set.add(fn as (data: unknown) => void)
      return () => void set.delete(fn as (data: unknown) => void)
    }
  }
  const emit = <E extends EventName>(event: E, data: Events[E]) => {
    for (const fn of listeners.get(event) ?? []) fn(data)
  }
  const listenerCount = () => [...listeners.values()].reduce((n, s) => n + s.size, 0)
  return { api, calls, emit, listenerCount }
}

function setup(opts: Parameters<typeof serveRpc>[2] = {}) {
  const { port1, port2 } = new MessageChannel()
  const fake = fakeApi()
  const logged: string[] = []
  const dispose = serveRpc(fake.api, valuePortChannel(port1), { log: (l) => logged.push(l), ...opts })
  const client = createRpcClient(valuePortChannel(port2))
  const teardown = () => {
    client.close()
    dispose()
    port1.close()
    port2.close()
  }
  return { ...fake, client, dispose, logged, port1, port2, teardown }
}

async function rejectsWith(p: Promise<unknown>, code: string): Promise<RstatusError> {
  try {
    await p
  } catch (err) {
    assert.ok(err instanceof RstatusError, `expected an RstatusError, got ${String(err)}`)
    assert.equal(err.code, code)
    return err
  }
  assert.fail(`expected a rejection with ${code}`)
}

describe('RPC over a MessagePort', () => {
  test('a call reaches the api with validated params and returns its result', async (t) => {
    const s = setup()
    t.after(s.teardown)
    const me = await s.client.call('whoami', {})
    assert.equal(me.key, KEY)
    await s.client.call('post', { text: 'hello' })
    assert.deepEqual(s.calls.map((c) => c.method), ['whoami', 'post'])
    assert.deepEqual({ ...(s.calls[1]?.params as object) }, { text: 'hello' })
  })

  test('an unknown method is refused with UNKNOWN_METHOD and never reaches the api', async (t) => {
    const s = setup()
    t.after(s.teardown)
    const call = s.client.call as (m: string, p: unknown) => Promise<unknown>
    const err = await rejectsWith(call('dropTables', {}), 'UNKNOWN_METHOD')
    assert.match(err.message, /dropTables/)
    await rejectsWith(call('__proto__', {}), 'UNKNOWN_METHOD')
    await rejectsWith(call('constructor', {}), 'UNKNOWN_METHOD')
    assert.equal(s.calls.length, 0)
  })

  test('bad params are refused with INVALID_INPUT and never reach the api', async (t) => {
    const s = setup()
    t.after(s.teardown)
    const call = s.client.call as (m: string, p: unknown) => Promise<unknown>
    await rejectsWith(call('post', { text: 42 }), 'INVALID_INPUT')
    await rejectsWith(call('post', { text: 'x', extra: true }), 'INVALID_INPUT')
    await rejectsWith(call('timeline', { limit: -1 }), 'INVALID_INPUT')
    await rejectsWith(call('post', 'not an object'), 'INVALID_INPUT')
    await rejectsWith(call('timeline', { limit: 1.5 }), 'INVALID_INPUT')
    assert.equal(s.calls.length, 0)
  })

  test('a method outside the allow list is refused with NOT_ALLOWED', async (t) => {
    const s = setup({ allow: (m) => m === 'whoami' })
    t.after(s.teardown)
    await s.client.call('whoami', {})
    await rejectsWith(s.client.call('post', { text: 'hi' }), 'NOT_ALLOWED')
    assert.deepEqual(s.calls.map((c) => c.method), ['whoami'])
  })

  test('a contract error crosses with its code and message', async (t) => {
    const s = setup()
    t.after(s.teardown)
    const err = await rejectsWith(s.client.call('delete', { uri: 'rstatus://x/1' }), 'NOT_FOUND')
    assert.equal(err.message, 'No such status')
  })

  test('an unexpected error becomes INTERNAL without its detail, which is logged locally', async (t) => {
    const s = setup()
    t.after(s.teardown)
    const err = await rejectsWith(s.client.call('like', { of: 'rstatus://x/1' }), 'INTERNAL')
    assert.doesNotMatch(err.message, /secret|disk on fire/)
    assert.equal(s.logged.length, 1)
    assert.match(s.logged[0] ?? '', /disk on fire/)
  })

  test('malformed messages with an id get INVALID_INPUT; without one they are ignored', async (t) => {
    const s = setup()
    t.after(s.teardown)
    const replies: unknown[] = []
    const got = new Promise<void>((resolve) => {
      s.port2.on('message', (m) => {
        replies.push(m)
        resolve()
      })
    })
    s.port2.postMessage('garbage')
    s.port2.postMessage({ method: 'whoami' })
    s.port2.postMessage({ id: 7, method: 42 })
    await got
    // a well-formed call after the garbage still works, so the server survived it
    await s.client.call('whoami', {})
    assert.deepEqual(replies[0], { id: 7, error: { code: 'INVALID_INPUT', message: 'Malformed RPC request' } })
    assert.equal(s.calls.length, 1)
  })

  test('events from the api are delivered to subscribers until they unsubscribe', async (t) => {
    const s = setup()
    t.after(s.teardown)
    const seen: Array<Events['network']> = []
    let resolveFirst!: () => void
    const first = new Promise<void>((r) => (resolveFirst = r))
    const off = s.client.on('network', (data) => {
      seen.push(data)
      resolveFirst()
    })
    s.emit('network', { online: true, peers: 3 })
    await first
    off()
    s.emit('network', { online: false, peers: 0 })
    await s.client.call('whoami', {}) // a round trip: anything emitted before it has arrived
    assert.deepEqual(seen, [{ online: true, peers: 3 }])
  })

  test('pending calls reject with CLOSED when the client closes, and later calls too', async (t) => {
    const s = setup()
    t.after(s.teardown)
    const pending = s.client.call('syncState', {})
    s.client.close()
    await rejectsWith(pending, 'CLOSED')
    await rejectsWith(s.client.call('whoami', {}), 'CLOSED')
  })

  test('pending calls reject with CLOSED when the port closes', async (t) => {
    const s = setup()
    t.after(s.teardown)
    const pending = s.client.call('syncState', {})
    await s.client.call('whoami', {}) // the syncState request has reached the server
    s.port1.close()
    await rejectsWith(pending, 'CLOSED')
    assert.equal(s.client.closed, true)
  })

  test('a call with a timeout rejects with TIMEOUT when no answer comes', async (t) => {
    const { port1, port2 } = new MessageChannel()
    const fake = fakeApi()
    const dispose = serveRpc(fake.api, valuePortChannel(port1))
    const client = createRpcClient(valuePortChannel(port2), { timeout: 50 })
    t.after(() => {
      client.close()
      dispose()
      port1.close()
    })
    await rejectsWith(client.call('syncState', {}), 'TIMEOUT')
    assert.equal((await client.call('whoami', {})).key, KEY)
  })

  test('disposing the server unsubscribes it from every event', async (t) => {
    const s = setup()
    t.after(s.teardown)
    assert.equal(s.listenerCount(), EVENT_NAMES.length)
    s.dispose()
    assert.equal(s.listenerCount(), 0)
  })
})
