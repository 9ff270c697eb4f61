// `npm start` (bin/start-desktop.js) run as a real process, in a throw-away copy of the project layout, so
// each case controls whether Electron is there and whether the app is built.
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import { findRoot } from '../../../electron/preload/vite.config.js'

const repo = findRoot(path.dirname(fileURLToPath(import.meta.url)))
const OUTPUTS = ['dist/electron/main/main.js', 'dist/electron/engine-process/main.js', 'dist/preload/preload.cjs', 'dist/renderer/index.html']
const posixOnly = { skip: process.platform === 'win32' ? 'the fake Electron is a shell script' : false }

function project(opts: { electron?: boolean; built?: boolean; build?: 'ok' | 'fail' } = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rstatus-start-'))
  fs.mkdirSync(path.join(dir, 'bin'))
  fs.copyFileSync(path.join(repo, 'bin', 'start-desktop.js'), path.join(dir, 'bin', 'start-desktop.js'))
  const buildScript =
    opts.build === 'fail'
      ? 'node -e "process.exit(3)"'
      : `node -e "const fs=require('fs'),p=require('path');for(const f of ${JSON.stringify(OUTPUTS).replace(/"/g, "'")}){fs.mkdirSync(p.dirname(f),{recursive:true});fs.writeFileSync(f,'')}fs.writeFileSync('built.txt','yes')"`
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'fake-rstatus', private: true, type: 'module', scripts: { build: buildScript } }))
  if (opts.built) {
    for (const f of OUTPUTS) {
      fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true })
      fs.writeFileSync(path.join(dir, f), '')
    }
  }
  if (opts.electron) {
    const pkg = path.join(dir, 'node_modules', 'electron')
    fs.mkdirSync(path.join(pkg, 'dist'), { recursive: true })
    fs.writeFileSync(path.join(pkg, 'package.json'), JSON.stringify({ name: 'electron', version: '0.0.0' }))
    fs.writeFileSync(path.join(pkg, 'path.txt'), 'electron')
    // a stand-in Electron: records its arguments and exits with a code the launcher must pass on
    fs.writeFileSync(path.join(pkg, 'dist', 'electron'), '#!/bin/sh\nprintf "%s\\n" "$@" > "$LAUNCH_LOG"\nexit 7\n', { mode: 0o755 })
  }
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) }
}

function start(dir: string, args: string[] = []) {
  const log = path.join(dir, 'launch.log')
  const env: NodeJS.ProcessEnv = { ...process.env, LAUNCH_LOG: log }
  delete env.ELECTRON_OVERRIDE_DIST_PATH
  const r = spawnSync(process.execPath, [path.join(dir, 'bin', 'start-desktop.js'), ...args], { cwd: dir, env, encoding: 'utf8' })
  const launched = fs.existsSync(log) ? fs.readFileSync(log, 'utf8').trim().split('\n') : null
  return { status: r.status, stderr: r.stderr, stdout: r.stdout, launched }
}

describe('npm start (bin/start-desktop.js)', () => {
  it('without the Electron runtime: one clear line naming `npx rstatus serve`, exit 1, nothing built', () => {
    const p = project({ electron: false })
    try {
      const r = start(p.dir)
      assert.equal(r.status, 1)
      assert.equal(
        r.stderr,
        'rstatus: the Electron runtime is not installed here; run "npx rstatus serve" to use rstatus in your browser\n'
      )
      assert.equal(r.stdout, '')
      assert.equal(fs.existsSync(path.join(p.dir, 'built.txt')), false)
    } finally {
      p.cleanup()
    }
  })

  it('with the electron package but no downloaded binary: the same line', () => {
    const p = project({ electron: true })
    try {
      fs.rmSync(path.join(p.dir, 'node_modules', 'electron', 'dist'), { recursive: true })
      fs.rmSync(path.join(p.dir, 'node_modules', 'electron', 'path.txt'))
      const r = start(p.dir)
      assert.equal(r.status, 1)
      assert.equal(r.stderr.trim().split('\n').length, 1)
      assert.match(r.stderr, /npx rstatus serve/)
      assert.doesNotMatch(r.stderr, /\n\s+at /)
    } finally {
      p.cleanup()
    }
  })

  it('launches Electron on the project with the given arguments and passes on its exit code', posixOnly, () => {
    const p = project({ electron: true, built: true })
    try {
      const r = start(p.dir, ['rstatus://somekey'])
      assert.equal(r.status, 7)
      assert.deepEqual(r.launched, [p.dir, 'rstatus://somekey'])
      assert.equal(fs.existsSync(path.join(p.dir, 'built.txt')), false, 'already built: no build')
    } finally {
      p.cleanup()
    }
  })

  it('builds first when the app is not built', posixOnly, () => {
    const p = project({ electron: true, built: false, build: 'ok' })
    try {
      const r = start(p.dir)
      assert.equal(fs.readFileSync(path.join(p.dir, 'built.txt'), 'utf8'), 'yes')
      assert.equal(r.status, 7)
      assert.deepEqual(r.launched, [p.dir])
    } finally {
      p.cleanup()
    }
  })

  it('rebuilds when a source file is newer than the build', posixOnly, () => {
    const p = project({ electron: true, built: true, build: 'ok' })
    try {
      const past = new Date(Date.now() - 3600_000)
      for (const f of OUTPUTS) fs.utimesSync(path.join(p.dir, f), past, past)
      fs.mkdirSync(path.join(p.dir, 'electron', 'main'), { recursive: true })
      fs.writeFileSync(path.join(p.dir, 'electron', 'main', 'main.ts'), '// edited')
      const r = start(p.dir)
      assert.equal(fs.existsSync(path.join(p.dir, 'built.txt')), true)
      assert.equal(r.status, 7)
    } finally {
      p.cleanup()
    }
  })

  it('stops with one rstatus line when the build fails, and does not launch', posixOnly, () => {
    const p = project({ electron: true, built: false, build: 'fail' })
    try {
      const r = start(p.dir)
      assert.equal(r.status, 1)
      assert.equal(r.launched, null)
      const last = r.stderr.trim().split('\n').at(-1)
      assert.match(last ?? '', /^rstatus: the build failed/)
    } finally {
      p.cleanup()
    }
  })
})
