import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { appPageUrl, isAppUrl, resolveAppFile } from '../../../../electron/main/app-protocol.js'
import { appProtocolHandler } from '../../../../electron/main/app-protocol-handler.js'
import { CONTENT_SECURITY_POLICY, contentTypeFor } from '../../../../electron/serve/static-files.js'

const root = path.resolve('/srv/renderer')

describe('isAppUrl', () => {
  it('is true for app://rstatus only', () => {
    assert.equal(isAppUrl('app://rstatus/index.html'), true)
    assert.equal(isAppUrl('app://rstatus'), true)
    assert.equal(isAppUrl('app://evil/index.html'), false)
    assert.equal(isAppUrl('app://user:pw@rstatus/'), false)
    assert.equal(isAppUrl('https://rstatus/'), false)
    assert.equal(isAppUrl('garbage'), false)
  })

  it('builds the page URL with a hash route', () => {
    assert.equal(appPageUrl(), 'app://rstatus/index.html')
    assert.equal(appPageUrl('/home'), 'app://rstatus/index.html#/home')
  })
})

describe('resolveAppFile', () => {
  it('maps app URLs to files under the renderer folder', () => {
    assert.equal(resolveAppFile('app://rstatus/', root), path.join(root, 'index.html'))
    assert.equal(resolveAppFile('app://rstatus/index.html?x=1#/home', root), path.join(root, 'index.html'))
    assert.equal(resolveAppFile('app://rstatus/assets/index-abc.js', root), path.join(root, 'assets', 'index-abc.js'))
    assert.equal(resolveAppFile('app://rstatus/a%20b.css', root), path.join(root, 'a b.css'))
  })

  it('never leaves the renderer folder', () => {
    for (const url of [
      'app://rstatus/../../etc/passwd',
      'app://rstatus/%2e%2e/%2e%2e/etc/passwd',
      'app://rstatus/assets/%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd',
      'app://rstatus/..%5c..%5cwindows%5cwin.ini',
      'app://rstatus/%2fetc%2fpasswd'
    ]) {
      const file = resolveAppFile(url, root)
      assert.ok(file === null || file.startsWith(root + path.sep), `${url} → ${file}`)
    }
  })

  it('refuses other hosts, NUL bytes and broken escapes', () => {
    assert.equal(resolveAppFile('app://other/index.html', root), null)
    assert.equal(resolveAppFile('file:///etc/passwd', root), null)
    assert.equal(resolveAppFile('app://rstatus/a%00.js', root), null)
    assert.equal(resolveAppFile('app://rstatus/%E0%A4%A', root), null)
  })

  it('names content types so module scripts load', () => {
    assert.match(contentTypeFor('/x/index-abc.js'), /^text\/javascript/)
    assert.match(contentTypeFor('/x/index.html'), /^text\/html/)
    assert.match(contentTypeFor('/x/a.CSS'), /^text\/css/)
    assert.equal(contentTypeFor('/x/a.svg'), 'image/svg+xml')
    assert.equal(contentTypeFor('/x/unknown.bin'), 'application/octet-stream')
  })
})

describe('appProtocolHandler', () => {
  let dir: string
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rstatus-app-'))
    fs.mkdirSync(path.join(dir, 'assets'))
    fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><script type="module" src="./assets/a.js"></script>')
    fs.writeFileSync(path.join(dir, 'assets', 'a.js'), 'export {}')
    fs.writeFileSync(path.join(path.dirname(dir), 'rstatus-secret.txt'), 'secret')
  })
  after(() => {
    fs.rmSync(dir, { recursive: true, force: true })
    fs.rmSync(path.join(path.dirname(dir), 'rstatus-secret.txt'), { force: true })
  })

  it('serves the page and its scripts with the CSP and the right types', async () => {
    const handle = appProtocolHandler(dir)
    const page = await handle({ url: 'app://rstatus/index.html', method: 'GET' })
    assert.equal(page.status, 200)
    assert.equal(page.headers.get('content-security-policy'), CONTENT_SECURITY_POLICY)
    assert.match(page.headers.get('content-type') ?? '', /^text\/html/)
    assert.match(await page.text(), /assets\/a\.js/)
    const script = await handle({ url: 'app://rstatus/assets/a.js' })
    assert.equal(script.status, 200)
    assert.match(script.headers.get('content-type') ?? '', /^text\/javascript/)
    assert.equal(script.headers.get('x-content-type-options'), 'nosniff')
  })

  it('answers 404 for missing files and for paths outside the folder', async () => {
    const handle = appProtocolHandler(dir)
    assert.equal((await handle({ url: 'app://rstatus/nope.js' })).status, 404)
    const escape = await handle({ url: 'app://rstatus/%2e%2e/rstatus-secret.txt' })
    assert.equal(escape.status, 404)
    assert.doesNotMatch(await escape.text(), /secret/)
    assert.equal((await handle({ url: 'app://evil/index.html' })).status, 404)
  })

  it('refuses methods other than GET', async () => {
    assert.equal((await appProtocolHandler(dir)({ url: 'app://rstatus/index.html', method: 'POST' })).status, 405)
  })

  it('explains how to build when the renderer is missing', async () => {
    const res = await appProtocolHandler(path.join(dir, 'missing'))({ url: 'app://rstatus/index.html' })
    assert.equal(res.status, 200)
    assert.match(await res.text(), /npm run build/)
    assert.equal(res.headers.get('content-security-policy'), CONTENT_SECURITY_POLICY)
  })
})
