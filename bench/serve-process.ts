// `rstatus serve` as its own process, the way a person runs it: the compiled CLI next to this bench build.
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

/** The build this file belongs to (dist/ for npm run bench). */
const BUILD = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const CLI = path.join(BUILD, 'electron/cli/main.js')

export interface ServeProcess {
  /** The address to open, with its access token. */
  url: string
  child: ChildProcess
  stop(): Promise<void>
}

export function uiBuilt(): boolean {
  return fs.existsSync(path.join(BUILD, 'renderer/index.html'))
}

export async function startServe(opts: { dataDir: string; bootstrap: string }): Promise<ServeProcess> {
  if (!uiBuilt()) throw new Error(`the renderer is not built in ${path.join(BUILD, 'renderer')}: run npm run build first`)
  const child = spawn(
    process.execPath,
    [CLI, '--data', opts.dataDir, '--bootstrap', opts.bootstrap, '--host', '127.0.0.1', 'serve', '--port', '0'],
    { stdio: ['ignore', 'pipe', 'inherit'] }
  )
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const url = await new Promise<string>((resolve, reject) => {
    let out = ''
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      const m = /running at (\S+)/.exec(out)
      if (m) resolve(m[1]!)
    })
    child.once('exit', (code) => reject(new Error(`rstatus serve exited with ${code}: ${out.trim()}`)))
  })
  return {
    url,
    child,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
      await exited
    }
  }
}
