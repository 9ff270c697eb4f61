// One cold start in a fresh process, reported over IPC and then exits: { processMs, openMs, firstPageMs }.
// processMs counts from the process' own start (Node's time origin), so it includes Node's boot and loading
// the engine's modules; openMs and firstPageMs count from `new Engine()`. The page is asked for at once, as
// the UI does: the engine answers it from the cached views while its other parts still open.
const { Engine } = await import('../electron/engine/engine.js')

const t0 = performance.now()
const engine = new Engine({ dataDir: process.env.COLD_DATA! })
const page = await engine.api.call('timeline', { limit: 50 })
const firstPageMs = performance.now() - t0
const processMs = performance.now()
await engine.ready()
const openMs = performance.now() - t0
process.send?.({ processMs, openMs, firstPageMs, items: page.items.length })
await engine.close()
process.disconnect?.()
