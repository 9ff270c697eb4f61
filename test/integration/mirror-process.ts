// `rstatus … mirror serve …` as a process: waits for the key it prints on a line of its own.
import { spawn } from 'node:child_process'
import { CLI, cliEnv } from './cli-process.js'

export interface MirrorProcess {
  key: string
  stderr(): string
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>
}

export async function startMirrorServe(args: string[], opts: { env?: Record<string, string>; spawnPrefix?: string[] } = {}): Promise<MirrorProcess> {
  const prefix = opts.spawnPrefix ?? []
  const command = prefix.length > 0 ? prefix[0]! : process.execPath
  const argv = [...prefix.slice(1), ...(prefix.length > 0 ? [process.execPath] : []), CLI, ...args]
  const child = spawn(command, argv, { env: cliEnv(opts.env), stdio: ['ignore', 'pipe', 'pipe'] })
  let err = ''
  child.stderr!.setEncoding('utf8').on('data', (c: string) => (err += c))
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  const key = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`mirror serve did not print its key in time: ${err}`)), 60_000)
    let out = ''
    child.stdout!.setEncoding('utf8').on('data', (c: string) => {
      out += c
      const found = /^([a-z0-9]{52})$/m.exec(out)?.[1]
      if (found) {
        clearTimeout(timer)
        resolve(found)
      }
    })
    void exited.then((code) => {
      clearTimeout(timer)
      reject(new Error(`mirror serve exited with ${code}: ${err}`))
    })
  })
  return {
    key,
    stderr: () => err,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
      return exited
    }
  }
}
