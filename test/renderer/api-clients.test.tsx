import { describe, expect, it } from 'vitest'
import type { WebSocketLike } from '../../shared/rpc/websocket-channel.js'
import { RstatusError } from '../../shared/errors.js'
import { engineConnection, fromPreload, type EngineStatus, type PreloadBridge } from '../../renderer/api/preload-client.js'
import { createReconnectingClient, TOKEN_REFUSED } from '../../renderer/api/websocket-client.js'

/** A socket the test drives by hand: it opens, answers, and drops when told. */
class TestSocket implements WebSocketLike {
  readyState = 0
  sent: unknown[] = []
  private handlers = new Map<string, Set<(e?: unknown) => void>>()
  constructor(readonly url: string) {}
  send(data: string) { this.sent.push(JSON.parse(data)) }
  close() { this.drop() }
  addEventListener(event: string, fn: (e: { data: unknown }) => void) {
    if (!this.handlers.has(event)) this.handlers.set(event, new Set())
    this.handlers.get(event)!.add(fn as (e?: unknown) => void)
  }
  removeEventListener(event: string, fn: (e: { data: unknown }) => void) {
    this.handlers.get(event)?.delete(fn as (e?: unknown) => void)
  }
  private fire(event: string, e?: unknown) { for (const fn of [...(this.handlers.get(event) ?? [])]) fn(e) }
  open() { this.readyState = 1; this.fire('open') }
  receive(msg: unknown) { this.fire('message', { data: JSON.stringify(msg) }) }
  drop() { if (this.readyState === 3) return; this.readyState = 3; this.fire('close') }
  /** Answers every request sent so far with `result`. */
  answerAll(result: unknown) {
    for (const req of this.sent.splice(0) as Array<{ id: number }>) this.receive({ id: req.id, result })
  }
}

const tick = (ms = 5) => new Promise((r) => setTimeout(r, ms))

describe('the WebSocket client', () => {
  function setup() {
    const sockets: TestSocket[] = []
    const client = createReconnectingClient({
      url: 'ws://127.0.0.1:9/rpc',
      backoff: [1],
      createSocket: (url) => {
        const s = new TestSocket(url)
        sockets.push(s)
        return s
      }
    })
    return { client, sockets }
  }

  it('connects to /rpc, calls, and hears events', async () => {
    const { client, sockets } = setup()
    expect(sockets[0]?.url).toBe('ws://127.0.0.1:9/rpc')
    expect(client.connection.get()).toBe('connecting')
    sockets[0]!.open()
    expect(client.connection.get()).toBe('open')
    const answer = client.call('whoami', {})
    await tick()
    expect(sockets[0]!.sent).toEqual([{ id: 1, method: 'whoami', params: {} }])
    sockets[0]!.answerAll({ key: 'k' })
    expect(await answer).toEqual({ key: 'k' })
    const heard: unknown[] = []
    client.on('network', (d) => heard.push(d))
    sockets[0]!.receive({ event: 'network', data: { online: true, peers: 1 } })
    expect(heard).toEqual([{ online: true, peers: 1 }])
    client.close()
  })

  it('says the connection is lost, reconnects, and keeps listeners and later calls working', async () => {
    const { client, sockets } = setup()
    sockets[0]!.open()
    const heard: unknown[] = []
    client.on('notifications', (d) => heard.push(d))
    const states: string[] = []
    client.connection.subscribe(() => states.push(client.connection.get()))

    const inFlight = client.call('syncState', {})
    await tick()
    sockets[0]!.drop()
    await expect(inFlight).rejects.toMatchObject({ code: 'CLOSED' })
    expect(client.connection.get()).toBe('lost')

    const waiting = client.call('whoami', {})
    await tick(20)
    expect(sockets).toHaveLength(2)
    sockets[1]!.open()
    await tick()
    sockets[1]!.answerAll({ key: 'again' })
    expect(await waiting).toEqual({ key: 'again' })
    sockets[1]!.receive({ event: 'notifications', data: { unread: 4 } })
    expect(heard).toEqual([{ unread: 4 }])
    expect(states).toEqual(['open', 'lost', 'open'].slice(1))
    client.close()
  })

  it('keeps trying while the server is away, and stops when closed', async () => {
    const { client, sockets } = setup()
    sockets[0]!.drop()
    await tick(20)
    sockets[1]?.drop()
    await tick(20)
    expect(sockets.length).toBeGreaterThanOrEqual(3)
    client.close()
    const count = sockets.length
    await tick(20)
    expect(sockets.length).toBe(count)
  })

  it('stops retrying and says what to do when the server refuses the tab\'s token, and checks again on request', async () => {
    let access: boolean | null = false
    const sockets: TestSocket[] = []
    const client = createReconnectingClient({
      url: 'ws://127.0.0.1:9/rpc',
      backoff: [1],
      checkAccess: async () => access,
      createSocket: (url) => {
        const s = new TestSocket(url)
        sockets.push(s)
        return s
      }
    })
    sockets[0]!.open()
    sockets[0]!.drop()
    await tick(20)
    expect(client.connection.get()).toBe('lost')
    expect(client.connection.message()).toBe(TOKEN_REFUSED)
    expect(sockets).toHaveLength(1)

    access = true
    client.connection.retry()
    expect(sockets).toHaveLength(2)
    sockets[1]!.open()
    expect(client.connection.get()).toBe('open')
    expect(client.connection.message()).toBeNull()
    client.close()
  })
})

describe('the Electron bridge client', () => {
  it('calls the bridge function named by the method and passes events through', async () => {
    const seen: unknown[] = []
    let listener: ((d: unknown) => void) | null = null
    const bridge = {
      whoami: async (params: unknown) => {
        seen.push(params)
        return { key: 'me' }
      },
      on: (_event: string, fn: (d: unknown) => void) => {
        listener = fn
        return () => (listener = null)
      }
    } as unknown as PreloadBridge
    const api = fromPreload(bridge)
    expect(await api.call('whoami', {})).toEqual({ key: 'me' })
    expect(seen).toEqual([{}])
    const heard: unknown[] = []
    const off = api.on('sync', (d) => heard.push(d))
    listener!({ online: true })
    off()
    expect(heard).toEqual([{ online: true }])
    expect(listener).toBeNull()
  })

  it('turns bridged errors into one readable RstatusError', async () => {
    const bridge = {
      post: async () => {
        throw Object.assign(new Error("Error invoking remote method 'rpc': RstatusError: The status is empty"), { code: 'EMPTY_TEXT' })
      },
      on: () => () => {}
    } as unknown as PreloadBridge
    const err = await fromPreload(bridge).call('post', { text: '' }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(RstatusError)
    expect(err).toMatchObject({ code: 'EMPTY_TEXT', message: 'The status is empty' })
  })
})

describe('the desktop engine as a connection', () => {
  it('is lost with the reason when the engine crashes, and retry restarts it', async () => {
    let push: ((s: EngineStatus) => void) | null = null
    let restarts = 0
    const bridge = {
      on: () => () => {},
      engineStatus: () => ({ state: 'starting' }),
      onEngineStatus: (fn: (s: EngineStatus) => void) => {
        push = fn
        return () => {}
      },
      restartEngine: async () => {
        restarts++
      }
    } as unknown as PreloadBridge
    const connection = engineConnection(bridge)
    expect([connection.kind, connection.get()]).toEqual(['engine', 'connecting'])
    push!({ state: 'running' })
    expect(connection.get()).toBe('open')
    push!({ state: 'crashed', message: 'The rstatus engine stopped unexpectedly (exit code 1).' })
    expect(connection.get()).toBe('lost')
    expect(connection.message()).toBe('The rstatus engine stopped unexpectedly (exit code 1).')
    connection.retry()
    expect(restarts).toBe(1)
  })
})
