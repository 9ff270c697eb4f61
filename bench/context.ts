// What every figure gets from the harness: the size mode, a scratch folder, one local DHT shared by the run,
// the stores built for the query figures (built once per run), and cleanup of whatever a figure started.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { startTestnet, type LocalTestnet } from '../test/helpers/testnet.js'
import { buildStore, type BuiltStore, type StoreShape } from './store-builder.js'

export interface BenchContext {
  quick: boolean
  /** A fresh folder for a figure's data; removed at the end of the run. */
  dir(name: string): string
  testnet(): Promise<LocalTestnet>
  /** A data folder holding an engine whose views index `shape` (see store-builder.ts); built once per run. */
  store(shape: StoreShape): Promise<BuiltStore>
  /** Runs `fn` when the figure ends, whatever happens (stop processes, close engines). */
  defer(fn: () => Promise<void> | void): void
  log(line: string): void
}

export class RunContext implements BenchContext {
  private readonly root = fs.mkdtempSync(path.join(os.tmpdir(), 'rstatus-bench-'))
  private net: Promise<LocalTestnet> | null = null
  private readonly stores = new Map<string, Promise<BuiltStore>>()
  private readonly cleanups: Array<() => Promise<void> | void> = []
  private count = 0

  constructor(readonly quick: boolean) {}

  dir(name: string): string {
    const dir = path.join(this.root, `${++this.count}-${name}`)
    fs.mkdirSync(dir, { recursive: true })
    return dir
  }

  testnet(): Promise<LocalTestnet> {
    this.net ??= startTestnet()
    return this.net
  }

  store(shape: StoreShape): Promise<BuiltStore> {
    const id = `${shape.feeds}x${shape.perFeed}`
    let built = this.stores.get(id)
    if (!built) {
      built = buildStore(this.dir(`store-${id}`), shape, (line) => this.log(line))
      this.stores.set(id, built)
    }
    return built
  }

  defer(fn: () => Promise<void> | void): void {
    this.cleanups.push(fn)
  }

  /** Runs a figure's deferred cleanups (newest first). */
  async settle(): Promise<void> {
    while (this.cleanups.length > 0) {
      const fn = this.cleanups.pop()!
      await Promise.resolve()
        .then(fn)
        .catch((err) => this.log(`cleanup failed: ${(err as Error).message}`))
    }
  }

  async close(): Promise<void> {
    await this.settle()
    if (this.net) await (await this.net).close().catch(() => {})
    fs.rmSync(this.root, { recursive: true, force: true })
  }

  log(line: string): void {
    process.stderr.write(`  ${line}\n`)
  }
}
