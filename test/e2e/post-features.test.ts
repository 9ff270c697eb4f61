// The post's newer features in Chromium on one real `rstatus serve`: a status with a content warning, a poll
// and a quote from the composer, shown folded until opened; a public vote; an edit from the "…" menu, marked
// edited, with its history in a dialog; a followed author's link card with its picture. One browser and one
// peer for all of it (the followed author is an engine in this process), to keep the time small.
import assert from 'node:assert/strict'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { after, before, describe, test } from 'node:test'
import type { Browser, Page } from 'playwright-core'
import sharp from 'sharp'
import { Engine } from '../../electron/engine/engine.js'
import { rstatus, startServe, type ServeProcess } from '../integration/cli-process.js'
import { startTestnet, type LocalTestnet } from '../helpers/testnet.js'
import { tmpDir, waitFor } from '../helpers/tmp.js'
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

  test('a followed author\'s link card shows its picture, which came from the author\'s blobs, not the site', async () => {
    const wait = { timeout: 60_000 }
    const picture = await dawn()
    const fetched: string[] = []
    const site = http.createServer((req, res) => {
      fetched.push(req.url ?? '/')
      if (req.url === '/harbour.jpg') {
        res.writeHead(200, { 'content-type': 'image/jpeg' })
        return res.end(picture)
      }
      res.writeHead(200, { 'content-type': 'text/html' })
      res.end('<title>The harbour at dawn</title><meta name="description" content="Boats, gulls and a long pier."><meta property="og:image" content="/harbour.jpg">')
    })
    await new Promise<void>((r) => site.listen(0, '127.0.0.1', r))
    const author = new Engine({ dataDir: path.join(tmp.dir, 'bo'), cards: { allowPrivate: true }, bootstrap: testnet.nodes, host: '127.0.0.1' })
    try {
      await author.ready()
      await author.api.call('setProfile', { name: 'Bo' })
      const link = `http://127.0.0.1:${(site.address() as AddressInfo).port}/dawn`
      const posted = await author.api.call('post', { text: `Morning light ${link}`, card: true })
      assert.ok(posted.card?.image, 'the author kept the picture')
      await author.goOnline()
      assert.equal((await rstatus(['--data', data, 'follow', author.key])).code, 0)

      await page.evaluate('window.location.hash = "#/home"')
      const status = page.getByRole('article').filter({ hasText: 'Morning light' })
      const shown = status.getByRole('link', { name: /The harbour at dawn/ }).locator('.card-image img')
      await shown.waitFor(wait)
      const decoded = (img: unknown) => (img as { complete: boolean; naturalWidth: number }).complete && (img as { naturalWidth: number }).naturalWidth === 800
      await waitFor(() => shown.evaluate(decoded), { ...wait, what: 'the card picture to be decoded' })
      await status.scrollIntoViewIfNeeded()
      await screenshot(page, 'post-link-card')
      await page.emulateMedia({ colorScheme: 'dark' })
      // The colours change with a transition: the picture is taken once it has ended.
      await page.evaluate('Promise.all(document.getAnimations().map((a) => a.finished)).then(() => true)')
      await screenshot(page, 'post-link-card-dark')
      await page.emulateMedia({ colorScheme: 'light' })
      assert.deepEqual(fetched, ['/dawn', '/harbour.jpg'], 'only the author fetched, once')

      const items = JSON.parse((await rstatus(['--data', data, 'timeline', '--json'])).stdout) as Array<{ uri: string; card?: { image?: unknown } }>
      assert.deepEqual(items.find((s) => s.uri === posted.uri)?.card?.image, posted.card.image)
      assert.deepEqual(errors, [])
    } finally {
      await author.close()
      site.closeAllConnections()
      await new Promise((r) => site.close(r))
    }
  })
})

/** A preview picture a person would recognise in a screenshot: sky, sun, sea and a pier. */
function dawn(): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="630">
    <defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#f6c177"/><stop offset="1" stop-color="#eb6f92"/></linearGradient></defs>
    <rect width="1200" height="400" fill="url(#sky)"/><circle cx="600" cy="400" r="110" fill="#fff3c4"/>
    <rect y="400" width="1200" height="230" fill="#31748f"/><rect x="820" y="380" width="380" height="14" fill="#26233a"/></svg>`
  return sharp(Buffer.from(svg)).jpeg().toBuffer()
}
