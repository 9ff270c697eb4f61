// Mirrors on the lab's internet: `rstatus mirror serve`, or a stock blind peer with no rstatus code.
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { CLI, cliEnv } from '../integration/cli-process.js'
import type { Host, Lab } from './lab.js'

const STOCK_MAIN = fileURLToPath(new URL('./stock-mirror-main.js', import.meta.url))

export interface LabMirror {
  host: Host
  key: string
  stop(): Promise<void>
}

/** `rstatus --data DIR mirror serve --trust KEYS` on `host`, as a person runs it on a server. */
export function rstatusMirror(lab: Lab, host: Host, dataDir: string, trust: string[]): Promise<LabMirror> {
  return start(host, [process.execPath, CLI, '--data', dataDir, 'mirror', 'serve', '--trust', trust.join(',')], /^([a-z0-9]{52})$/m, lab)
}

/** stock-mirror-main.ts on `host`: the blind-peer library and nothing else. */
export function stockMirror(lab: Lab, host: Host, storage: string, trust: string[]): Promise<LabMirror> {
  return start(host, [process.execPath, STOCK_MAIN, lab.bootstrap, storage, trust.join(',') || '-'], /^mirror: ([a-z0-9]{52})$/m, lab)
}

async function start(host: Host, argv: string[], keyLine: RegExp, lab: Lab): Promise<LabMirror> {
  const child = spawn('ip', ['netns', 'exec', host.ns, ...argv], {
    env: cliEnv({ RSTATUS_BOOTSTRAP: lab.bootstrap }),
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let stderr = ''
  child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c))
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const key = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the mirror on ${host.name} did not start in time: ${stderr}`)), 60_000)
    let out = ''
    child.stdout.setEncoding('utf8').on('data', (c: string) => {
      out += c
      const found = keyLine.exec(out)?.[1]
      if (found) {
        clearTimeout(timer)
        resolve(found)
      }
    })
    void exited.then(() => {
      clearTimeout(timer)
      reject(new Error(`the mirror on ${host.name} exited: ${stderr}`))
    })
  })
  return {
    host,
    key,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
      await exited
    }
  }
}
