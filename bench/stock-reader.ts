// Spawns the baseline reader (stock-reader-main.ts) in its own process.
import { fork, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import type { FeedTimes } from './stock-reader-main.js'

const MAIN = fileURLToPath(new URL('./stock-reader-main.js', import.meta.url))

export interface SyncReport {
  /** ms from the start message until every feed was downloaded and read back. */
  at: number
  /** Per-feed times when reading one feed; empty for many. */
  feeds: FeedTimes[]
  slowest: FeedTimes | null
}

export interface StockReader {
  child: ChildProcess
  /** Starts replicating `keys`; resolves when all are downloaded and read (mode sync/live) or joined (hold). */
  start(keys: string[], mode: 'sync' | 'live' | 'hold'): Promise<SyncReport | null>
  /** Every new block of a live reader, as the parent receives it. */
  onBlock(fn: (seq: number) => void): void
  stop(): Promise<void>
}

export async function spawnStockReader(opts: { dataDir: string; bootstrap: string }): Promise<StockReader> {
  const child = fork(MAIN, [], {
    env: { ...process.env, READER_DATA: opts.dataDir, READER_BOOTSTRAP: opts.bootstrap },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc']
  })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  await waitMessage(child, (m) => m.ready === true)
  return {
    child,
    async start(keys, mode) {
      const reply = waitMessage(child, (m) => 'synced' in m || 'held' in m)
      child.send({ start: { keys, mode } })
      const m = await reply
      return 'synced' in m ? (m.synced as SyncReport) : null
    },
    onBlock(fn) {
      child.on('message', (m: any) => {
        if (m && typeof m.have === 'number') fn(m.have)
      })
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
      await exited
    }
  }
}

function waitMessage(child: ChildProcess, match: (m: Record<string, unknown>) => boolean): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: unknown) => {
      if (typeof m === 'object' && m !== null && match(m as Record<string, unknown>)) {
        cleanup()
        resolve(m as Record<string, unknown>)
      }
    }
    const onExit = (code: number | null) => {
      cleanup()
      reject(new Error(`stock reader exited (${code}) before answering`))
    }
    const cleanup = () => {
      child.off('message', onMessage)
      child.off('exit', onExit)
    }
    child.on('message', onMessage)
    child.once('exit', onExit)
  })
}
