// The everyday UI end to end: two people, each with their own `rstatus serve` on a local DHT and their own
// Chromium page. Steps run in order and build on each other; each checks one thing a person met as a bug.
// Setup and the other person's side go through the HTTP API, so the browser time is spent on what is tested.
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { after, before, describe, test } from 'node:test'
import type { Browser, Locator, Page } from 'playwright-core'
import { rstatus, startServe, type ServeProcess } from '../integration/cli-process.js'
import { jpeg } from '../helpers/images.js'
import { startHandleDomains, type HandleDomains } from '../helpers/handle-domain.js'
import { startTestnet, type LocalTestnet } from '../helpers/testnet.js'
import { tmpDir } from '../helpers/tmp.js'
import { twitterArchiveZip } from '../helpers/twitter-archive.js'
import { axeViolations, collectErrors, launchBrowser, screenshot, UI_TIMEOUT } from './browser.js'

/** Long enough for a DHT lookup and a replication round on a busy machine; most steps take a second. */
const NET_TIMEOUT = 60_000
const VIEWPORT = { width: 1280, height: 860 }

interface Person {
  name: string
  data: string
  serve: ServeProcess
  page: Page
  errors: string[]
}

describe('the everyday UI, two people in Chromium', { timeout: 8 * 60_000 }, () => {
  const tmp = tmpDir('rstatus-e2e-everyday-')
  let testnet: LocalTestnet
  let domains: HandleDomains
  let browser: Browser
  let alice: Person
  let bob: Person

  async function call<T = Record<string, unknown>>(p: Person, method: string, params: unknown = {}): Promise<T> {
    const r = await fetch(`http://127.0.0.1:${p.serve.port}/api/${method}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${p.serve.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(params)
    })
    const body = (await r.json()) as T & { error?: { message: string } }
    if (!r.ok) throw new Error(`${method}: ${body.error?.message ?? r.status}`)
    return body
  }

  async function upload(p: Person, bytes: Buffer): Promise<string> {
    const { upload } = await call<{ upload: string }>(p, 'uploadBegin', { size: bytes.length })
    const chunk = 256 * 1024
    for (let offset = 0; offset < bytes.length; offset += chunk) {
      await call(p, 'uploadChunk', { upload, offset, data: bytes.subarray(offset, offset + chunk).toString('base64') })
    }
    return upload
  }

  async function person(name: string, opts: { avatar?: boolean } = {}): Promise<Person> {
    const data = path.join(tmp.dir, name.toLowerCase())
    // Handles are looked up on a local DNS server and web server: nothing here reaches the internet.
    const serve = await startServe(['--data', data, '--bootstrap', testnet.bootstrap, '--host', '127.0.0.1'], {
      env: { RSTATUS_DNS: domains.dns, NODE_EXTRA_CA_CERTS: domains.caFile }
    })
    const p: Person = { name, data, serve, page: await browser.newPage({ viewport: VIEWPORT }), errors: [] }
    p.errors = collectErrors(p.page)
    const avatar = opts.avatar ? { avatar: await upload(p, await jpeg(96, 96, { seed: 7 })) } : {}
    await call(p, 'setProfile', { name, bio: `${name} keeps a small boat.`, ...avatar })
    await p.page.goto(p.serve.url)
    await visible(p.page.getByRole('textbox', { name: "What's happening?" }), UI_TIMEOUT)
    return p
  }

  before(async () => {
    testnet = await startTestnet()
    domains = await startHandleDomains(path.join(tmp.dir, 'domains'), ['alice.test'])
    browser = await launchBrowser()
    alice = await person('Alice', { avatar: true })
    bob = await person('Bob')
  })

  after(async () => {
    await browser?.close().catch(() => {})
    await alice?.serve.stop()
    await bob?.serve.stop()
    await domains?.close()
    await testnet?.close()
    tmp.cleanup()
  })

  const origin = (p: Person) => `http://127.0.0.1:${p.serve.port}`
  const card = (page: Page, text: string): Locator => page.getByRole('article').filter({ hasText: text })
  const visible = (l: Locator, timeout = NET_TIMEOUT) => l.first().waitFor({ state: 'visible', timeout })
  /**
   * Polls an expression in the page until it is true. Playwright's own waitForFunction evaluates a string with
   * eval inside the page, which the app's Content-Security-Policy forbids.
   */
  async function until(page: Page, expression: string, timeout = UI_TIMEOUT): Promise<void> {
    const end = Date.now() + timeout
    while (!(await page.evaluate(expression))) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${expression}`)
      await new Promise((r) => setTimeout(r, 50))
    }
  }
  /** A profile picture drawn from its image, not the letter that stands in for it. */
  const picture = (l: Locator) => l.locator('.avatar img')

  test('the follow preview of someone who has posted nothing says so, in plain words, with their picture', async () => {
    await bob.page.goto(`${origin(bob)}/#/follow`)
    await bob.page.getByLabel('Key, link or handle').fill(`rstatus://${alice.serve.key}`)
    await bob.page.getByRole('button', { name: 'Preview' }).click()
    const preview = bob.page.getByRole('region', { name: 'Preview of Alice' })
    await visible(preview.getByText('Alice has posted nothing yet.'))
    assert.equal(await preview.getByText(/blocks?\b/).count(), 0, 'no jargon')
    await visible(picture(preview))
    await preview.getByRole('button', { name: 'Follow Alice' }).click()
    await visible(preview.getByText('You follow Alice'), UI_TIMEOUT)
    await call(alice, 'follow', { key: bob.serve.key })
  })

  test('a verified handle: Alice claims alice.test, Bob sees @alice.test with a mark, and the handle in Search opens her', async () => {
    domains.setWellKnown('alice.test', JSON.stringify({ key: alice.serve.key }))
    await call(alice, 'setProfile', { handle: 'alice.test' })
    await bob.page.goto(`${origin(bob)}/#/profile/${alice.serve.key}`)
    const handle = bob.page.locator('.profile-handle').filter({ hasText: '@alice.test' })
    await visible(handle.getByRole('img', { name: 'verified' }))
    // Alice's own serve checks her claim too; what counts is that drawing it again asks nobody.
    const asked = domains.asked('alice.test').wellKnown
    await bob.page.reload()
    await visible(handle.getByRole('img', { name: 'verified' }))
    assert.equal(domains.asked('alice.test').wellKnown, asked, 'one check a day, however often the profile is drawn')

    await bob.page.goto(`${origin(bob)}/#/home`)
    await bob.page.getByRole('searchbox').fill('@alice.test')
    await bob.page.getByRole('searchbox').press('Enter')
    await until(bob.page, `location.hash === '#/profile/${alice.serve.key}'`, NET_TIMEOUT)
    await visible(handle.getByRole('img', { name: 'verified' }))
    await screenshot(bob.page, 'profile-verified-handle')
  })

  test('pictures in person rows, notification rows and mention suggestions', async () => {
    await bob.page.goto(`${origin(bob)}/#/search?q=Alice`)
    await visible(picture(bob.page.locator('a.person').filter({ hasText: 'Alice' })))

    await bob.page.goto(`${origin(bob)}/#/notifications`)
    await visible(picture(bob.page.locator('.notification').filter({ hasText: 'Alice' })))

    await bob.page.goto(`${origin(bob)}/#/home`)
    await bob.page.getByRole('textbox', { name: "What's happening?" }).fill('Hello @Ali')
    const suggestions = bob.page.getByRole('listbox', { name: 'People to mention' })
    await visible(picture(suggestions.getByRole('option').filter({ hasText: 'Alice' })))
    await bob.page.getByRole('textbox', { name: "What's happening?" }).fill('')
  })

  test('a repost shows once on the reposter’s home, and a reply names whom it answers', async () => {
    const { uri } = await call<{ uri: string }>(alice, 'post', { text: 'The tide turns at noon' })
    await bob.page.goto(`${origin(bob)}/#/home`)
    await visible(card(bob.page, 'The tide turns at noon'))
    await card(bob.page, 'The tide turns at noon').first().getByRole('button', { name: /^Repost,/ }).click()
    await visible(bob.page.locator('.reposted-by').filter({ hasText: 'Bob' }), UI_TIMEOUT)
    await bob.page.reload()
    await visible(bob.page.locator('.reposted-by').filter({ hasText: 'Bob' }), UI_TIMEOUT)
    assert.equal(await card(bob.page, 'The tide turns at noon').count(), 1, 'the status once, where Bob reposted it')

    await call(bob, 'reply', { to: uri, text: 'Noon it is' })
    await visible(card(bob.page, 'Noon it is').getByRole('link', { name: 'Replying to Alice' }), UI_TIMEOUT)
  })

  test('the "N new" pill lands on the newest status, focused', async () => {
    for (let i = 1; i <= 24; i++) await call(alice, 'post', { text: `Log entry ${i}: wind steady from the west, all well aboard.` })
    await bob.page.goto(`${origin(bob)}/#/home`)
    await visible(card(bob.page, 'Log entry 24'))
    // Scrolled again on each look: while entries still arrive, the page may not yet be tall enough
    await until(bob.page, '(window.scrollTo(0, 1500), window.scrollY >= 1400)', NET_TIMEOUT)
    await call(alice, 'post', { text: 'Fresh from Alice: a seal off the bow' })
    const pill = bob.page.getByRole('button', { name: /1 new status/ })
    await visible(pill)
    await pill.click()
    await until(bob.page, "document.activeElement?.tagName === 'ARTICLE' && document.activeElement.textContent.includes('Fresh from Alice')", UI_TIMEOUT)
    const box = (await bob.page.evaluate(
      '({ top: document.activeElement.getBoundingClientRect().top, bottom: document.activeElement.getBoundingClientRect().bottom, tag: document.activeElement.tagName })'
    )) as { top: number; bottom: number; tag: string }
    assert.equal(box.tag, 'ARTICLE')
    assert.ok(box.top >= 0 && box.bottom <= VIEWPORT.height, `the newest status on screen: ${JSON.stringify(box)}`)
  })

  test('the image viewer: dark backdrop, caption apart, next and previous, ALT badges', async () => {
    const images = [
      { upload: await upload(alice, await jpeg(900, 600, { seed: 1 })), alt: 'A red boat at the quay' },
      { upload: await upload(alice, await jpeg(600, 900, { seed: 2 })), alt: 'The lighthouse at dusk' }
    ]
    await call(alice, 'post', { text: 'Two pictures from the harbour', images })
    // A fresh page at the top: new statuses go straight in there (scrolled down, they wait behind a pill)
    await bob.page.goto(`${origin(bob)}/#/home`)
    await bob.page.reload()
    const status = card(bob.page, 'Two pictures from the harbour')
    await visible(status.getByRole('button', { name: 'View image full size: A red boat at the quay' }))
    assert.equal(await status.locator('.alt-badge').count(), 2, 'each described image carries an ALT badge')
    await status.getByRole('button', { name: 'View image full size: A red boat at the quay' }).click()
    const first = bob.page.getByRole('dialog', { name: 'Image 1 of 2: A red boat at the quay' })
    await visible(first, UI_TIMEOUT)
    const background = (await bob.page.evaluate("getComputedStyle(document.querySelector('.image-viewer')).backgroundColor")) as string
    const parts = /rgba?\(([^)]+)\)/.exec(background)?.[1]?.split(/[,\s/]+/).filter(Boolean) ?? []
    const alpha = parts.length === 4 ? Number(parts[3]) : 1
    assert.ok(alpha >= 0.9, `an opaque backdrop (alpha ${alpha})`)
    await screenshot(bob.page, 'image-viewer')
    await first.getByRole('button', { name: 'Next image' }).click()
    await visible(bob.page.getByRole('dialog', { name: 'Image 2 of 2: The lighthouse at dusk' }))
    await visible(bob.page.getByText('The lighthouse at dusk', { exact: true }))
    await bob.page.keyboard.press('ArrowRight')
    await visible(bob.page.getByRole('dialog', { name: 'Image 1 of 2: A red boat at the quay' }))
    await bob.page.keyboard.press('Escape')
    await first.waitFor({ state: 'detached' })
  })

  test('a profile lists statuses by date: an imported status from 2019 sits below today’s', async () => {
    const zip = path.join(tmp.dir, 'archive.zip')
    fs.writeFileSync(zip, await twitterArchiveZip([{ id: '1100000000000000001', date: 'Wed May 01 10:00:00 +0000 2019', text: 'Imported from 2019' }]))
    const imported = await rstatus(['--data', alice.data, 'import-twitter', zip])
    assert.equal(imported.code, 0, imported.stderr)
    const statuses = await call<{ items: Array<{ text: string }> }>(alice, 'profileStatuses', { key: alice.serve.key, limit: 100 })
    assert.equal(statuses.items.at(-1)?.text, 'Imported from 2019', 'the import is in, oldest of all')
    await alice.page.goto(`${origin(alice)}/#/profile/${alice.serve.key}`)
    await visible(card(alice.page, 'Two pictures from the harbour'))
    const top = await alice.page.getByRole('article').first().textContent()
    assert.match(top ?? '', /Two pictures from the harbour/, 'today’s newest status on top, not the import')
  })

  test('storage counts the statuses held of a followed feed', async () => {
    await bob.page.goto(`${origin(bob)}/#/settings`)
    const row = bob.page.getByRole('row').filter({ has: bob.page.getByRole('rowheader', { name: 'Alice' }) })
    await visible(row)
    const held = await row.getByRole('cell').first().textContent()
    assert.match(held ?? '', /^\d+(\.\d)? (B|KB|MB)$/)
    assert.notEqual(held, '0 B')
  })

  test('the identity backup asks first and says what the file is', async () => {
    await bob.page.goto(`${origin(bob)}/#/settings`)
    let downloads = 0
    bob.page.on('download', () => downloads++)
    await bob.page.getByRole('button', { name: 'Download a backup of my identity' }).click()
    const dialog = bob.page.getByRole('alertdialog', { name: 'Download your secret key?' })
    await visible(dialog, UI_TIMEOUT)
    await visible(dialog.getByText(/secret key your statuses are signed with/))
    await dialog.getByRole('button', { name: 'Cancel' }).click()
    await dialog.waitFor({ state: 'detached' })
    assert.equal(downloads, 0, 'nothing downloaded without a yes')
  })

  test('an open device invite can be cancelled', async () => {
    await bob.page.goto(`${origin(bob)}/#/devices`)
    const invite = bob.page.getByRole('region', { name: 'Invite a device' })
    await invite.getByRole('button', { name: 'Invite a device' }).click()
    await visible(invite.getByLabel('One-time code', { exact: true }), 20_000)
    await invite.getByRole('button', { name: 'Cancel invite' }).click()
    await invite.getByLabel('One-time code', { exact: true }).waitFor({ state: 'detached', timeout: UI_TIMEOUT })
    await visible(bob.page.getByText('Invite cancelled: the code no longer works'), UI_TIMEOUT)
    await visible(invite.getByRole('button', { name: 'Invite a device' }), UI_TIMEOUT)
  })

  test('viewing Notifications marks what it shows as read: the count clears by itself', async () => {
    const { uri } = await call<{ uri: string }>(bob, 'post', { text: 'Bob asks: anyone sailing Sunday?' })
    await call(alice, 'like', { of: uri })
    await bob.page.goto(`${origin(bob)}/#/home`)
    const nav = bob.page.getByRole('navigation', { name: 'Main' })
    await visible(nav.getByRole('link', { name: /^Notifications, \d+ unread$/ }))
    await nav.getByRole('link', { name: /^Notifications/ }).click()
    await visible(bob.page.locator('.notification.unread').filter({ hasText: 'liked your status' }))
    await visible(nav.getByRole('link', { name: 'Notifications', exact: true }), UI_TIMEOUT)
  })

  test('keyboard shortcuts: j and k move between statuses, l likes, g n and g h go places, / searches, ? lists them', async () => {
    const page = bob.page
    await page.goto(`${origin(bob)}/#/home`)
    await visible(page.getByRole('article'))
    await page.locator('main').focus()
    const focused = () => page.evaluate("document.activeElement?.closest('article')?.querySelector('.status-text')?.textContent ?? null") as Promise<string | null>
    await page.keyboard.press('j')
    const first = await focused()
    assert.ok(first, 'j focuses a status')
    await page.keyboard.press('j')
    const second = await focused()
    assert.ok(second && second !== first, 'j again moves to the next')
    await page.keyboard.press('k')
    assert.equal(await focused(), first, 'k goes back')
    const like = page.locator('article:focus .act-like')
    const before = await like.getAttribute('aria-pressed')
    await page.keyboard.press('l')
    await until(page, `document.querySelector('article:focus .act-like')?.getAttribute('aria-pressed') === '${before === 'true' ? 'false' : 'true'}'`)
    await page.keyboard.press('g')
    await page.keyboard.press('n')
    await until(page, "location.hash === '#/notifications'")
    await page.keyboard.press('g')
    await page.keyboard.press('h')
    await until(page, "location.hash === '#/home'")
    // As a person does: the page is there before the next key (a busy machine may still be drawing it)
    await visible(page.getByRole('article'))
    await page.keyboard.press('/')
    await until(page, "document.activeElement?.closest('[role=search]') !== null")
    await page.keyboard.press('Escape')
    await page.locator('main').focus()
    await page.keyboard.press('?')
    const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' })
    await visible(help, UI_TIMEOUT)
    await screenshot(page, 'keyboard-shortcuts')
    await page.keyboard.press('Escape')
    await help.waitFor({ state: 'detached' })
    await page.keyboard.press('n')
    await until(page, "document.activeElement?.tagName === 'TEXTAREA'")
  })

  test('every main screen in light, dark and 390 px wide: reachable, no axe violations, screenshots kept', async () => {
    const page = bob.page
    // A long name with no place to break must not break the profile header in a narrow window.
    const longName = 'Alexandrina-Wilhelmina-Theodora-Maximiliana-Smith'
    await call(alice, 'setProfile', { name: longName })
    const { uri } = await call<{ uri: string }>(alice, 'post', { text: 'A status to open in its thread' })
    const [, seq] = /\/(\d+)$/.exec(uri)!
    const screens: Array<[name: string, hash: string]> = [
      ['home', '#/home'], ['notifications', '#/notifications'], ['messages', '#/messages'], ['requests', '#/requests'],
      ['follow', '#/follow'], ['my-profile', `#/profile/${bob.serve.key}`], ['their-profile', `#/profile/${alice.serve.key}`],
      ['thread', `#/status/${alice.serve.key}/${seq}`], ['search', '#/search?q=Alice'], ['sync', '#/sync'],
      ['settings', '#/settings'], ['apps', '#/apps'], ['devices', '#/devices'], ['bookmarks', '#/bookmarks'],
      ['lists', '#/lists'], ['drafts', '#/drafts']
    ]
    const violations: string[] = []
    const modes: Array<[mode: string, setUp: () => Promise<void>]> = [
      ['light', async () => page.emulateMedia({ colorScheme: 'light' })],
      ['dark', async () => page.emulateMedia({ colorScheme: 'dark' })],
      ['narrow', async () => {
        await page.emulateMedia({ colorScheme: 'light' })
        await page.setViewportSize({ width: 390, height: 844 })
      }]
    ]
    for (const [mode, setUp] of modes) {
      await setUp()
      for (const [name, hash] of screens) {
        await page.goto(`${origin(bob)}/${hash}`)
        await visible(page.locator('main h1').first())
        if (name === 'their-profile') {
          const heading = page.locator('main h1').filter({ hasText: longName })
          await visible(heading)
          // Wrapped where it can be, not a letter a line squeezed beside the buttons.
          const box = await heading.boundingBox()
          if (!box || box.width < 200) violations.push(`${name} (${mode}): the name is squeezed to ${box?.width} px`)
        }
        if (name === 'thread') await visible(card(page, 'A status to open in its thread'))
        // Nothing drawn past the right edge: every control is on the screen.
        if (!(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth'))) violations.push(`${name} (${mode}): wider than the window`)
        for (const v of await axeViolations(page)) violations.push(`${name} (${mode}): ${v}`)
        await screenshot(page, `${name}-${mode}`)
      }
    }
    assert.deepEqual(violations, [])

    // At 390 px every page is one or two taps away: in the bar, or under More.
    const nav = page.getByRole('navigation', { name: 'Main' })
    for (const [label, hash] of [['Home', '#/home'], ['Profile', `#/profile/${bob.serve.key}`], ['Settings', '#/settings'], ['Apps', '#/apps'], ['Devices', '#/devices'], ['Sync', '#/sync']]) {
      const link = nav.getByRole('link', { name: label, exact: true })
      if (!(await link.isVisible())) await nav.getByRole('button', { name: 'More' }).click()
      await link.click()
      await until(page, `location.hash === '${hash}'`)
    }
    await nav.getByRole('button', { name: 'More' }).click()
    await screenshot(page, 'more-menu-narrow')
    await page.keyboard.press('Escape')
    await page.setViewportSize(VIEWPORT)
    await call(alice, 'setProfile', { name: 'Alice' })

    // A touch screen has no Ctrl+Enter: the composer does not offer it there.
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true })
    try {
      const touch = await phone.newPage()
      await touch.goto(bob.serve.url)
      await visible(touch.getByRole('textbox', { name: "What's happening?" }))
      assert.equal(await touch.getByText('Ctrl+Enter').isVisible(), false)
      await page.goto(`${origin(bob)}/#/home`)
      await visible(page.getByText('Ctrl+Enter'), UI_TIMEOUT)
    } finally {
      await phone.close()
    }
  })

  test('search comes early in the tab order: right after the skip link', async () => {
    const page = bob.page
    await page.goto(`${origin(bob)}/#/home`)
    // A fresh load, so that the keyboard starts at the top of the page.
    await page.reload()
    await visible(page.getByRole('article'))
    await page.keyboard.press('Tab')
    await page.keyboard.press('Tab')
    await until(page, "document.activeElement?.getAttribute('type') === 'search'")
  })

  test('a restart of serve keeps open tabs working; a new token tells them what to do', async () => {
    assert.deepEqual(bob.errors.filter((e) => e.startsWith('pageerror')), [])
    await call(bob, 'post', { text: 'Bob before the restart' })
    await bob.page.goto(`${origin(bob)}/#/home`)
    await visible(card(bob.page, 'Bob before the restart'))
    const port = bob.serve.port
    const restart = async (extra: string[]) => {
      await bob.serve.stop()
      bob.serve = await startServe(['--data', bob.data, '--bootstrap', testnet.bootstrap, '--host', '127.0.0.1'], { port, serveArgs: extra })
    }
    const token = bob.serve.token
    await restart([])
    assert.equal(bob.serve.token, token, 'the same token after a restart')
    await bob.page.getByRole('alert').filter({ hasText: 'Connection to rstatus lost' }).waitFor({ state: 'detached', timeout: 30_000 })
    const box = bob.page.getByRole('textbox', { name: "What's happening?" })
    await box.fill('Back after a restart')
    await box.press('Control+Enter')
    await visible(card(bob.page, 'Back after a restart'), UI_TIMEOUT)

    await restart(['--new-token'])
    assert.notEqual(bob.serve.token, token)
    await visible(bob.page.getByRole('alert').filter({ hasText: 'rstatus serve was started with a new token' }), 30_000)
    await screenshot(bob.page, 'token-replaced')
    await bob.page.reload()
    await visible(bob.page.getByRole('heading', { name: 'This page needs a new link' }), UI_TIMEOUT)
    await screenshot(bob.page, 'token-replaced-reload')
    await bob.page.goto(bob.serve.url)
    await visible(card(bob.page, 'Back after a restart'), UI_TIMEOUT)
  })
})
