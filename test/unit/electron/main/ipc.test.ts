import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { isTrustedSender, senderInfo } from '../../../../electron/main/ipc.js'
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
  it('lets the renderer use only the three channels main listens on', () => {
    assert.deepEqual([...RENDERER_TO_MAIN].sort(), [IPC.connect, IPC.getEngineStatus, IPC.restartEngine].sort())
  })

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
