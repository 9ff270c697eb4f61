// The real engine entry (engine-process.js) with the real Engine and serveRpc, in its own process, driven the
// way Electron drives a utility process: control messages on its parent port, RPC over a MessagePort. A local
// DHT stands in for the public one, through RSTATUS_BOOTSTRAP and RSTATUS_HOST as a developer would set them.
import assert from 'node:assert/strict'
import { fork, type ChildProcess } from 'node:child_process'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import { isRstatusError } from '../../../../shared/errors.js'
import { createRpcClient, type RpcChannel, type RpcClient } from '../../../../shared/rpc/client.js'
import { engineArgs, isFromEngine, type FromEngine } from '../../../../shared/desktop/engine-control.js'
import { startTestnet, type LocalTestnet } from '../../../helpers/testnet.js'
import { tmpDir } from '../../../helpers/tmp.js'
import type { FromChild, ToChild } from './engine-child-shim.js'

const shim = path.join(path.dirname(fileURLToPath(import.meta.url)), 'engine-child-shim.js')

class EngineProcess {
  readonly messages: FromEngine[] = []
  readonly exited: Promise<number | null>
  stderr = ''
  private readonly child: ChildProcess
  private waiters: Array<() => void> = []
  private nextConn = 1

  constructor(dataDir: string, env: Record<string, string>) {
    this.child = fork(shim, engineArgs(dataDir), {
      env: { ...process.env, ...env },
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'pipe', 'ipc']
    })
    this.child.stderr!.on('data', (d: Buffer) => (this.stderr += d.toString()))
    this.child.on('message', (m: FromChild) => {
      if ('fromEngine' in m && isFromEngine(m.fromEngine)) this.messages.push(m.fromEngine)
      this.wake()
    })
    this.exited = new Promise((resolve) =>
      this.child.once('exit', (code) => {
        resolve(code)
        this.wake()
      })
    )
  }

  private wake() {
    for (const w of this.waiters.splice(0)) w()
  }

  /** The first control message of this type; fails fast when the process exits or fails instead. */
  async next<T extends FromEngine['type']>(type: T): Promise<Extract<FromEngine, { type: T }>> {
    for (;;) {
      const found = this.messages.find((m): m is Extract<FromEngine, { type: T }> => m.type === type)
      if (found) return found
      const failed = this.messages.find((m) => m.type === 'failed')
      if (failed && type !== 'failed') throw new Error(`engine failed: ${JSON.stringify(failed)} ${this.stderr}`)
      if (this.child.exitCode !== null) throw new Error(`engine exited (${this.child.exitCode}) before "${type}": ${this.stderr}`)
      await new Promise<void>((resolve) => this.waiters.push(resolve))
    }
  }

  connect(): RpcClient {
    const conn = this.nextConn++
    const channel: RpcChannel = {
      send: (msg) => this.send({ conn, msg }),
      onMessage: (fn) => {
        const listener = (m: FromChild) => {
          if ('conn' in m && m.conn === conn) fn(m.msg)
        }
        this.child.on('message', listener)
        return () => void this.child.off('message', listener)
      }
    }
    this.send({ open: conn })
    return createRpcClient(channel)
  }

  close() {
    this.send({ control: { type: 'close' } })
  }

  kill() {
    if (this.child.exitCode === null) this.child.kill('SIGKILL')
  }

  private send(msg: ToChild) {
    if (this.child.connected) this.child.send(msg)
  }
}

describe('the engine process', () => {
  let testnet: LocalTestnet
  let env: Record<string, string>
  before(async () => {
    testnet = await startTestnet()
    env = { RSTATUS_BOOTSTRAP: testnet.bootstrap, RSTATUS_HOST: '127.0.0.1' }
  })
  after(() => testnet.close())

  it('opens the data folder, answers RPC over a port, and closes cleanly on request', async () => {
    const tmp = tmpDir()
    const engine = new EngineProcess(tmp.dir, env)
    let again: EngineProcess | null = null
    try {
      const ready = await engine.next('ready')
      assert.equal(ready.key.length, 52)
      const client = engine.connect()
      assert.equal((await client.call('whoami', {})).key, ready.key)
      const posted = await client.call('post', { text: 'hello from the desktop engine' })
      assert.equal(posted.text, 'hello from the desktop engine')
      const timeline = await client.call('timeline', {})
      assert.ok(timeline.items.some((s) => s.uri === posted.uri))
      await assert.rejects(client.call('post', { text: '' }), (err) => isRstatusError(err))
      engine.close()
      await engine.next('closed')
      assert.equal(await engine.exited, 0)
      client.close()

      // the lock is released and the post is there for the next run, whose port is taken before it is
      // ready: the window's first screen is answered from the views as they were kept
      again = new EngineProcess(tmp.dir, env)
      const c = again.connect()
      const [t, me] = await Promise.all([c.call('timeline', {}), c.call('whoami', {})])
      assert.ok(t.items.some((s) => s.text === 'hello from the desktop engine'))
      assert.equal(me.key, ready.key)
      await again.next('ready')
      assert.deepEqual(await c.call('whoami', {}), me)
      again.close()
      assert.equal(await again.exited, 0)
      c.close()
    } finally {
      engine.kill()
      again?.kill()
      tmp.cleanup()
    }
  })

  it('refuses a data folder another peer holds, in one line, and exits', async () => {
    const tmp = tmpDir()
    const first = new EngineProcess(tmp.dir, env)
    let second: EngineProcess | null = null
    try {
      await first.next('ready')
      second = new EngineProcess(tmp.dir, env)
      const failed = await second.next('failed')
      assert.match(failed.message, /in use/)
      assert.doesNotMatch(failed.message, /\n|\s+at\s/)
      assert.equal(await second.exited, 1)
      first.close()
      assert.equal(await first.exited, 0)
    } finally {
      first.kill()
      second?.kill()
      tmp.cleanup()
    }
  })

  it('says clearly when RSTATUS_BOOTSTRAP is malformed', async () => {
    const tmp = tmpDir()
    const engine = new EngineProcess(tmp.dir, { RSTATUS_BOOTSTRAP: 'not-a-host' })
    try {
      const failed = await engine.next('failed')
      assert.match(failed.message, /RSTATUS_BOOTSTRAP/)
      assert.equal(await engine.exited, 1)
    } finally {
      engine.kill()
      tmp.cleanup()
    }
  })
})
