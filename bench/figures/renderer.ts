// Figure 7: the app in Chromium, over `rstatus serve`, with a 100,000-status home timeline: DOM size,
// frame time while scrolling (from a trace), and the first timeline paint. The baseline is the same browser
// scrolling and painting a plain static page served from 127.0.0.1: what any page costs on this machine.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'
import type { BenchContext } from '../context.js'
import { row, type Figure } from '../figure.js'
import { count as size, ms, number } from '../format.js'
import { frameTimes } from '../frame-trace.js'
import { DOM_NODES, FIRST_CONTENTFUL_PAINT, FIRST_ROW_AT, WATCH_FIRST_ROW, loadDeep, scrollFor, staticPage } from '../page-scripts.js'
import { startServe } from '../serve-process.js'
import { median, percentile } from '../stats.js'
import type { StoreShape } from '../store-builder.js'

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic']
const TRACE_CATEGORIES = ['toplevel', 'devtools.timeline', 'disabled-by-default-devtools.timeline', 'disabled-by-default-devtools.timeline.frame']
const MAX_NODES = 300
const FRAME_MS = 16
const FIRST_PAINT_MS = 500
/** Page loads timed for the first paint; the median counts. */
const LOADS = 3
/** px per frame: a brisk scroll, about 1,800 px a second at 60 Hz. */
const STEP = 30

interface Scroll {
  frames: number[]
  intervals: number[]
  maxNodes: number
}

export const renderer: Figure = {
  name: 'renderer',
  title: 'The renderer in Chromium',
  async run(ctx) {
    const shape: StoreShape = ctx.quick ? { feeds: 200, perFeed: 50 } : { feeds: 1000, perFeed: 100 }
    const scrollMs = ctx.quick ? 4_000 : 10_000
    const deepRows = ctx.quick ? 300 : 3_000
    const store = await ctx.store(shape)
    const { bootstrap } = await ctx.testnet()

    const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS })
    ctx.defer(() => browser.close())
    const base = await baseline(ctx, browser, scrollMs)
    const launches = await launchesToFirstRow(ctx, browser, store.dataDir, bootstrap)

    const serve = await startServe({ dataDir: store.dataDir, bootstrap })
    ctx.defer(() => serve.stop())
    // The measuring scripts are evaluated strings, which the app's CSP (rightly) forbids; the app's own code needs no such leave.
    const loads: Array<{ firstRowAt: number; fcp: number; nodes: number }> = []
    let page: Page | null = null
    for (let i = 0; i < LOADS; i++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, bypassCSP: true })
      ctx.defer(() => context.close())
      page = await context.newPage()
      await page.addInitScript(WATCH_FIRST_ROW)
      await page.goto(serve.url)
      await page.waitForFunction(FIRST_ROW_AT, undefined, { timeout: 30_000 })
      loads.push({
        firstRowAt: (await page.evaluate(FIRST_ROW_AT)) as number,
        fcp: (await page.evaluate(FIRST_CONTENTFUL_PAINT)) as number,
        nodes: (await page.evaluate(DOM_NODES)) as number
      })
      if (i < LOADS - 1) await context.close()
    }
    const firstRowAt = median(loads.map((l) => l.firstRowAt))
    const fcp = median(loads.map((l) => l.fcp))
    const nodesAtFirst = Math.max(...loads.map((l) => l.nodes))
    const ours = await scrollTraced(browser, page!, scrollMs, 'rstatus')
    const deep = (await page!.evaluate(loadDeep(deepRows, 120_000))) as { loaded: number; maxNodes: number; rowsInDom: number }
    const maxNodes = Math.max(nodesAtFirst, ours.maxNodes, deep.maxNodes)
    await page!.close()
    await serve.stop()

    const p95 = percentile(ours.frames, 95)
    const basep95 = percentile(base.scroll.frames, 95)
    ctx.log(`first row ${ms(firstRowAt)} (FCP ${ms(fcp)}); frame work p50 ${ms(percentile(ours.frames, 50))} p95 ${ms(p95)}; DOM ≤ ${maxNodes} nodes over ${deep.loaded} statuses loaded`)
    const dropped = ours.intervals.filter((i) => i > 1.5 * (1000 / 60)).length
    return [
      row({
        id: '7a',
        name: `Renderer, ${size(store.statuses)}-status timeline: most DOM nodes`,
        ours: { value: maxNodes, unit: 'nodes' },
        baseline: null,
        target: `< ${MAX_NODES}, whatever the length`,
        pass: maxNodes < MAX_NODES,
        note: `${nodesAtFirst} at first paint, ${ours.maxNodes} while scrolling, ${deep.maxNodes} after loading ${deep.loaded} statuses (${deep.rowsInDom} rows in the DOM); every element of the document counted`
      }),
      row({
        id: '7b',
        name: `Renderer: p95 frame time while scrolling`,
        ours: { value: p95, unit: 'ms' },
        baseline: { value: basep95, unit: 'ms', label: 'a static page' },
        target: `≤ ${FRAME_MS} ms`,
        pass: p95 <= FRAME_MS,
        note: `main-thread work per frame from a Chromium trace, ${ours.frames.length} frames scrolling ${STEP} px a frame for ${scrollMs / 1000} s; p50 ${ms(percentile(ours.frames, 50))}, max ${ms(Math.max(...ours.frames))}; frame intervals p95 ${ms(percentile(ours.intervals, 95))}, ${dropped} of ${ours.intervals.length} over 1.5 frames`
      }),
      row({
        id: '7c',
        name: 'Renderer: first timeline paint after load',
        ours: { value: firstRowAt, unit: 'ms' },
        baseline: { value: base.firstPaint, unit: 'ms', label: 'first paint of a static page' },
        target: `≤ ${FIRST_PAINT_MS} ms`,
        pass: firstRowAt <= FIRST_PAINT_MS,
        note: `median of ${LOADS} page loads (${loads.map((l) => ms(l.firstRowAt)).join(', ')}), from navigation start (token redirect included) to the frame showing the first status; first contentful paint (the shell) at ${ms(fcp)}`
      }),
      row({
        id: '7d',
        name: 'Renderer: launch → first timeline paint (rstatus serve started cold, then the page)',
        ours: { value: launches.firstRow, unit: 'ms' },
        baseline: { value: firstRowAt, unit: 'ms', label: 'the page alone, serve already running (7c)' },
        target: `≤ ${FIRST_PAINT_MS} ms`,
        pass: launches.firstRow <= FIRST_PAINT_MS,
        note: `median of ${LOADS} launches (${launches.each.map((l) => ms(l)).join(', ')}): from spawning \`rstatus serve\` on the ${size(store.statuses)}-status store to the frame showing the first status in Chromium, the page opened as soon as serve printed its address (${ms(launches.url)} median); \`node -e 0\` took ${ms(launches.bareNode)} from spawn to exit in the same run. The browser stands in for the desktop window, which cannot run here`
      })
    ]
  }
}

async function baseline(ctx: BenchContext, browser: Browser, scrollMs: number): Promise<{ firstPaint: number; scroll: Scroll }> {
  const html = staticPage(Math.ceil((scrollMs / 1000) * 60 * STEP / 90) + 20)
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' })
    res.end(html)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  ctx.defer(() => new Promise<void>((resolve) => server.close(() => resolve())))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`
  const paints: number[] = []
  let page: Page | null = null
  for (let i = 0; i < LOADS; i++) {
    await page?.close()
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
    await page.goto(url)
    await page.waitForFunction(`${FIRST_CONTENTFUL_PAINT} > 0`)
    paints.push((await page.evaluate(FIRST_CONTENTFUL_PAINT)) as number)
  }
  const firstPaint = median(paints)
  const scroll = await scrollTraced(browser, page!, scrollMs, 'baseline')
  await page!.close()
  ctx.log(`baseline: first paint ${ms(firstPaint)}, frame work p95 ${ms(percentile(scroll.frames, 95))} (${number(scroll.frames.length)} frames)`)
  return { firstPaint, scroll }
}

/**
 * Fresh `rstatus serve` processes on the store, each opened in a new browser context as soon as it prints its
 * address, as a window opens when the app starts: spawn → the frame showing the first status.
 */
async function launchesToFirstRow(ctx: BenchContext, browser: Browser, dataDir: string, bootstrap: string): Promise<{ firstRow: number; url: number; bareNode: number; each: number[] }> {
  const each: number[] = []
  const urls: number[] = []
  const bare: number[] = []
  for (let i = 0; i < LOADS; i++) {
    const spawnedAt = performance.timeOrigin + performance.now()
    const serve = await startServe({ dataDir, bootstrap })
    urls.push(performance.timeOrigin + performance.now() - spawnedAt)
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, bypassCSP: true })
    try {
      const page = await context.newPage()
      await page.addInitScript(WATCH_FIRST_ROW)
      await page.goto(serve.url)
      await page.waitForFunction(FIRST_ROW_AT, undefined, { timeout: 60_000 })
      const shownAt = (await page.evaluate(`performance.timeOrigin + (${FIRST_ROW_AT})`)) as number
      each.push(shownAt - spawnedAt)
    } finally {
      await context.close()
      await serve.stop()
    }
    bare.push(bareNodeMs())
  }
  ctx.log(`launch → first row ${each.map((l) => ms(l)).join(', ')}; address printed after ${urls.map((l) => ms(l)).join(', ')}`)
  return { firstRow: median(each), url: median(urls), bareNode: median(bare), each }
}

/** Node's own start and exit, with nothing to load: the floor under any launch on this machine now. */
function bareNodeMs(): number {
  const start = performance.now()
  execFileSync(process.execPath, ['-e', '0'])
  return performance.now() - start
}

async function scrollTraced(browser: Browser, page: Page, scrollMs: number, name: string): Promise<Scroll> {
  await browser.startTracing(page, { categories: TRACE_CATEGORIES })
  const result = (await page.evaluate(scrollFor(scrollMs, STEP))) as { intervals: number[]; maxNodes: number }
  const trace = await browser.stopTracing()
  // BENCH_TRACE_DIR keeps the traces, to open in Chrome's performance panel when a frame is slow.
  if (process.env.BENCH_TRACE_DIR) fs.writeFileSync(path.join(process.env.BENCH_TRACE_DIR, `${name}-scroll-trace.json`), trace)
  return { frames: frameTimes(trace), intervals: result.intervals, maxNodes: result.maxNodes }
}
