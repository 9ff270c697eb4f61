// Starts bench/lab-reader-main.ts in a lab host's namespace and returns its first-sync times.
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import type { Host } from '../test/net/lab.js'
import type { FirstSync } from './sync-watch.js'

const MAIN = fileURLToPath(new URL('./lab-reader-main.js', import.meta.url))

export interface LabFollow {
  /** The lab host to run in; null runs on this machine's loopback (the local testnet's baseline). */
  host: Host | null
  dataDir: string
  bootstrap: string
  relays?: string[]
  feed: { key: string; length: number; newest: string }
  timeoutMs: number
}

export function followInLab(f: LabFollow): Promise<FirstSync> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    LAB_READER_DATA: f.dataDir,
    LAB_BOOTSTRAP: f.bootstrap,
    LAB_FEED: f.feed.key,
    LAB_LENGTH: String(f.feed.length),
    LAB_NEWEST: f.feed.newest,
    LAB_TIMEOUT_MS: String(f.timeoutMs),
    ...(f.relays?.length ? { LAB_RELAY: f.relays.join(',') } : {}),
    ...(f.host ? {} : { LAB_HOST: '127.0.0.1' })
  }
  // `ip netns exec` execs node in place, so the IPC channel fork would give is passed through as is.
  const argv = f.host ? ['ip', 'netns', 'exec', f.host.ns, process.execPath, MAIN] : [process.execPath, MAIN]
  const child = spawn(argv[0]!, argv.slice(1), { env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
  const where = f.host?.name ?? 'loopback'
  return new Promise((resolve, reject) => {
    let answer: { sync?: FirstSync; error?: string } | null = null
    child.on('message', (m) => (answer = m as typeof answer))
    child.once('exit', (code) => {
      if (answer?.sync) resolve(answer.sync)
      else reject(new Error(`the follower on ${where} ${answer?.error ?? `exited with ${code} and no answer`}`))
    })
  })
}
