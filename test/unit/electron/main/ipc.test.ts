import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fs from 'node:fs'
import { createBridge } from '../../../../electron/preload/bridge.js'
import { isTrustedSender, listenToRenderer, senderInfo, type IpcEventLike, type IpcMainLike } from '../../../../electron/main/ipc.js'
import { IPC, RENDERER_TO_MAIN, isEngineStatus, isNavigableRoute } from '../../../../shared/desktop/ipc.js'

const WINDOW = 7
const mainFrame = (url: string) => ({ url, parent: null })

describe('isTrustedSender', () => {
  it('accepts the main frame of our window showing our page', () => {
    const event = { sender: { id: WINDOW }, senderFrame: mainFrame('app://rstatus/index.html#/home') }
    assert.equal(isTrustedSender(senderInfo(event), WINDOW), true)
  })

  it('rejects a foreign page in our window (after a navigation slipped through)', () => {
    const event = { sender: { id: WINDOW }, senderFrame: mainFrame('https://evil.example/') }
    assert.equal(isTrustedSender(senderInfo(event), WINDOW), false)
  })

  it('rejects a subframe, even one showing an app URL', () => {
    const event = { sender: { id: WINDOW }, senderFrame: { url: 'app://rstatus/index.html', parent: {} } }
    assert.equal(isTrustedSender(senderInfo(event), WINDOW), false)
  })

  it('rejects other webContents and destroyed frames', () => {
    assert.equal(isTrustedSender(senderInfo({ sender: { id: 99 }, senderFrame: mainFrame('app://rstatus/index.html') }), WINDOW), false)
    assert.equal(isTrustedSender(senderInfo({ sender: { id: WINDOW }, senderFrame: null }), WINDOW), false)
  })

  it('rejects everything when there is no window', () => {
    assert.equal(isTrustedSender(senderInfo({ sender: { id: WINDOW }, senderFrame: mainFrame('app://rstatus/') }), null), false)
  })

  it('rejects a look-alike host and file:// pages', () => {
    for (const url of ['app://rstatus.evil/index.html', 'file:///work/dist/renderer/index.html', 'app://evil/index.html']) {
      assert.equal(isTrustedSender(senderInfo({ sender: { id: WINDOW }, senderFrame: mainFrame(url) }), WINDOW), false, url)
    }
  })
})

describe('the IPC contract', () => {
  it('recognises engine statuses', () => {
    assert.equal(isEngineStatus({ state: 'running' }), true)
    assert.equal(isEngineStatus({ state: 'crashed', message: 'x' }), true)
    assert.equal(isEngineStatus({ state: 'exploded' }), false)
    assert.equal(isEngineStatus({ state: 'failed', message: 3 }), false)
    assert.equal(isEngineStatus(null), false)
  })

  it('accepts only the routes the shell sends', () => {
    const key = 'y'.repeat(52)
    assert.equal(isNavigableRoute('/home'), true)
    assert.equal(isNavigableRoute(`/profile/${key}`), true)
    assert.equal(isNavigableRoute(`/status/${key}/12`), true)
    for (const bad of ['/profile/abc', `/status/${key}/x`, 'javascript:alert(1)', '/home?x', '//evil.example', `/profile/${key}/../x`, 42]) {
      assert.equal(isNavigableRoute(bad), false, String(bad))
    }
  })
})

/** ipcMain as listenToRenderer sees it: records what main listens on, and lets the test send as a renderer would. */
class FakeIpcMain implements IpcMainLike {
  readonly onChannels: string[] = []
  readonly handleChannels: string[] = []
  private readonly listeners = new Map<string, (event: IpcEventLike) => unknown>()
  on(channel: string, listener: (event: IpcEventLike) => void) {
    this.onChannels.push(channel)
    this.listeners.set(channel, listener)
    return this
  }
  handle(channel: string, listener: (event: IpcEventLike) => unknown) {
    this.handleChannels.push(channel)
    this.listeners.set(channel, listener)
  }
  /** A message on `channel` from a frame showing `url` in the webContents `sender`. */
  async deliver(channel: string, sender: number, url = 'app://rstatus/index.html') {
    return this.listeners.get(channel)!({ sender: { id: sender }, senderFrame: mainFrame(url) })
  }
}

function listen() {
  const ipcMain = new FakeIpcMain()
  const done: string[] = []
  const logged: string[] = []
  listenToRenderer(
    ipcMain,
    {
      [IPC.connect]: () => void done.push('connect'),
      [IPC.getEngineStatus]: () => ({ state: 'running' }),
      [IPC.restartEngine]: () => void done.push('restart')
    },
    { windowId: () => WINDOW, log: (line) => logged.push(line) }
  )
  return { ipcMain, done, logged }
}

describe('listenToRenderer', () => {
  it('listens on exactly the channels the preload sends and invokes, and on nothing else', async () => {
    const { ipcMain } = listen()
    // The real preload bridge, against an ipcRenderer that records what it uses.
    const sent: string[] = []
    const invoked: string[] = []
    const bridge = createBridge(
      {
        on: () => undefined,
        send: (channel) => void sent.push(channel),
        invoke: async (channel) => {
          invoked.push(channel)
          return { state: 'starting' }
        }
      },
      { navigate: () => {} }
    )
    await bridge.restartEngine()
    assert.deepEqual([...new Set(sent)].sort(), [...ipcMain.onChannels].sort())
    assert.deepEqual([...new Set(invoked)].sort(), [...ipcMain.handleChannels].sort())
    assert.deepEqual([...ipcMain.onChannels, ...ipcMain.handleChannels].sort(), [...RENDERER_TO_MAIN].sort())
  })

  it('answers the rstatus window, and drops messages from anything else', async () => {
    const { ipcMain, done, logged } = listen()
    await ipcMain.deliver(IPC.connect, WINDOW)
    assert.deepEqual(await ipcMain.deliver(IPC.getEngineStatus, WINDOW), { state: 'running' })
    await ipcMain.deliver(IPC.restartEngine, WINDOW)
    assert.deepEqual(done, ['connect', 'restart'])

    await ipcMain.deliver(IPC.connect, 99)
    await assert.rejects(async () => ipcMain.deliver(IPC.restartEngine, WINDOW, 'https://evil.example/'), /Refused/)
    await assert.rejects(async () => ipcMain.deliver(IPC.getEngineStatus, 99), /Refused/)
    assert.deepEqual(done, ['connect', 'restart'])
    assert.equal(logged.length, 3)
  })

  it('is the only way main.ts listens to the renderer', () => {
    // main.ts needs Electron to run, so what it listens on is checked in its source.
    const main = fs.readFileSync(new URL('../../../../../electron/main/main.ts', import.meta.url), 'utf8')
    assert.match(main, /listenToRenderer\(\s*ipcMain,/)
    assert.doesNotMatch(main, /ipcMain\.(on|once|handle|handleOnce|addListener)\(/)
  })
})
