import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, it } from 'node:test'
import {
  DEFAULT_WINDOW_STATE,
  MIN_HEIGHT,
  MIN_WIDTH,
  fitWindowState,
  parseWindowState,
  readWindowState,
  stateFromWindow,
  writeWindowState
} from '../../../../electron/main/window-state.js'

const SCREEN = { x: 0, y: 0, width: 1920, height: 1040 }
const RIGHT_SCREEN = { x: 1920, y: 0, width: 1280, height: 1000 }

describe('parseWindowState', () => {
  it('reads a saved state', () => {
    assert.deepEqual(parseWindowState({ x: 10, y: 20, width: 900, height: 700, maximized: true }), {
      x: 10,
      y: 20,
      width: 900,
      height: 700,
      maximized: true
    })
  })

  it('keeps size without position when the position is missing or bad', () => {
    assert.deepEqual(parseWindowState({ width: 900, height: 700 }), { width: 900, height: 700, maximized: false })
    assert.deepEqual(parseWindowState({ x: 'a', y: 1, width: 900, height: 700 }), { width: 900, height: 700, maximized: false })
    assert.deepEqual(parseWindowState({ x: 1e12, y: 1, width: 900, height: 700 }), { width: 900, height: 700, maximized: false })
  })

  it('raises tiny sizes to the minimum', () => {
    assert.deepEqual(parseWindowState({ width: 10, height: 10 }), { width: MIN_WIDTH, height: MIN_HEIGHT, maximized: false })
  })

  it('rejects what is not a state', () => {
    for (const v of [null, 'x', [], {}, { width: 900 }, { width: -5, height: 700 }, { width: 1.5, height: 700 }, { width: NaN, height: 700 }, { width: 1e9, height: 700 }, { width: '900', height: '700' }]) {
      assert.equal(parseWindowState(v), null, JSON.stringify(v))
    }
  })

  it('treats maximized as true only when it is true', () => {
    assert.equal(parseWindowState({ width: 900, height: 700, maximized: 'yes' })?.maximized, false)
  })
})

describe('fitWindowState', () => {
  it('uses the default on first run', () => {
    assert.deepEqual(fitWindowState(null, [SCREEN]), { ...DEFAULT_WINDOW_STATE })
  })

  it('keeps a position that is on a screen, including a second one', () => {
    const s = { x: 2000, y: 100, width: 1000, height: 800, maximized: false }
    assert.deepEqual(fitWindowState(s, [SCREEN, RIGHT_SCREEN]), s)
  })

  it('drops a position whose screen is gone, so the OS centres the window', () => {
    const s = fitWindowState({ x: 2000, y: 100, width: 1000, height: 800, maximized: false }, [SCREEN])
    assert.equal(s.x, undefined)
    assert.equal(s.y, undefined)
  })

  it('drops a position with the title bar above the screen', () => {
    const s = fitWindowState({ x: 100, y: -500, width: 1000, height: 400, maximized: false }, [SCREEN])
    assert.equal(s.x, undefined)
  })

  it('shrinks a window larger than its screen', () => {
    const s = fitWindowState({ x: 0, y: 0, width: 5000, height: 3000, maximized: false }, [SCREEN])
    assert.equal(s.width, SCREEN.width)
    assert.equal(s.height, SCREEN.height)
  })
})

describe('readWindowState / writeWindowState', () => {
  it('round-trips through a private file', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rstatus-ws-'))
    try {
      const file = path.join(dir, 'window-state.json')
      const state = stateFromWindow({ x: 10.4, y: 20.6, width: 900, height: 700 }, true)
      assert.equal(writeWindowState(file, state), true)
      assert.deepEqual(readWindowState(file), { x: 10, y: 21, width: 900, height: 700, maximized: true })
      if (process.platform !== 'win32') assert.equal(fs.statSync(file).mode & 0o777, 0o600)
      assert.deepEqual(fs.readdirSync(dir), ['window-state.json'], 'no temp file left behind')
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })

  it('returns null for a missing, corrupt or hostile file', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rstatus-ws-'))
    try {
      const file = path.join(dir, 'window-state.json')
      assert.equal(readWindowState(file), null)
      fs.writeFileSync(file, '{"width": 900, "height"')
      assert.equal(readWindowState(file), null)
      fs.writeFileSync(file, '{"__proto__": {"width": 900, "height": 700}}')
      assert.equal(readWindowState(file), null)
      assert.equal(({} as Record<string, unknown>).width, undefined)
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })

  it('reports failure instead of throwing when the folder is gone', () => {
    assert.equal(writeWindowState(path.join(os.tmpdir(), 'rstatus-no-such-dir', 'x', 'w.json'), { width: 900, height: 700, maximized: false }), false)
  })
})
