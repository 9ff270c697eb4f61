// Pictures end to end: Alice attaches a photo with its description in her browser, and Bob's browser, on
// another `rstatus serve` process, shows it (fetched from Alice on demand) with that description as alt.
import assert from 'node:assert/strict'
import path from 'node:path'
import { after, before, describe, test } from 'node:test'
import type { Browser, Page } from 'playwright-core'
import { rstatus, startServe, type ServeProcess } from '../integration/cli-process.js'
import { jpeg, withExif } from '../helpers/images.js'
import { startTestnet, type LocalTestnet } from '../helpers/testnet.js'
import { tmpDir } from '../helpers/tmp.js'
import { collectErrors, launchBrowser, screenshot, UI_TIMEOUT } from './browser.js'

const NET_TIMEOUT = 60_000

describe('images between two browsers', { timeout: 5 * 60_000 }, () => {
  const tmp = tmpDir('rstatus-e2e-images-')
  let testnet: LocalTestnet
  let browser: Browser
  const serves: ServeProcess[] = []
  const errors: string[] = []

  async function open(name: string): Promise<{ serve: ServeProcess; page: Page; data: string }> {
    const data = path.join(tmp.dir, name)
    const serve = await startServe(['--data', data, '--bootstrap', testnet.bootstrap, '--host', '127.0.0.1'])
    serves.push(serve)
    // Routed through the running serve: the profile is set before the page opens, so no onboarding.
    assert.equal((await rstatus(['--data', data, 'profile', '--name', name])).code, 0)
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } })
    errors.push(...collectErrors(page))
    await page.goto(serve.url)
    await page.getByRole('textbox', { name: "What's happening?" }).waitFor()
    return { serve, page, data }
  }

  before(async () => {
    testnet = await startTestnet()
    browser = await launchBrowser()
  })
  after(async () => {
    await browser?.close().catch(() => {})
    for (const s of serves) await s.stop()
    await testnet?.close()
    tmp.cleanup()
  })

  test('a photo posted with its description reaches a follower’s page as an image with alt text', async () => {
    const alice = await open('Alice')
    const bob = await open('Bob')

    const photo = withExif(await jpeg(900, 600))
    await alice.page.getByRole('textbox', { name: "What's happening?" }).fill('The harbour this morning')
    await alice.page.getByLabel('Add images').setInputFiles({ name: 'harbour.jpg', mimeType: 'image/jpeg', buffer: photo })
    const post = alice.page.getByRole('button', { name: 'Post' })
    assert.equal(await post.isDisabled(), true, 'no posting before the image is described')
    await alice.page.getByRole('textbox', { name: 'Describe image 1' }).fill('Boats moored in a calm harbour at dawn')
    await post.click()
    const own = alice.page.getByRole('article').filter({ hasText: 'The harbour this morning' })
    await own.getByRole('img', { name: 'Boats moored in a calm harbour at dawn', exact: true }).waitFor({ timeout: UI_TIMEOUT })

    assert.equal((await rstatus(['--data', bob.data, 'follow', alice.serve.key])).code, 0)
    await bob.page.reload()
    const seen = bob.page.getByRole('article').filter({ hasText: 'The harbour this morning' })
    await seen.waitFor({ timeout: NET_TIMEOUT })
    const image = seen.getByRole('img', { name: 'Boats moored in a calm harbour at dawn', exact: true })
    await image.waitFor({ timeout: NET_TIMEOUT })
    const size = await image.evaluate(async (el) => {
      const img = el as unknown as { decode(): Promise<void>; naturalWidth: number; naturalHeight: number }
      await img.decode()
      return [img.naturalWidth, img.naturalHeight]
    })
    assert.deepEqual(size, [800, 533], 'the thumbnail, decoded')
    await screenshot(bob.page, 'images-follower')

    await image.click()
    const viewer = bob.page.getByRole('dialog', { name: 'Boats moored in a calm harbour at dawn', exact: true })
    await viewer.waitFor()
    await viewer.getByRole('img', { name: 'Boats moored in a calm harbour at dawn', exact: true }).waitFor()
    await bob.page.keyboard.press('Escape')
    await viewer.waitFor({ state: 'detached' })
    assert.deepEqual(errors, [])
  })
})
