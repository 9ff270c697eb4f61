// The preload as Electron loads it: the bundled dist/preload/preload.cjs, evaluated as a sandboxed preload
// is, with a `require` that knows only 'electron'. Built here into a temp folder from the real vite config.
import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import vm from 'node:vm'
import { MessageChannel } from 'node:worker_threads'
import { build } from 'vite'
import { methods } from '../../../../shared/api/contract.js'
import { valuePortChannel } from '../../../../shared/rpc/port-channels.js'
import { serveRpc } from '../../../../shared/rpc/server.js'
import { IPC } from '../../../../shared/desktop/ipc.js'
import { PRELOAD_BUNDLE } from '../../../../electron/main/paths.js'
import { findRoot, PRELOAD_FILE, preloadBuildConfig } from '../../../../electron/preload/vite.config.js'
import { MemoryApi } from './memory-api.js'

type Listener = (event: { ports?: unknown[] }, ...args: unknown[]) => void

function loadPreload(code: string) {
  const listeners = new Map<string, Listener[]>()
  const sent: string[] = []
  const exposed = new Map<string, unknown>()
  const required: string[] = []
  const ipcRenderer = {
    on(channel: string, fn: Listener) {
      listeners.set(channel, [...(listeners.get(channel) ?? []), fn])
      return ipcRenderer
    },
    send(channel: string) {
      sent.push(channel)
    },
    invoke: async (channel: string) => (channel === IPC.getEngineStatus ? { state: 'running' } : undefined)
  }
  const electron = {
    ipcRenderer,
    contextBridge: {
      exposeInMainWorld: (key: string, api: unknown) => void exposed.set(key, api)
    }
  }
  const location = { hash: '' }
  const sandbox = {
    require(name: string) {
      required.push(name)
      if (name === 'electron') return electron
      throw new Error(`a sandboxed preload cannot require "${name}"`)
    },
    module: { exports: {} },
    exports: {},
    setTimeout,
    clearTimeout,
    location,
    console
  }
  vm.runInNewContext(code, sandbox, { filename: 'preload.cjs' })
  const emit = (channel: string, event: { ports?: unknown[] }, ...args: unknown[]) => {
    for (const l of listeners.get(channel) ?? []) l(event, ...args)
  }
  return { exposed, required, sent, emit, location }
}

describe('the bundled preload', () => {
  let outDir: string
  let code: string

  before(async () => {
    outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rstatus-preload-'))
    const root = findRoot(path.dirname(fileURLToPath(import.meta.url)))
    await build(preloadBuildConfig(root, outDir))
    code = fs.readFileSync(path.join(outDir, PRELOAD_FILE), 'utf8')
  })
  after(() => fs.rmSync(outDir, { recursive: true, force: true }))

  it('is the file main loads: one CommonJS file', () => {
    assert.equal(PRELOAD_FILE, PRELOAD_BUNDLE)
    assert.deepEqual(fs.readdirSync(outDir), [PRELOAD_FILE])
    assert.doesNotMatch(code, /^\s*(import|export)\s/m, 'no ES module syntax left')
  })

  it('requires nothing but electron, and exposes window.rstatus only', () => {
    const p = loadPreload(code)
    assert.deepEqual([...new Set(p.required)], ['electron'])
    assert.deepEqual([...p.exposed.keys()], ['rstatus'])
    const api = p.exposed.get('rstatus') as Record<string, unknown>
    for (const name of Object.keys(methods)) assert.equal(typeof api[name], 'function', name)
    assert.deepEqual(p.sent, [IPC.connect])
  })

  it('speaks the RPC format to the engine over the port main hands it', async () => {
    const p = loadPreload(code)
    const api = new MemoryApi('bundled')
    const { port1, port2 } = new MessageChannel()
    const dispose = serveRpc(api, valuePortChannel(port1))
    try {
      p.emit(IPC.enginePort, { ports: [port2] })
      const rstatus = p.exposed.get('rstatus') as {
        post(params: { text: string }): Promise<unknown>
        status(params: { uri: string }): Promise<unknown>
        on(event: string, fn: (d: unknown) => void): () => void
      }
      assert.deepEqual(await rstatus.post({ text: 'from the bundle' }), { text: 'from the bundle', engine: 'bundled' })
      await assert.rejects(rstatus.status({ uri: 'rstatus://x/1' }), (err) => (err as { code: string }).code === 'NOT_FOUND')
      const seen: unknown[] = []
      rstatus.on('sync', (d) => seen.push(d))
      await rstatus.post({ text: 'round trip' })
      api.emit('sync', { online: true, peers: 1, feeds: [] })
      await rstatus.post({ text: 'round trip' })
      assert.deepEqual(seen, [{ online: true, peers: 1, feeds: [] }])
    } finally {
      dispose()
      port1.close()
      port2.close()
    }
  })

  it('moves the page to the routes main sends', () => {
    const p = loadPreload(code)
    p.emit(IPC.navigate, {}, '/home')
    assert.equal(p.location.hash, '#/home')
    p.emit(IPC.navigate, {}, 'https://evil.example/')
    assert.equal(p.location.hash, '#/home')
  })
})
