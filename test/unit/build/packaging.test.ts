// The packaging recipe cannot run here (no Electron binary), so its inputs are checked instead: the
// electron-builder config against electron-builder's own schema, the native addons it must unpack, the icons,
// and the release workflow.
import assert from 'node:assert/strict'
import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import { findRoot } from '../../../electron/preload/vite.config.js'
import { PRELOAD_BUNDLE } from '../../../electron/main/paths.js'

const root = findRoot(path.dirname(fileURLToPath(import.meta.url)))
const require = createRequire(path.join(root, 'package.json'))
// electron-builder's own dependencies: the YAML parser and the schema check it runs on its config
const yaml = require('js-yaml') as { load(text: string): unknown }
const { validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
  validateConfiguration(config: unknown, logger: unknown): Promise<void>
}
const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown }

interface BuilderConfig {
  appId: string
  productName: string
  files: string[]
  asarUnpack: string[]
  npmRebuild: boolean
  protocols: Array<{ schemes: string[] }>
  linux: { target: string[]; icon: string }
  deb: { depends: string[] }
  mac: { target: string[]; icon: string }
  win: { target: string[]; icon: string }
}

const config = yaml.load(fs.readFileSync(path.join(root, 'build', 'electron-builder.yml'), 'utf8')) as BuilderConfig

function pngSize(file: string): { width: number; height: number; rgba: boolean } {
  const buf = fs.readFileSync(file)
  assert.deepEqual([...buf.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], `${file} is a PNG`)
  assert.equal(buf.subarray(12, 16).toString('ascii'), 'IHDR')
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20), rgba: buf[25] === 6 }
}

describe('the electron-builder config', () => {
  it('passes electron-builder’s own validation', async () => {
    await validateConfiguration(structuredClone(config), new DebugLogger(false))
  })

  it('names the app and registers the rstatus:// protocol', () => {
    assert.equal(config.productName, 'rstatus')
    assert.match(config.appId, /^[a-z0-9.-]+$/)
    assert.deepEqual(config.protocols.flatMap((p) => p.schemes), ['rstatus'])
  })

  it('builds AppImage and deb, dmg, and nsis', () => {
    assert.deepEqual(config.linux.target, ['AppImage', 'deb'])
    assert.deepEqual(config.mac.target, ['dmg'])
    assert.deepEqual(config.win.target, ['nsis'])
  })

  it('makes the deb depend on libatomic1 (rocksdb-native needs it)', () => {
    assert.ok(config.deb.depends.includes('libatomic1'))
    assert.ok(config.deb.depends.includes('libnss3'), 'the default Electron dependencies are kept')
  })

  it('packs the built app: main, engine, preload bundle and renderer', () => {
    for (const dir of ['dist/electron/**/*', 'dist/shared/**/*', 'dist/preload/**/*', 'dist/renderer/**/*', 'package.json']) {
      assert.ok(config.files.includes(dir), dir)
    }
    assert.equal(PRELOAD_BUNDLE, 'preload.cjs')
  })

  it('unpacks every native addon among the production dependencies, and rebuilds none', () => {
    const lock = JSON.parse(fs.readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { dev?: boolean }>
    }
    const native = Object.entries(lock.packages)
      .filter(([p, info]) => p.startsWith('node_modules/') && !info.dev)
      .map(([p]) => p)
      .filter((p) => {
        const prebuilds = path.join(root, p, 'prebuilds')
        if (!fs.existsSync(prebuilds)) return false
        return fs.readdirSync(prebuilds).some((platform) =>
          fs.readdirSync(path.join(prebuilds, platform)).some((f) => f.endsWith('.node'))
        )
      })
      .map((p) => p.slice(p.lastIndexOf('node_modules/') + 'node_modules/'.length))
    for (const name of ['rocksdb-native', 'udx-native', 'sodium-native']) assert.ok(native.includes(name), name)
    for (const name of native) {
      assert.ok(config.asarUnpack.includes(`**/node_modules/${name}/**`), `${name} must be in asarUnpack`)
    }
    assert.equal(config.npmRebuild, false)
  })
})

describe('the icons', () => {
  it('has a 1024 px app icon for macOS and Windows', () => {
    assert.equal(config.mac.icon, 'icon.png')
    assert.deepEqual(pngSize(path.join(root, 'build', 'icon.png')), { width: 1024, height: 1024, rgba: true })
  })

  it('has a Linux icon set whose file names match their sizes', () => {
    const dir = path.join(root, 'build', config.linux.icon)
    const files = fs.readdirSync(dir).filter((f) => f.endsWith('.png'))
    for (const size of [16, 32, 48, 64, 128, 256, 512]) assert.ok(files.includes(`${size}x${size}.png`), `${size}`)
    for (const f of files) {
      const n = Number(f.split('x')[0])
      assert.deepEqual(pngSize(path.join(dir, f)), { width: n, height: n, rgba: true })
    }
  })
})

describe('the release workflow', () => {
  const wf = yaml.load(fs.readFileSync(path.join(root, '.github', 'workflows', 'release.yml'), 'utf8')) as {
    jobs: { build: { 'runs-on': string; strategy: { matrix: { include: Array<{ os: string; target: string }> } }; steps: Array<{ run?: string }> } }
  }
  const build = wf.jobs.build

  it('builds each target on its own OS', () => {
    const pairs = build.strategy.matrix.include.map((m) => `${m.os.split('-')[0]} ${m.target}`)
    assert.deepEqual(pairs.sort(), ['macos --mac', 'ubuntu --linux', 'windows --win'])
    assert.equal(build['runs-on'], '${{ matrix.os }}')
  })

  it('installs with npm ci and packages with this config', () => {
    const runs = build.steps.map((s) => s.run ?? '')
    assert.ok(runs.includes('npm ci'))
    assert.ok(runs.some((r) => r.startsWith('npx electron-builder --config build/electron-builder.yml')))
  })
})
