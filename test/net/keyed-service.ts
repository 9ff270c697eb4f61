// A long-running process in a lab host's namespace that prints its key on a line of its own once it is up:
// a relay, a mirror. Started, waited for, and stopped the same way whatever it is.
import { spawn } from 'node:child_process'
import type { Host } from './lab.js'

export interface KeyedService {
  host: Host
  /** z-base-32, as --relay, RSTATUS_RELAY and `mirror add` take it. */
  key: string
  /** What it wrote to stderr so far: a mirror says there what its mailbox keeps. */
  log(): string
  stop(): Promise<void>
}

/** Runs `argv` in `host`'s namespace and waits for stdout to match `keyLine` (its first group is the key). */
export async function startKeyedService(
  what: string,
  host: Host,
  argv: string[],
  keyLine: RegExp,
  env: NodeJS.ProcessEnv = process.env
): Promise<KeyedService> {
  const child = spawn('ip', ['netns', 'exec', host.ns, ...argv], { env, stdio: ['ignore', 'pipe', 'pipe'] })
  let stderr = ''
  child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c))
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const key = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the ${what} on ${host.name} did not start in time: ${stderr}`)), 60_000)
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
      reject(new Error(`the ${what} on ${host.name} exited: ${stderr}`))
    })
  })
  return {
    host,
    key,
    log: () => stderr,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
      await exited
    }
  }
}
