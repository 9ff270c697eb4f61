#!/usr/bin/env node
// `npm start`: build rstatus if needed, then run it in Electron. Where the Electron runtime is missing (its
// binary is a separate download some machines cannot make), say so in one line and point at the browser UI.
// Finds the binary the way the electron package does (path.txt, ELECTRON_OVERRIDE_DIST_PATH) without
// requiring that package, since requiring it tries to download the binary.
import { spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

const NO_ELECTRON =
  'rstatus: the Electron runtime is not installed here; run "npx rstatus serve" to use rstatus in your browser'

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

function electronBinary() {
  let pkgDir
  try {
    pkgDir = path.dirname(createRequire(path.join(root, 'package.json')).resolve('electron/package.json'))
  } catch {
    return null
  }
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
  child.on('error', (err) => fail(`rstatus: could not start Electron (${err.code ?? err.message}); run "npx rstatus serve" to use rstatus in your browser`))
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal))
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
}

try {
  const bin = electronBinary()
  if (!bin) fail(NO_ELECTRON)
  if (needsBuild()) build()
  launch(bin)
} catch (err) {
  fail(`rstatus: could not start the desktop app: ${err instanceof Error ? err.message : String(err)}`)
}
