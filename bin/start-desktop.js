#!/usr/bin/env node
// `npm start`: build rstatus if needed, then run it in Electron. The electron package fetches its runtime on
// first use, not at install time: when the binary is missing, this runs the package's own installer
// (install.js, what `npx install-electron` runs) and shows how far the download is. Only when that fails
// (offline, blocked) does it say so in one line, with the reason, and point at the browser UI.
// Finds the binary the way the electron package does (path.txt, ELECTRON_OVERRIDE_DIST_PATH) without
// requiring that package, since requiring it downloads with no way to report progress or a clean error.
import { spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import readline from 'node:readline'
import { fileURLToPath, pathToFileURL } from 'node:url'

const here = path.dirname(fileURLToPath(import.meta.url))
const root = path.resolve(here, '..')

const USE_BROWSER = 'run "npx rstatus serve" to use rstatus in your browser'
/** The lines electron-fetch-progress.js adds to the installer's stderr. */
const INSTALLER_LINE = /^rstatus-installer: (progress|error) (.*)$/
const MB = 1024 * 1024

/** What the desktop app runs from; when one is missing or older than the sources, `npm run build` runs first. */
const BUILD_OUTPUTS = [
  'dist/electron/main/main.js',
  'dist/electron/engine-process/main.js',
  'dist/preload/preload.cjs',
  'dist/renderer/index.html'
]
const SOURCE_DIRS = ['electron', 'shared', 'renderer']
const SOURCE_EXT = /\.(ts|tsx|css|html)$/

function fail(line) {
  process.stderr.write(line + '\n')
  process.exit(1)
}

function platformBinaryName() {
  if (process.platform === 'darwin') return 'Electron.app/Contents/MacOS/Electron'
  if (process.platform === 'win32') return 'electron.exe'
  return 'electron'
}

/** The electron package's folder, or null when it is not installed. */
function electronPackage() {
  try {
    return path.dirname(createRequire(path.join(root, 'package.json')).resolve('electron/package.json'))
  } catch {
    return null
  }
}

function electronBinary(pkgDir) {
  let name = platformBinaryName()
  try {
    name = fs.readFileSync(path.join(pkgDir, 'path.txt'), 'utf8').trim() || name
  } catch {
    // no path.txt: the binary was never downloaded, unless an override points at one
  }
  const dir = process.env.ELECTRON_OVERRIDE_DIST_PATH || path.join(pkgDir, 'dist')
  const bin = path.join(dir, name)
  return fs.existsSync(bin) ? bin : null
}

function readPackage(pkgDir) {
  try {
    return JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8'))
  } catch {
    return {}
  }
}

/** Whether this Node meets a ">= X.Y.Z" range; true for any other form of range (the installer decides). */
function nodeMeets(range) {
  const want = /^\s*>=\s*v?(\d+)\.(\d+)\.(\d+)\s*$/.exec(range ?? '')
  if (!want) return true
  const have = process.versions.node.split('.').map(Number)
  for (let i = 0; i < 3; i++) {
    const w = Number(want[i + 1])
    if (have[i] !== w) return have[i] > w
  }
  return true
}

function megabytes(bytes) {
  return (bytes / MB).toFixed(1)
}

/** Shows the download: one line redrawn on a terminal, a line per tenth otherwise. */
function progressReporter() {
  let shownTenth = -1
  let drawn = false
  return {
    update(received, total) {
      const part = total > 0 ? Math.min(1, received / total) : 0
      const text = total > 0
        ? `rstatus: downloading Electron: ${megabytes(received)} of ${megabytes(total)} MB (${Math.floor(part * 100)}%)`
        : `rstatus: downloading Electron: ${megabytes(received)} MB`
      if (process.stderr.isTTY) {
        process.stderr.write(`\r${text}\x1b[K`)
        drawn = true
        return
      }
      const tenth = Math.floor(part * 10)
      if (tenth > shownTenth) {
        shownTenth = tenth
        process.stderr.write(text + '\n')
      }
    },
    end() {
      if (drawn) process.stderr.write('\n')
      drawn = false
    }
  }
}

/**
 * Runs the electron package's installer with progress; resolves null when it worked, else the reason it did
 * not, in a few words (never the installer's stack trace).
 */
function fetchElectron(pkgDir) {
  const pkg = readPackage(pkgDir)
  const installer = path.join(pkgDir, 'install.js')
  if (!fs.existsSync(installer)) return Promise.resolve('the electron package has no install.js')
  const name = pkg.version ? `Electron ${pkg.version}` : 'Electron'
  process.stderr.write(`rstatus: the Electron runtime is missing; fetching ${name} with its installer (once)...\n`)
  const hook = pathToFileURL(path.join(here, 'electron-fetch-progress.js')).href
  const child = spawn(process.execPath, ['--import', hook, installer], { cwd: pkgDir, stdio: ['ignore', 'ignore', 'pipe'] })
  const progress = progressReporter()
  let fetchError = null
  const said = []
  readline.createInterface({ input: child.stderr }).on('line', (line) => {
    const m = INSTALLER_LINE.exec(line)
    if (!m) return void said.push(line)
    if (m[1] === 'error') fetchError = m[2]
    else {
      const [received, total] = m[2].split(' ').map(Number)
      progress.update(received, total)
    }
  })
  const forward = (signal) => child.kill(signal)
  process.on('SIGINT', forward)
  process.on('SIGTERM', forward)
  return new Promise((resolve) => {
    child.on('error', (err) => {
      progress.end()
      resolve(`the installer could not start (${err.code ?? err.message})`)
    })
    child.on('close', (code, signal) => {
      process.off('SIGINT', forward)
      process.off('SIGTERM', forward)
      progress.end()
      if (code === 0) return resolve(electronBinary(pkgDir) ? null : 'the installer finished but left no Electron binary')
      const stated = said.map((l) => l.trim()).find((l) => l !== '' && !l.startsWith('at '))
      let reason = fetchError ?? stated?.replace(/^\w*Error: /, '') ?? (signal ? `the installer was stopped (${signal})` : `the installer exited with code ${code}`)
      const engine = pkg.engines?.node
      if (!nodeMeets(engine)) reason += `; Electron's installer asks for Node ${engine.trim()} and this is Node ${process.versions.node}`
      resolve(reason)
    })
  })
}

function mtime(file) {
  try {
    return fs.statSync(file).mtimeMs
  } catch {
    return null
  }
}

function newestSource(dir, limit) {
  let newest = 0
  let entries
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true })
  } catch {
    return newest
  }
  for (const e of entries) {
    if (e.name === 'node_modules' || e.name.startsWith('.')) continue
    const p = path.join(dir, e.name)
    if (e.isDirectory()) newest = Math.max(newest, newestSource(p, limit))
    else if (SOURCE_EXT.test(e.name)) newest = Math.max(newest, mtime(p) ?? 0)
    if (newest > limit) break
  }
  return newest
}

function needsBuild() {
  const times = BUILD_OUTPUTS.map((f) => mtime(path.join(root, f)))
  if (times.some((t) => t === null)) return true
  const oldest = Math.min(...times)
  return SOURCE_DIRS.some((d) => newestSource(path.join(root, d), oldest) > oldest)
}

function build() {
  process.stderr.write('rstatus: building the app first (npm run build)...\n')
  const npmCli = process.env.npm_execpath
  const result = npmCli
    ? spawnSync(process.execPath, [npmCli, 'run', 'build'], { cwd: root, stdio: 'inherit' })
    : spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' })
  if (result.error || result.status !== 0) fail('rstatus: the build failed (see the messages above); fix it, then run "npm start" again')
  const missing = BUILD_OUTPUTS.find((f) => !fs.existsSync(path.join(root, f)))
  if (missing) fail(`rstatus: the build did not produce ${missing}; run "npm run build" and check its output`)
}

function launch(bin) {
  const env = { ...process.env }
  delete env.ELECTRON_RUN_AS_NODE
  const child = spawn(bin, [root, ...process.argv.slice(2)], { stdio: 'inherit', env })
  child.on('error', (err) => fail(`rstatus: could not start Electron (${err.code ?? err.message}); ${USE_BROWSER}`))
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal))
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
}

async function main() {
  const pkgDir = electronPackage()
  if (!pkgDir) fail(`rstatus: the electron package is not installed here (run "npm install"), or ${USE_BROWSER}`)
  let bin = electronBinary(pkgDir)
  if (!bin) {
    const failed = await fetchElectron(pkgDir)
    if (failed) fail(`rstatus: could not fetch the Electron runtime (${failed}); ${USE_BROWSER}`)
    bin = electronBinary(pkgDir)
  }
  if (needsBuild()) build()
  launch(bin)
}

main().catch((err) => fail(`rstatus: could not start the desktop app: ${err instanceof Error ? err.message : String(err)}`))
