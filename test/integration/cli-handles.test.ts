// Handles through the real lookups: `rstatus follow HANDLE` asks a local DNS server (RSTATUS_DNS) for the TXT
// record and a local HTTPS server, trusted through NODE_EXTRA_CA_CERTS, for the well-known file. Nothing here
// reaches the internet.
import assert from 'node:assert/strict'
import crypto from 'node:crypto'
import path from 'node:path'
import { after, before, describe, test } from 'node:test'
import ids from 'hypercore-id-encoding'
import { startHandleDomains, type HandleDomains } from '../helpers/handle-domain.js'
import { tmpDir } from '../helpers/tmp.js'
import { rstatus } from './cli-process.js'

const newKey = () => ids.encode(crypto.randomBytes(32))

describe('rstatus follow HANDLE', () => {
  const tmp = tmpDir('rstatus-cli-handles-')
  const data = path.join(tmp.dir, 'me')
  let domains: HandleDomains
  const cli = (...args: string[]) =>
    rstatus(['--data', data, ...args], { env: { RSTATUS_DNS: domains.dns, NODE_EXTRA_CA_CERTS: domains.caFile } })

  before(async () => {
    domains = await startHandleDomains(path.join(tmp.dir, 'domains'), ['bob.test', 'carol.test', 'dave.test', 'me.test'])
  })
  after(async () => {
    await domains?.close()
    tmp.cleanup()
  })

  test('follows the key a TXT record names, and asks the domain again only after a day', async () => {
    const bob = newKey()
    domains.setTxt('bob.test', [`key=${bob}`])
    const r = await cli('follow', '@Bob.test')
    assert.equal(r.code, 0, r.stderr)
    assert.equal(r.stdout, `following ${bob}\n`)
    assert.equal(domains.asked('bob.test').txt, 1)

    // A restart keeps the answer (handles.json): following again does not ask the domain.
    const again = await cli('follow', 'bob.test')
    assert.equal(again.stdout, `following ${bob}\n`)
    assert.deepEqual(domains.asked('bob.test'), { txt: 1, wellKnown: 0 }, 'a TXT answer needs no well-known file')
  })

  test('follows the key the well-known file names when there is no TXT record', async () => {
    const carol = newKey()
    domains.setWellKnown('carol.test', JSON.stringify({ key: carol, note: 'unknown fields are ignored' }))
    const r = await cli('follow', 'carol.test')
    assert.equal(r.code, 0, r.stderr)
    assert.equal(r.stdout, `following ${carol}\n`)
    assert.deepEqual(domains.asked('carol.test'), { txt: 1, wellKnown: 1 })
  })

  test('a domain that names no key gets one line', async () => {
    domains.setWellKnown('dave.test', '{"key":"not a key"}')
    const r = await cli('follow', 'dave.test')
    assert.notEqual(r.code, 0)
    assert.match(r.stderr, /^rstatus: dave\.test names no rstatus key: there is no TXT record _rstatus\.dave\.test/)
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr)
  })

  test('rstatus profile waits for the check of my handle, shows it verified, and the next run asks nobody', async () => {
    const me = JSON.parse((await cli('whoami', '--json')).stdout) as { key: string }
    domains.setTxt('me.test', [`key=${me.key}`])
    const set = await cli('profile', '--name', 'Me', '--handle', 'Me.test')
    assert.equal(set.code, 0, set.stderr)
    assert.match(set.stdout, /^handle me\.test \(verified\)$/m)
    const shown = await cli('profile')
    assert.match(shown.stdout, /^handle me\.test \(verified\)$/m, 'the answer was kept when the first run exited')
    assert.equal(domains.asked('me.test').txt, 1, 'asked once, the day it was claimed')

    domains.setTxt('me.test', [`key=${newKey()}`])
    const other = await cli('profile', '--handle', 'bob.test')
    assert.match(other.stdout, /^handle bob\.test \(not verified\)$/m, 'bob.test names Bob, not me')
  })
})
