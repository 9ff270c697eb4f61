// Runs stock-relay-main.ts on a lab host: a blind-relay server on the lab's internet.
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import type { Host } from './lab.js'

const MAIN = fileURLToPath(new URL('./stock-relay-main.js', import.meta.url))

export interface StockRelay {
  host: Host
  /** z-base-32, the form --relay and RSTATUS_RELAY take. */
  key: string
  stop(): Promise<void>
}

export async function startStockRelay(host: Host, bootstrap: string): Promise<StockRelay> {
  const child = spawn('ip', ['netns', 'exec', host.ns, process.execPath, MAIN, bootstrap], { stdio: ['ignore', 'pipe', 'pipe'] })
  let stderr = ''
  child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c))
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const key = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the relay on ${host.name} did not start in time: ${stderr}`)), 60_000)
    let out = ''
    child.stdout.setEncoding('utf8').on('data', (c: string) => {
      out += c
      const found = /^relay: ([a-z0-9]{52})$/m.exec(out)?.[1]
      if (found) {
        clearTimeout(timer)
        resolve(found)
      }
    })
    void exited.then(() => {
      clearTimeout(timer)
      reject(new Error(`the relay on ${host.name} exited: ${stderr}`))
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
