// The engine's side of the utility process: open the engine, serve RPC on every MessagePort main hands over,
// and close cleanly when asked. Plain Node, no `electron` import, so it is tested with Node's MessageChannel.
import type { Api } from '../../shared/api/contract.js'
import { isRstatusError, oneLine } from '../../shared/errors.js'
import type { RpcChannel } from '../../shared/rpc/client.js'
import { eventPortChannel, type EventPort } from '../../shared/rpc/port-channels.js'
import { isToEngine, type FromEngine } from '../../shared/desktop/engine-control.js'

/** A MessagePort as the engine receives it: Electron's MessagePortMain (or a Node worker_threads port). */
export interface HostPort extends EventPort {
  on(event: 'message', fn: (e: { data: unknown }) => void): unknown
  on(event: 'close', fn: () => void): unknown
  off?(event: 'message' | 'close', fn: (...args: never[]) => void): unknown
  close(): void
}

/** process.parentPort in a utility process. */
export interface ParentPort {
  on(event: 'message', fn: (e: { data: unknown; ports: readonly HostPort[] }) => void): unknown
  postMessage(msg: FromEngine): void
}

export interface HostedEngine {
  /** Resolves once the engine takes calls (the first screen's reads answered from its cached views). */
  takingCalls(): Promise<void>
  ready(): Promise<void>
  goOnline(): Promise<void>
  close(): Promise<void>
  readonly key: string
  readonly api: Api
}

export interface EngineHostOptions {
  createEngine(): HostedEngine
  serve(api: Api, channel: RpcChannel): () => void
  exit(code: number): void
  log(line: string): void
}

export interface EngineHost {
  /** Settles once the engine is closed (after a 'close' message or a failed start). */
  readonly done: Promise<void>
}

export function runEngineHost(parent: ParentPort, opts: EngineHostOptions): EngineHost {
  const connections = new Set<{ port: HostPort; dispose: () => void }>()
  let engine: HostedEngine | null = null
  let closing = false
  let finished = false
  let resolveDone!: () => void
  const done = new Promise<void>((resolve) => (resolveDone = resolve))

  function finish(code: number) {
    if (finished) return
    finished = true
    resolveDone()
    opts.exit(code)
  }

  async function fail(err: unknown): Promise<null> {
    const message = startFailure(err)
    opts.log(message)
    parent.postMessage({ type: 'failed', message })
    // The start failed and was reported above; closing lets go of what it had opened, come what may.
    await engine?.close().catch(() => undefined)
    // Ports taken before the failure have had their held calls answered with it by now.
    for (const conn of connections) {
      conn.dispose()
      conn.port.close()
    }
    connections.clear()
    finish(1)
    return null
  }

  let createFailure: unknown = null
  try {
    engine = opts.createEngine()
  } catch (err) {
    createFailure = err
  }
  const created = engine

  // Resolves to the open engine, or null when it could not start.
  const ready: Promise<HostedEngine | null> = (async () => {
    try {
      if (!created) throw createFailure
      await created.ready()
      return created
    } catch (err) {
      return fail(err)
    }
  })()

  void ready.then((open) => {
    if (!open || closing) return
    parent.postMessage({ type: 'ready', key: open.key })
    open.goOnline().catch((err) => opts.log(`could not go online: ${oneLine(err)}`))
  })

  parent.on('message', (e) => {
    const msg = e.data
    if (!isToEngine(msg)) return
    if (msg.type === 'connect') {
      const port = e.ports[0]
      if (port) void connect(port)
    } else {
      void close()
    }
  })

  // Resolves to the engine once it takes calls, or null when it could not start. Calls the engine cannot
  // answer yet wait inside it for ready(); a window's first screen is answered from the cached views.
  const taking: Promise<HostedEngine | null> = (async () => {
    try {
      if (!created) return null
      await created.takingCalls()
      return created
    } catch {
      return null // the failure is reported once, by the ready path above
    }
  })()

  async function connect(port: HostPort) {
    // Calls made before the engine takes them wait in the port's queue; it starts once we listen.
    const open = await taking
    if (!open || closing || finished) {
      port.close()
      return
    }
    const channel = eventPortChannel(port, {
      onClose(fn) {
        port.on('close', fn)
        return () => void port.off?.('close', fn)
      }
    })
    const conn = { port, dispose: opts.serve(open.api, channel) }
    connections.add(conn)
    port.on('close', () => {
      conn.dispose()
      connections.delete(conn)
    })
  }

  async function close() {
    if (closing) return
    closing = true
    for (const conn of connections) {
      conn.dispose()
      conn.port.close()
    }
    connections.clear()
    const open = await ready
    if (!open) return
    try {
      await open.close()
    } catch (err) {
      opts.log(`engine close failed: ${oneLine(err)}`)
    }
    parent.postMessage({ type: 'closed' })
    finish(0)
  }

  return { done }
}


function startFailure(err: unknown): string {
  if (isRstatusError(err)) return oneLine(err)
  return `The rstatus engine could not start: ${oneLine(err)}`
}
