import { fork, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import ids from 'hypercore-id-encoding'

const MAIN = fileURLToPath(new URL('./stock-writer-main.js', import.meta.url))

export interface StockWriter {
  /** z-base-32 key of the feed. */
  key: string
  length: number
  /** The writer's Corestore primary key (hex): a second writer with it writes the same feed. */
  primaryKey: string
  child: ChildProcess
  append(lines: string[]): Promise<number>
  stop(): Promise<void>
}

/** Starts a stock-library writer process serving a feed of raw JSON lines, or of `count` generated statuses. */
export async function startStockWriter(opts: {
  dataDir: string
  bootstrap: string
  lines?: string[]
  count?: number
  offline?: boolean
  primaryKey?: string
}): Promise<StockWriter> {
  const env: NodeJS.ProcessEnv = { ...process.env, WRITER_DATA: opts.dataDir, WRITER_BOOTSTRAP: opts.bootstrap }
  if (opts.lines) {
    fs.mkdirSync(opts.dataDir, { recursive: true })
    const file = path.join(opts.dataDir, '..', path.basename(opts.dataDir) + '-blocks.jsonl')
    fs.writeFileSync(file, opts.lines.join('\n') + '\n')
    env.RAW_BLOCKS = file
  }
  if (opts.count !== undefined) env.COUNT = String(opts.count)
  if (opts.offline) env.WRITER_OFFLINE = '1'
  if (opts.primaryKey) env.WRITER_PRIMARY_KEY = opts.primaryKey
  const child = fork(MAIN, [], { env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const ready = await new Promise<{ key: string; length: number; primaryKey: string }>((resolve, reject) => {
    child.on('message', (msg: any) => {
      if (msg && msg.ready) resolve(msg)
    })
    child.once('exit', (code) => reject(new Error(`stock writer exited with ${code}`)))
  })
  return {
    key: ids.encode(Buffer.from(ready.key, 'hex')),
    length: ready.length,
    primaryKey: ready.primaryKey,
    child,
    append(lines) {
      return new Promise((resolve) => {
        const onMessage = (msg: any) => {
          if (msg && typeof msg.appended === 'number') {
            child.off('message', onMessage)
            resolve(msg.appended)
          }
        }
        child.on('message', onMessage)
        child.send({ append: lines })
      })
    },
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM')
      await exited
    }
  }
}
