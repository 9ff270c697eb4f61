// Keeps the engine's utility process: starts it, hands it MessagePorts, notices when it dies, restarts it
// on request, and closes it on quit: ask first, wait a bounded time, then kill. Written against a small
// process interface so it is tested with fakes; main.ts passes Electron's utilityProcess.fork.
import type { EngineStatus } from '../../shared/desktop/ipc.js'
import { isFromEngine, type ToEngine } from '../../shared/desktop/engine-control.js'

/** The part of Electron's UtilityProcess this needs. */
export interface EngineProcess {
  postMessage(message: ToEngine, transfer?: unknown[]): void
  on(event: 'message', listener: (message: unknown) => void): unknown
  on(event: 'exit', listener: (code: number) => void): unknown
  kill(): boolean
}

export interface SupervisorOptions {
  spawn(): EngineProcess
  onStatus(status: EngineStatus): void
  /** How long a clean close may take before the process is killed. */
  closeTimeoutMs?: number
  log?: (line: string) => void
}

const DEFAULT_CLOSE_TIMEOUT_MS = 10_000
/** After kill(), how long to wait for 'exit' before giving up on it. */
const KILL_GRACE_MS = 2_000

export class EngineSupervisor {
  private child: EngineProcess | null = null
  private current: EngineStatus = { state: 'stopped' }
  private exited: Promise<void> = Promise.resolve()
  private stopping: Promise<void> | null = null
  private readonly opts: SupervisorOptions

  constructor(opts: SupervisorOptions) {
    this.opts = opts
  }

  get status(): EngineStatus {
    return { ...this.current }
  }

  get alive(): boolean {
    return this.child !== null
  }

  /** Starts the engine unless one is already running or starting. Returns whether it started one. */
  start(): boolean {
    if (this.child || this.stopping) return false
    const child = this.opts.spawn()
    this.child = child
    this.setStatus({ state: 'starting' })
    let resolveExit!: () => void
    this.exited = new Promise((resolve) => (resolveExit = resolve))
    child.on('message', (msg) => {
      if (this.child !== child || !isFromEngine(msg)) return
      if (msg.type === 'ready' && this.current.state === 'starting') this.setStatus({ state: 'running' })
      // a failure while closing is just the end of a close; reporting it would offer a restart on quit
      else if (msg.type === 'failed' && this.current.state !== 'stopping') this.setStatus({ state: 'failed', message: msg.message })
    })
    child.on('exit', (code) => {
      resolveExit()
      if (this.child !== child) return
      this.child = null
      const state = this.current.state
      if (state === 'stopping') this.setStatus({ state: 'stopped' })
      else if (state !== 'failed') {
        this.opts.log?.(`engine process exited unexpectedly (code ${code})`)
        this.setStatus({
          state: 'crashed',
          message: `The rstatus engine stopped unexpectedly (exit code ${code}). Your data is safe; restart it to continue.`
        })
      }
    })
    return true
  }

  /** Starts a new engine after a crash or a failure; a running engine is left alone. */
  restart(): boolean {
    if (this.child) return false
    return this.start()
  }

  /** Hands one end of a MessageChannel to the engine. False when there is no engine to take it. */
  connect(port: unknown): boolean {
    if (!this.child || this.current.state === 'stopping') return false
    try {
      this.child.postMessage({ type: 'connect' }, [port])
      return true
    } catch (err) {
      this.opts.log?.(`could not hand a port to the engine: ${(err as Error).message}`)
      return false
    }
  }

  /** Asks the engine to close, waits for it to exit (bounded), kills it if it does not. Idempotent. */
  stop(): Promise<void> {
    if (this.stopping) return this.stopping
    const child = this.child
    if (!child) return Promise.resolve()
    this.setStatus({ state: 'stopping' })
    const timeout = this.opts.closeTimeoutMs ?? DEFAULT_CLOSE_TIMEOUT_MS
    this.stopping = (async () => {
      try {
        child.postMessage({ type: 'close' })
      } catch {
        // the process is already gone; 'exit' settles the wait below
      }
      if (!(await settlesWithin(this.exited, timeout))) {
        this.opts.log?.(`engine did not close within ${timeout} ms; killing it`)
        child.kill()
        await settlesWithin(this.exited, KILL_GRACE_MS)
      }
      if (this.child === child) {
        this.child = null
        this.setStatus({ state: 'stopped' })
      }
    })().finally(() => {
      this.stopping = null
    })
    return this.stopping
  }

  private setStatus(status: EngineStatus) {
    this.current = status
    this.opts.onStatus({ ...status })
  }
}

function settlesWithin(promise: Promise<void>, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms)
    promise.then(() => {
      clearTimeout(timer)
      resolve(true)
    })
  })
}
