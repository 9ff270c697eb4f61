// Debian's Chromium, driven by playwright-core (never a downloaded browser), with the flags these
// machines need (ENVIRONMENT.md).
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium, type Browser, type Page } from 'playwright-core'

/**
 * How long a step waits for the page to react to something done on this machine alone. Generous on purpose:
 * CI runs three test files at once on a slower machine, and a step that waited 10 s has timed out there.
 */
export const UI_TIMEOUT = 30_000

export const CHROMIUM = process.env.RSTATUS_CHROMIUM ?? '/usr/bin/chromium'

const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic'
]

export async function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: install it (apt-get install -y chromium) or set RSTATUS_CHROMIUM`)
  }
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS })
}

/** test-artifacts/screenshots at the repository root, whichever dist folder this file was compiled to. */
export const SCREENSHOTS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../test-artifacts/screenshots')

export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true })
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: false })
}

/** Page errors and console errors, so a test can assert the app ran clean. */
export function collectErrors(page: Page): string[] {
  const errors: string[] = []
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`))
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(`console: ${msg.text()}`)
  })
  return errors
}
