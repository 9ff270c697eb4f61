// A long timeline in a real browser: the virtualized list keeps the DOM the same size however far the
// person scrolls, and infinite scroll reaches the very first status by cursor.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import path from 'node:path'
import type { Browser } from 'playwright-core'
import { Engine } from '../../electron/engine/engine.js'
import { startServe, type ServeProcess } from '../integration/cli-process.js'
import { tmpDir } from '../helpers/tmp.js'
import { launchBrowser, screenshot, UI_TIMEOUT } from './browser.js'

const COUNT = 3000

/** The little of the page's document these checks read (this file is compiled without the DOM library). */
interface PageDocument {
  documentElement: { scrollHeight: number }
  body: { textContent: string | null }
}

describe('a timeline of thousands of statuses in Chromium', { timeout: 5 * 60_000 }, () => {
  const tmp = tmpDir('rstatus-e2e-long-')
  const data = path.join(tmp.dir, 'carol')
  let serve: ServeProcess
  let browser: Browser

  before(async () => {
    // Written straight through the engine: posting thousands through the UI would test nothing more.
    const engine = new Engine({ dataDir: data })
    await engine.ready()
    await engine.api.call('setProfile', { name: 'Carol', bio: 'Posts a lot.' })
    for (let i = 0; i < COUNT; i++) await engine.api.call('post', { text: `status ${i} of a long day #long` })
    await engine.close()
    serve = await startServe(['--data', data, '--host', '127.0.0.1'])
    browser = await launchBrowser()
  })

  after(async () => {
    await browser?.close().catch(() => {})
    await serve?.stop()
    tmp.cleanup()
  })

  test('scrolls to the first status with a DOM that does not grow', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 860 } })
    await page.goto(serve.url)
    await page.getByText(`status ${COUNT - 1} of a long day`).waitFor({ timeout: UI_TIMEOUT })
    const dom = () => page.evaluate<{ rows: number; list: number; elements: number; height: number }>(`({
      rows: document.querySelectorAll('.vrow').length,
      list: document.querySelectorAll('[role=feed] *').length,
      elements: document.querySelectorAll('*').length,
      height: document.documentElement.scrollHeight
    })`)
    const atStart = await dom()

    let max = atStart
    const end = page.getByText("You're all caught up.")
    for (let i = 0; i < COUNT; i++) {
      if (await end.isVisible()) break
      const before = await dom()
      await page.evaluate('window.scrollTo(0, document.documentElement.scrollHeight)')
      // the next page has arrived when the list grew, or the end is shown
      await page.waitForFunction(
        (h: number) => {
          const doc = (globalThis as unknown as { document: PageDocument }).document
          return doc.documentElement.scrollHeight > h || (doc.body.textContent ?? '').includes("You're all caught up.")
        },
        before.height,
        { timeout: UI_TIMEOUT }
      )
      const now = await dom()
      if (now.list > max.list) max = now
    }
    await page.evaluate('window.scrollTo(0, document.documentElement.scrollHeight)')
    await page.getByText('status 0 of a long day').waitFor({ timeout: UI_TIMEOUT })
    await end.waitFor()
    await screenshot(page, 'long-timeline-end')
    const atEnd = await dom()

    console.log(
      `long timeline: ${COUNT} statuses, ${atEnd.height}px tall; list DOM ${atStart.list} elements at the top, ` +
        `${max.list} at most while scrolling (${max.rows} rows); whole page ${max.elements} elements`
    )
    assert.ok(atEnd.height > COUNT * 60, `the list should be as tall as ${COUNT} statuses, is ${atEnd.height}px`)
    // the list's DOM stays the size of a screenful, not of the thousands of statuses loaded
    assert.ok(max.rows <= 30, `at most 30 rows should be in the DOM, saw ${max.rows}`)
    assert.ok(max.list < 300, `the list should stay under 300 DOM elements, had ${max.list}`)
    await page.close()
  })
})
