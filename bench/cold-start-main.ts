// One cold start in a fresh process: from creating the engine on an existing data folder to its first
// timeline page. Reports { openMs, firstPageMs } (both since the start) and exits.
import { Engine } from '../electron/engine/engine.js'

const t0 = performance.now()
const engine = new Engine({ dataDir: process.env.COLD_DATA! })
await engine.ready()
const openMs = performance.now() - t0
const page = await engine.api.call('timeline', { limit: 50 })
const firstPageMs = performance.now() - t0
process.send?.({ openMs, firstPageMs, items: page.items.length })
await engine.close()
process.disconnect?.()
