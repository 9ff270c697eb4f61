import assert from 'node:assert/strict'
import path from 'node:path'
import { describe, it } from 'node:test'
import { appPaths } from '../../../../electron/main/paths.js'
import { preloadBuildConfig } from '../../../../electron/preload/vite.config.js'

describe('appPaths', () => {
  const root = path.resolve('/app')
  const p = appPaths(path.join(root, 'dist', 'electron', 'main'))

  it('finds the preload bundle where the preload build writes it', () => {
    const build = preloadBuildConfig(root).build!
    const lib = build.lib as { fileName: () => string }
    assert.equal(p.preloadPath, path.join(build.outDir!, lib.fileName()))
  })

  it('finds the renderer build and the engine entry in dist', () => {
    assert.equal(p.rendererDir, path.join(root, 'dist', 'renderer'))
    assert.equal(p.engineEntry, path.join(root, 'dist', 'electron', 'engine-process', 'main.js'))
  })
})
