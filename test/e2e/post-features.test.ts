// The post's newer features in Chromium on one real `rstatus serve`: a status with a content warning, a poll
// and a quote from the composer, shown folded until opened; a public vote; an edit from the "…" menu, marked
// edited, with its history in a dialog. One browser and one peer for all of it, to keep the time small.
import assert from 'node:assert/strict'
import path from 'node:path'
import { after, before, describe, test } from 'node:test'
import type { Browser, Page } from 'playwright-core'
import { rstatus, startServe, type ServeProcess } from '../integration/cli-process.js'
import { startTestnet, type LocalTestnet } from '../helpers/testnet.js'
import { tmpDir } from '../helpers/tmp.js'
import { collectErrors, launchBrowser, screenshot } from './browser.js'

describe('the post grown up, in a browser', { timeout: 3 * 60_000 }, () => {
  const tmp = tmpDir('rstatus-e2e-post-')
  let testnet: LocalTestnet
  let browser: Browser
  let serve: ServeProcess
  let page: Page
  let errors: string[] = []
  const data = path.join(tmp.dir, 'ann')

  before(async () => {
    testnet = await startTestnet()
    ;[browser, serve] = await Promise.all([launchBrowser(), startServe(['--data', data, '--bootstrap', testnet.bootstrap, '--host', '127.0.0.1'])])
    assert.equal((await rstatus(['--data', data, 'profile', '--name', 'Ann'])).code, 0)
    page = await browser.newPage({ viewport: { width: 1100, height: 900 } })
    errors = collectErrors(page)
    await page.goto(serve.url)
    await page.getByRole('textbox', { name: "What's happening?" }).waitFor()
  })
  after(async () => {
    await browser?.close().catch(() => {})
    await serve?.stop()
    await testnet?.close()
    tmp.cleanup()
  })

  test('compose a warning, a poll and a quote; the warning folds the status until opened; vote; edit and see the history', async () => {
    const box = page.getByRole('textbox', { name: "What's happening?" })
    await box.fill('the first one')
    await page.getByRole('button', { name: 'Post', exact: true }).click()
    const first = page.getByRole('article').filter({ hasText: 'the first one' })
    await first.waitFor()
    const items = JSON.parse((await rstatus(['--data', data, 'timeline', '--json'])).stdout) as Array<{ uri: string; text: string }>
    const firstUri = items.find((s) => s.text === 'the first one')!.uri

    await box.fill('Tea or coffee? the real answer inside')
    await page.getByRole('button', { name: 'Add a content warning' }).click()
    await page.getByRole('textbox', { name: 'Content warning' }).fill('hot drinks debate')
    await page.getByRole('button', { name: 'Add a poll' }).click()
    await page.getByRole('textbox', { name: 'Choice 1' }).fill('tea')
    await page.getByRole('textbox', { name: 'Choice 2' }).fill('coffee')
    await page.getByRole('textbox', { name: 'Quote a status (its link)' }).fill(firstUri)
    await page.getByRole('button', { name: 'Post', exact: true }).click()

    const warned = page.getByRole('article').filter({ hasText: 'hot drinks debate' })
    await warned.waitFor()
    assert.equal(await warned.getByText('Tea or coffee? the real answer inside').count(), 0, 'folded behind its warning')
    await screenshot(page, 'post-folded-warning')
    await warned.getByRole('button', { name: 'Show more' }).click()
    await warned.getByText('Tea or coffee? the real answer inside').waitFor()
    await warned.getByRole('blockquote', { name: 'Quoted status' }).getByText('the first one').waitFor()
    await warned.getByText(/Votes are public/).waitFor()
    await warned.getByRole('button', { name: 'Vote for coffee' }).click()
    await warned.getByRole('button', { name: 'Your vote: coffee' }).waitFor()
    await warned.getByText('1 vote', { exact: true }).waitFor()
    await screenshot(page, 'post-poll-voted')

    await first.filter({ hasNotText: 'hot drinks debate' }).getByRole('button', { name: 'More actions' }).click()
    await page.getByRole('menuitem', { name: 'Edit' }).click()
    const dialog = page.getByRole('dialog', { name: 'Edit status' })
    await dialog.getByRole('textbox', { name: 'Text' }).fill('the first one, edited')
    await dialog.getByRole('button', { name: 'Save' }).click()
    const edited = page.getByRole('article').filter({ hasText: 'the first one, edited' }).filter({ hasNotText: 'hot drinks debate' })
    await edited.getByRole('button', { name: 'Edited: show the history' }).click()
    const history = page.getByRole('dialog', { name: 'Edit history' })
    await history.getByText('the first one', { exact: true }).waitFor()
    await history.getByText('the first one, edited').waitFor()
    await page.keyboard.press('Escape')
    await history.waitFor({ state: 'detached' })
    assert.deepEqual(errors, [])
  })

  test('a draft survives a reload and is gone once posted; a bookmark is on the Bookmarks page', async () => {
    const wait = { timeout: 60_000 }
    await page.evaluate('window.location.hash = "#/home"')
    const box = page.getByRole('textbox', { name: "What's happening?" })
    await box.fill('a thought to finish later')
    // Leaving the page saves what is typed at once; otherwise it is saved after a pause.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Drafts' }).click()
    await page.getByRole('link', { name: 'Resume draft: a thought to finish later' }).waitFor(wait)
    await page.reload()
    await page.getByRole('link', { name: 'Resume draft: a thought to finish later' }).click(wait)
    const resumed = page.getByRole('textbox', { name: "What's happening?" })
    assert.equal(await resumed.inputValue(), 'a thought to finish later')
    await resumed.fill('a thought, finished')
    await page.getByRole('button', { name: 'Post', exact: true }).click()
    await page.getByText('Posted', { exact: true }).waitFor(wait)
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Drafts' }).click()
    await page.getByText('No drafts').waitFor(wait)

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Home', exact: true }).click()
    const posted = page.getByRole('article').filter({ hasText: 'a thought, finished' })
    await posted.getByRole('button', { name: 'Bookmark' }).click(wait)
    await posted.getByRole('button', { name: 'Remove bookmark' }).waitFor(wait)
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Bookmarks' }).click()
    await page.getByRole('heading', { name: 'Bookmarks', level: 1 }).waitFor(wait)
    await page.getByRole('article').filter({ hasText: 'a thought, finished' }).waitFor(wait)
    await screenshot(page, 'post-bookmarks-page')
    assert.deepEqual(errors, [])
  })
})
