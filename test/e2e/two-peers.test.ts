// The UI end to end: two people, each with their own `rstatus serve` process on a local DHT, each with
// their own Chromium page. Steps run in order and build on each other, as the two people would.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import path from 'node:path'
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core'
import { startServe, type ServeProcess } from '../integration/cli-process.js'
import { startTestnet, type LocalTestnet } from '../helpers/testnet.js'
import { tmpDir } from '../helpers/tmp.js'
import { collectErrors, launchBrowser, screenshot, UI_TIMEOUT } from './browser.js'

/** Long enough for a DHT lookup and a replication round on a slow machine; most steps take a second. */
const NET_TIMEOUT = 60_000
const VIEWPORT = { width: 1280, height: 860 }

interface Person {
  name: string
  serve: ServeProcess
  context: BrowserContext
  page: Page
  errors: string[]
}

describe('two people using the app in Chromium', { timeout: 10 * 60_000 }, () => {
  const tmp = tmpDir('rstatus-e2e-')
  let testnet: LocalTestnet
  let browser: Browser
  let alice: Person
  let bob: Person

  async function person(name: string): Promise<Person> {
    const data = path.join(tmp.dir, name.toLowerCase())
    const serve = await startServe(['--data', data, '--bootstrap', testnet.bootstrap, '--host', '127.0.0.1'])
    const context = await browser.newContext({ viewport: VIEWPORT })
    const page = await context.newPage()
    const errors = collectErrors(page)
    return { name, serve, context, page, errors }
  }

  before(async () => {
    testnet = await startTestnet()
    browser = await launchBrowser()
    alice = await person('Alice')
    bob = await person('Bob')
  })

  after(async () => {
    await browser?.close().catch(() => {})
    await alice?.serve.stop()
    await bob?.serve.stop()
    await testnet?.close()
    tmp.cleanup()
  })

  const card = (page: Page, text: string): Locator => page.getByRole('article').filter({ hasText: text }).first()
  const visible = (l: Locator, timeout = NET_TIMEOUT) => l.waitFor({ state: 'visible', timeout })
  const gone = (l: Locator, timeout = NET_TIMEOUT) => l.waitFor({ state: 'detached', timeout })

  async function post(p: Person, text: string): Promise<void> {
    await p.page.goto(`${origin(p)}/#/home`)
    const box = p.page.getByRole('textbox', { name: "What's happening?" })
    await box.fill(text)
    await box.press('Control+Enter')
    await visible(card(p.page, text.slice(0, 24)), UI_TIMEOUT)
  }

  async function follow(p: Person, other: Person, expectText: string): Promise<void> {
    await p.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Follow' }).click()
    await p.page.getByLabel('Key or link').fill(`rstatus://${other.serve.key}`)
    await p.page.getByRole('button', { name: 'Preview' }).click()
    const preview = p.page.getByRole('region', { name: `Preview of ${other.name}` })
    await visible(preview)
    await visible(preview.getByText(expectText))
    if (p === bob) await screenshot(p.page, 'follow-preview')
    await preview.getByRole('button', { name: `Follow ${other.name}` }).click()
    await visible(preview.getByText(`You follow ${other.name}`), UI_TIMEOUT)
  }

  test('onboarding: a name and bio, then the key to share with a QR code', async () => {
    for (const p of [alice, bob]) {
      await p.page.goto(p.serve.url)
      await p.page.getByRole('heading', { name: 'Welcome to rstatus' }).waitFor()
      await p.page.getByLabel('Display name').fill(p.name)
      await p.page.getByLabel('Bio').fill(`${p.name} sails small boats and writes about it.`)
      if (p === alice) await screenshot(p.page, 'onboarding')
      await p.page.getByRole('button', { name: 'Continue' }).click()
      await p.page.getByRole('heading', { name: "You're all set" }).waitFor()
      assert.equal(await p.page.getByText(p.serve.key, { exact: true }).count(), 1)
      await visible(p.page.getByRole('img', { name: /QR code/ }), UI_TIMEOUT)
      if (p === alice) await screenshot(p.page, 'onboarding-share')
      await p.page.getByRole('button', { name: 'Go to your timeline' }).click()
      await visible(p.page.getByRole('textbox', { name: "What's happening?" }), UI_TIMEOUT)
    }
  })

  test('posting: Alice posts and sees it on her home timeline', async () => {
    await post(alice, 'Hello from Alice #sailing')
    // The composer empties once the post call returns, which may be a moment after the card shows.
    await visible(alice.page.getByText('500 characters left'), UI_TIMEOUT)
  })

  test('following by a pasted key, with a preview first', async () => {
    await follow(bob, alice, 'Hello from Alice')
    await bob.page.getByRole('link', { name: 'home timeline' }).click()
    await visible(card(bob.page, 'Hello from Alice'))
  })

  test('live delivery: a new status reaches Bob\'s open page without a reload', async () => {
    await bob.page.goto(`${origin(bob)}/#/home`)
    await visible(card(bob.page, 'Hello from Alice'))
    const marker = await bob.page.evaluate(() => ((globalThis as unknown as { __stay: number }).__stay = Math.random()))
    await post(alice, 'Live from Alice, straight to Bob')
    await visible(card(bob.page, 'Live from Alice'))
    // the same document: it arrived live, not through a reload
    assert.equal(await bob.page.evaluate(() => (globalThis as unknown as { __stay: number }).__stay), marker)
    await screenshot(bob.page, 'home-timeline')
  })

  test('a reply and the thread', async () => {
    await follow(alice, bob, 'Bob sails small boats')
    await bob.page.goto(`${origin(bob)}/#/home`)
    await card(bob.page, 'Hello from Alice').getByRole('link', { name: /^Reply/ }).click()
    const box = bob.page.getByRole('textbox', { name: 'Reply to Alice' })
    await visible(box, UI_TIMEOUT)
    await box.fill('Welcome aboard, Alice!')
    await bob.page.getByRole('button', { name: 'Reply', exact: true }).click()
    const replies = bob.page.getByRole('region', { name: 'Replies' })
    await visible(replies.getByText('Welcome aboard, Alice!'), UI_TIMEOUT)
    await screenshot(bob.page, 'thread')

    // Alice, who follows Bob, sees the reply under her status and a count on it
    await alice.page.goto(`${origin(alice)}/#/home`)
    await card(alice.page, 'Hello from Alice').getByRole('link', { name: /^Reply/ }).click()
    await visible(alice.page.getByRole('region', { name: 'Replies' }).getByText('Welcome aboard, Alice!'))
  })

  test('like and repost counts reach the author', async () => {
    await bob.page.goto(`${origin(bob)}/#/home`)
    const status = card(bob.page, 'Hello from Alice')
    await status.getByRole('button', { name: 'Like, 0 likes' }).click()
    await visible(status.getByRole('button', { name: 'Unlike, 1 like' }), UI_TIMEOUT)
    await status.getByRole('button', { name: 'Repost, 0 reposts' }).click()
    await visible(status.getByRole('button', { name: 'Undo repost, 1 repost' }), UI_TIMEOUT)

    await alice.page.goto(`${origin(alice)}/#/home`)
    const mine = card(alice.page, 'Hello from Alice')
    await visible(mine.getByRole('button', { name: 'Like, 1 like' }))
    await visible(mine.getByRole('button', { name: 'Repost, 1 repost' }))
    await visible(mine.getByRole('link', { name: 'Reply, 1 reply' }))
  })

  test('a mention notification, with the unread count', async () => {
    await post(bob, 'Hey @Alice, see you on the water')
    const nav = alice.page.getByRole('navigation', { name: 'Main' })
    await visible(nav.getByRole('link', { name: /^Notifications, \d+ unread$/ }))
    await nav.getByRole('link', { name: /^Notifications/ }).click()
    const list = alice.page.getByRole('list', { name: /^Notifications/ })
    await visible(list.getByText('mentioned you'))
    await visible(list.getByText('replied to you'))
    await visible(list.getByText('liked your status'))
    await screenshot(alice.page, 'notifications')
    // Viewing the page marked them read: the count clears by itself.
    await visible(nav.getByRole('link', { name: 'Notifications', exact: true }), UI_TIMEOUT)
  })

  test('HTML and script in a status are shown as inert text', async () => {
    const nasty = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script><b>not bold</b>'
    await post(alice, nasty)
    await bob.page.goto(`${origin(bob)}/#/home`)
    const status = card(bob.page, '<script>window.__pwned=2</script>')
    await visible(status)
    assert.equal(await status.locator('.status-text').textContent(), nasty)
    assert.equal(await status.locator('img, script, b').count(), 0)
    assert.equal(await bob.page.evaluate(() => (globalThis as unknown as { __pwned?: number }).__pwned), undefined)
  })

  test('a deletion disappears for followers', async () => {
    await post(alice, 'Oops, this one goes away')
    await bob.page.goto(`${origin(bob)}/#/home`)
    const theirs = card(bob.page, 'Oops, this one goes away')
    await visible(theirs)

    const mine = card(alice.page, 'Oops, this one goes away')
    await mine.getByRole('button', { name: 'Delete' }).click()
    const dialog = alice.page.getByRole('alertdialog', { name: 'Delete this status?' })
    await dialog.getByRole('button', { name: 'Delete' }).click()
    await gone(mine, UI_TIMEOUT)
    await gone(theirs)
  })

  test('profile, search and sync screens', async () => {
    await bob.page.goto(`${origin(bob)}/#/profile/${alice.serve.key}`)
    await visible(bob.page.getByRole('heading', { name: 'Alice', level: 1 }))
    await visible(card(bob.page, 'Hello from Alice'))
    assert.equal(await bob.page.getByRole('button', { name: 'Unfollow Alice' }).count(), 1)
    await screenshot(bob.page, 'profile')

    await bob.page.getByRole('searchbox', { name: 'Search statuses and people' }).fill('#sailing')
    await bob.page.keyboard.press('Enter')
    await visible(bob.page.getByRole('heading', { name: '#sailing' }), UI_TIMEOUT)
    await visible(card(bob.page, 'Hello from Alice'), UI_TIMEOUT)

    await bob.page.goto(`${origin(bob)}/#/sync`)
    await visible(bob.page.getByText(/^Online, connected to [1-9]\d* peers?$/))
    await visible(bob.page.getByRole('progressbar', { name: /^Alice: \d+ of \d+ entries$/ }))
    await screenshot(bob.page, 'sync')

    await bob.page.emulateMedia({ colorScheme: 'dark' })
    await bob.page.goto(`${origin(bob)}/#/home`)
    await visible(card(bob.page, 'Hello from Alice'))
    await screenshot(bob.page, 'home-dark')
    await bob.page.emulateMedia({ colorScheme: 'light' })
  })

  test('a private message from a profile: the unread badge, the conversation, an answer that reaches Bob live', async () => {
    await bob.page.goto(`${origin(bob)}/#/profile/${alice.serve.key}`)
    await bob.page.getByRole('link', { name: 'Message', exact: true }).click()
    const draft = bob.page.getByRole('region', { name: 'New message' })
    await draft.getByRole('textbox', { name: 'Write a private message' }).fill('Psst, Alice: a secret about boats')
    await draft.getByRole('button', { name: 'Send' }).click()
    const atBob = bob.page.getByRole('region', { name: 'Conversation' })
    await visible(atBob.getByText('Psst, Alice: a secret about boats'), NET_TIMEOUT)

    // Alice follows Bob, so his first message is a conversation, not a request.
    await alice.page.goto(`${origin(alice)}/#/home`)
    const inbox = alice.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Messages, 1 unread' })
    await visible(inbox)
    await inbox.click()
    await alice.page.getByRole('link', { name: 'Conversation, 1 unread' }).click()
    const atAlice = alice.page.getByRole('region', { name: 'Conversation' })
    await visible(atAlice.getByText('Psst, Alice: a secret about boats'), NET_TIMEOUT)
    await visible(alice.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Messages', exact: true }), NET_TIMEOUT)
    await atAlice.getByRole('textbox', { name: 'Write a private message' }).fill('Tell me more')
    await atAlice.getByRole('button', { name: 'Send' }).click()
    await visible(atAlice.getByText('Tell me more'), NET_TIMEOUT)
    await screenshot(alice.page, 'conversation')

    await visible(atBob.getByText('Tell me more'))
  })

  test('offline reading: Alice stops, Bob reloads and still reads her statuses', async () => {
    assert.equal(await alice.serve.stop(), 0)
    await bob.page.goto(`${origin(bob)}/#/home`)
    await bob.page.reload()
    await visible(card(bob.page, 'Hello from Alice'), UI_TIMEOUT)
    await visible(card(bob.page, 'Live from Alice'), UI_TIMEOUT)
    await bob.page.goto(`${origin(bob)}/#/profile/${alice.serve.key}`)
    await visible(card(bob.page, 'Live from Alice'), UI_TIMEOUT)
  })

  test('without the token, the page shows none of the user\'s data', async () => {
    const stranger = await browser.newContext({ viewport: VIEWPORT })
    try {
      const page = await stranger.newPage()
      const response = await page.goto(`${origin(bob)}/#/home`)
      assert.equal(response?.status(), 401)
      const text = (await page.textContent('body')) ?? ''
      assert.doesNotMatch(text, /Bob|Alice|Hello from/)
      assert.match(text, /link printed by rstatus serve/)
    } finally {
      await stranger.close()
    }
  })

  test('the app ran without page errors', () => {
    const errors = [...alice.errors, ...bob.errors].filter((e) => !/WebSocket|ERR_CONNECTION_REFUSED|net::/.test(e))
    assert.deepEqual(errors, [])
  })
})

function origin(p: Person): string {
  return `http://127.0.0.1:${p.serve.port}`
}
