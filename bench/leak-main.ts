// The leak check's engine: posts and queries in a loop, the heap measured after a forced GC every so often.
// Run with --expose-gc. Reports { samples: [{ ops, heapMB, rssMB }] } and exits.
import { Engine } from '../electron/engine/engine.js'

const gc = (globalThis as { gc?: () => void }).gc
if (!gc) throw new Error('run with --expose-gc')
const total = Number(process.env.LEAK_OPS ?? '2000')
const every = Math.max(1, Math.floor(total / 20))

const engine = new Engine({ dataDir: process.env.LEAK_DATA! })
await engine.ready()
const samples: Array<{ ops: number; heapMB: number; rssMB: number }> = []
const sample = (ops: number) => {
  gc()
  const m = process.memoryUsage()
  samples.push({ ops, heapMB: m.heapUsed / 2 ** 20, rssMB: m.rss / 2 ** 20 })
}
sample(0)
for (let i = 1; i <= total; i++) {
  const status = await engine.api.call('post', { text: `post ${i} in a long run #leak` })
  if (i % 2 === 0) await engine.api.call('like', { of: status.uri })
  const page = await engine.api.call('timeline', { limit: 50 })
  if (page.cursor) await engine.api.call('timeline', { limit: 50, cursor: page.cursor })
  await engine.api.call('profile', { key: engine.key })
  if (i % 10 === 0) await engine.api.call('search', { query: 'long run' })
  if (i % every === 0) sample(i)
}
await engine.close()
process.send?.({ samples })
process.disconnect?.()
