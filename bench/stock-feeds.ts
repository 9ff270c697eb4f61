// Spawns stock-feeds-main.ts: one process serving many stock-written feeds.
import { fork } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const MAIN = fileURLToPath(new URL('./stock-feeds-main.js', import.meta.url))

export interface StockFeeds {
  keys: string[]
  /** Blocks per feed (header included). */
  length: number
  stop(): Promise<void>
}

export async function startStockFeeds(opts: {
  dataDir: string
  bootstrap: string
  feeds: number
  perFeed: number
  prefix: string
}): Promise<StockFeeds> {
  const child = fork(MAIN, [], {
    env: {
      ...process.env,
      FEEDS_DATA: opts.dataDir,
      FEEDS_BOOTSTRAP: opts.bootstrap,
      FEEDS: String(opts.feeds),
      PER_FEED: String(opts.perFeed),
      FEED_PREFIX: opts.prefix
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc']
  })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const ready = await new Promise<{ keys: string[]; length: number }>((resolve, reject) => {
    child.on('message', (m: any) => {
      if (m && m.ready) resolve(m)
    })
    child.once('exit', (code) => reject(new Error(`stock feeds process exited with ${code}`)))
  })
  return {
    keys: ready.keys,
    length: ready.length,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
      await exited
    }
  }
}
