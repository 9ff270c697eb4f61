// `npm start` (bin/start-desktop.js) run as a real process, in a throw-away copy of the project layout, so
// each case controls whether Electron is there, whether its installer can download it, and whether the app
// is built. The installer is a stand-in for electron's install.js: it fetches the "runtime" over real HTTP from
// this test, or fails to connect, and reports a failure the way the real one does (a stack on stderr).
import assert from 'node:assert/strict'
import { spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import { findRoot } from '../../../electron/preload/vite.config.js'

const repo = findRoot(path.dirname(fileURLToPath(import.meta.url)))
const OUTPUTS = ['dist/electron/main/main.js', 'dist/electron/engine-process/main.js', 'dist/preload/preload.cjs', 'dist/renderer/index.html']
const posixOnly = { skip: process.platform === 'win32' ? 'the fake Electron is a shell script' : false }

/** A stand-in Electron: records its arguments and exits with a code the launcher must pass on. */
const FAKE_ELECTRON = '#!/bin/sh\nprintf "%s\\n" "$@" > "$LAUNCH_LOG"\nexit 7\n'

/** Like electron's install.js: download, unpack into dist/, write path.txt; on failure print the stack, exit 1. */
const FAKE_INSTALLER = `const fs = require('fs')
const path = require('path')
fetch(process.env.FAKE_ELECTRON_URL)
  .then(async (res) => {
    if (!res.ok) throw new Error('Response code ' + res.status + ' for ' + res.url)
    const bytes = Buffer.from(await res.arrayBuffer())
    fs.mkdirSync(path.join(__dirname, 'dist'), { recursive: true })
    fs.writeFileSync(path.join(__dirname, 'dist', 'electron'), bytes, { mode: 0o755 })
    fs.writeFileSync(path.join(__dirname, 'path.txt'), 'electron')
  })
  .catch((err) => {
    console.error(err.stack)
    process.exit(1)
  })
`

function project(opts: { electron?: boolean; installer?: boolean; engines?: string; built?: boolean; build?: 'ok' | 'fail' } = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rstatus-start-'))
  fs.mkdirSync(path.join(dir, 'bin'))
  for (const file of ['start-desktop.js', 'electron-fetch-progress.js']) {
    fs.copyFileSync(path.join(repo, 'bin', file), path.join(dir, 'bin', file))
  }
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
    const engines = opts.engines ? { engines: { node: opts.engines } } : {}
    fs.writeFileSync(path.join(pkg, 'package.json'), JSON.stringify({ name: 'electron', version: '45.0.0-fake', ...engines }))
    fs.writeFileSync(path.join(pkg, 'path.txt'), 'electron')
    fs.writeFileSync(path.join(pkg, 'dist', 'electron'), FAKE_ELECTRON, { mode: 0o755 })
    if (opts.installer) fs.writeFileSync(path.join(pkg, 'install.js'), FAKE_INSTALLER)
  }
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) }
}

/** Drops the downloaded runtime, as a fresh `npm install` of electron 45 leaves it. */
function withoutRuntime(dir: string): void {
  fs.rmSync(path.join(dir, 'node_modules', 'electron', 'dist'), { recursive: true })
  fs.rmSync(path.join(dir, 'node_modules', 'electron', 'path.txt'))
}

/** Serves the stand-in runtime, padded to a few MB so the download has progress to show. */
async function runtimeServer(): Promise<{ url: string; close: () => Promise<void> }> {
  const body = Buffer.from(FAKE_ELECTRON + '#' + 'x'.repeat(3 * 1024 * 1024) + '\n')
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/zip', 'content-length': body.length })
    res.end(body)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
  const { port } = server.address() as { port: number }
  return { url: `http://127.0.0.1:${port}/electron.zip`, close: () => new Promise((resolve) => server.close(() => resolve())) }
}

/** As start(), without blocking this process, which may be serving the download. */
function startAsync(dir: string, env: Record<string, string>): Promise<ReturnType<typeof start>> {
  const log = path.join(dir, 'launch.log')
  const childEnv: NodeJS.ProcessEnv = { ...process.env, LAUNCH_LOG: log, ...env }
  delete childEnv.ELECTRON_OVERRIDE_DIST_PATH
  const child = spawn(process.execPath, [path.join(dir, 'bin', 'start-desktop.js')], { cwd: dir, env: childEnv })
  let stdout = ''
  let stderr = ''
  child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c))
  child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c))
  return new Promise((resolve) => {
    child.on('close', (status) => {
      const launched = fs.existsSync(log) ? fs.readFileSync(log, 'utf8').trim().split('\n') : null
      resolve({ status, stderr, stdout, launched })
    })
  })
}

const NO_STACK = /^\s+at /m

/** An address nothing listens on, so the installer's fetch fails as it does offline. */
async function deadUrl(): Promise<{ url: string; port: number }> {
  const server = http.createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
  const { port } = server.address() as { port: number }
  await new Promise((resolve) => server.close(resolve))
  return { url: `http://127.0.0.1:${port}/electron.zip`, port }
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
  it('without the electron package: one clear line naming `npx rstatus serve`, exit 1, nothing built', () => {
    const p = project({ electron: false })
    try {
      const r = start(p.dir)
      assert.equal(r.status, 1)
      assert.equal(
        r.stderr,
        'rstatus: the electron package is not installed here (run "npm install"), or run "npx rstatus serve" to use rstatus in your browser\n'
      )
      assert.equal(r.stdout, '')
      assert.equal(fs.existsSync(path.join(p.dir, 'built.txt')), false)
    } finally {
      p.cleanup()
    }
  })

  it('without the runtime, fetches it with the package\'s installer, showing progress, then launches it', posixOnly, async () => {
    const p = project({ electron: true, installer: true, built: true })
    const server = await runtimeServer()
    try {
      withoutRuntime(p.dir)
      const r = await startAsync(p.dir, { FAKE_ELECTRON_URL: server.url })
      assert.equal(r.status, 7, r.stderr)
      assert.deepEqual(r.launched, [p.dir])
      const lines = r.stderr.trim().split('\n')
      assert.equal(lines[0], 'rstatus: the Electron runtime is missing; fetching Electron 45.0.0-fake with its installer (once)...')
      assert.match(lines.at(-1) ?? '', /^rstatus: downloading Electron: 3\.0 of 3\.0 MB \(100%\)$/)
      assert.ok(lines.slice(1).every((l) => /^rstatus: downloading Electron: [\d.]+ of 3\.0 MB \(\d+%\)$/.test(l)), r.stderr)
      assert.ok(fs.existsSync(path.join(p.dir, 'node_modules', 'electron', 'path.txt')))
    } finally {
      await server.close()
      p.cleanup()
    }
  })

  it('when the download fails: one line with the reason, naming `npx rstatus serve`, no stack, exit 1', posixOnly, async () => {
    const p = project({ electron: true, installer: true, built: true })
    try {
      withoutRuntime(p.dir)
      const dead = await deadUrl()
      const r = await startAsync(p.dir, { FAKE_ELECTRON_URL: dead.url })
      assert.equal(r.status, 1)
      assert.equal(r.launched, null)
      assert.doesNotMatch(r.stderr, NO_STACK)
      const lines = r.stderr.trim().split('\n')
      assert.equal(lines.length, 2, r.stderr)
      assert.equal(
        lines[1],
        `rstatus: could not fetch the Electron runtime (connect ECONNREFUSED 127.0.0.1:${dead.port}); run "npx rstatus serve" to use rstatus in your browser`
      )
    } finally {
      p.cleanup()
    }
  })

  it('names the Node version when the installer fails on a Node older than Electron asks for', posixOnly, async () => {
    const p = project({ electron: true, installer: true, built: true, engines: '>= 99.0.0' })
    try {
      withoutRuntime(p.dir)
      const dead = await deadUrl()
      const r = await startAsync(p.dir, { FAKE_ELECTRON_URL: dead.url })
      assert.equal(r.status, 1)
      const last = r.stderr.trim().split('\n').at(-1) ?? ''
      assert.equal(
        last,
        `rstatus: could not fetch the Electron runtime (connect ECONNREFUSED 127.0.0.1:${dead.port}; Electron's installer asks for Node >= 99.0.0 and this is Node ${process.versions.node}); run "npx rstatus serve" to use rstatus in your browser`
      )
    } finally {
      p.cleanup()
    }
  })

  it('with an electron package that has no installer: one line naming `npx rstatus serve`', () => {
    const p = project({ electron: true })
    try {
      withoutRuntime(p.dir)
      const r = start(p.dir)
      assert.equal(r.status, 1)
      assert.equal(r.stderr, 'rstatus: could not fetch the Electron runtime (the electron package has no install.js); run "npx rstatus serve" to use rstatus in your browser\n')
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
