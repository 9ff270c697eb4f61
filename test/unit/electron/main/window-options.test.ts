import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { windowOptions } from '../../../../electron/main/window-options.js'

describe('windowOptions', () => {
  const opts = windowOptions({
    preloadPath: '/app/dist/preload/preload.cjs',
    state: { x: 5, y: 6, width: 1000, height: 700, maximized: false },
    dark: false
  })
  const web = opts.webPreferences!

  it('isolates and sandboxes the page, with no Node', () => {
    assert.equal(web.contextIsolation, true)
    assert.equal(web.sandbox, true)
    assert.equal(web.nodeIntegration, false)
    assert.equal(web.nodeIntegrationInWorker, false)
    assert.equal(web.nodeIntegrationInSubFrames, false)
  })

  it('keeps web security on and the risky features off', () => {
    assert.equal(web.webSecurity, true)
    assert.equal(web.allowRunningInsecureContent, false)
    assert.equal(web.webviewTag, false)
    assert.equal(web.experimentalFeatures, false)
    assert.equal(web.navigateOnDragDrop, false)
    assert.ok(!web.enableBlinkFeatures)
  })

  it('loads the bundled preload', () => {
    assert.equal(web.preload, '/app/dist/preload/preload.cjs')
  })

  it('restores size and position, and shows only when ready', () => {
    assert.equal(opts.width, 1000)
    assert.equal(opts.height, 700)
    assert.equal(opts.x, 5)
    assert.equal(opts.y, 6)
    assert.equal(opts.show, false)
  })

  it('leaves the position to the OS when none is saved', () => {
    const o = windowOptions({ preloadPath: '/p.cjs', state: { width: 1000, height: 700, maximized: false }, dark: true })
    assert.equal('x' in o, false)
    assert.equal('y' in o, false)
    assert.notEqual(o.backgroundColor, opts.backgroundColor)
  })
})
