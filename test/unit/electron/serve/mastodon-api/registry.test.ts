import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { Registry, tokenId } from '../../../../../electron/serve/mastodon-api/registry.js'
import { tmpDir } from '../../../../helpers/tmp.js'

describe('the Mastodon door\'s registry', () => {
  test('apps authenticate with their secret, kept only as a digest, across restarts', () => {
    const tmp = tmpDir('rstatus-mastodon-registry-')
    try {
      const file = path.join(tmp.dir, 'mastodon-api.json')
      const first = new Registry(file)
      const app = first.register({ name: 'Tusky', website: null, redirectUris: ['urn:ietf:wg:oauth:2.0:oob'], scopes: ['read'] })
      const id = tokenId('rst_token')
      first.recordToken(id, app.clientId)
      assert.equal(fs.statSync(file).mode & 0o777, 0o600)
      assert.equal(fs.readFileSync(file, 'utf8').includes(app.clientSecret), false)

      const again = new Registry(file)
      assert.equal(again.authenticate(app.clientId, app.clientSecret)?.name, 'Tusky')
      assert.equal(again.authenticate(app.clientId, 'wrong'), null)
      assert.equal(again.authenticate('unknown', app.clientSecret), null)
      assert.equal(again.appOfToken(id)?.clientId, app.clientId)
      assert.equal(again.appOfToken('Tusky'), null)
      assert.equal(again.appOfToken('__proto__'), null)
      assert.deepEqual(again.mediaKey, first.mediaKey, 'image URLs survive a restart')
      again.forgetToken(id)
      assert.equal(new Registry(file).appOfToken(id), null)
    } finally {
      tmp.cleanup()
    }
  })

  test('a damaged file is said in one line and replaced, granting nothing', () => {
    const tmp = tmpDir('rstatus-mastodon-registry-')
    try {
      const file = path.join(tmp.dir, 'mastodon-api.json')
      fs.writeFileSync(file, '{"version":1,"mediaKey":"nope"')
      const lines: string[] = []
      const registry = new Registry(file, (l) => lines.push(l))
      assert.equal(lines.length, 1)
      assert.match(lines[0]!, /damaged; Mastodon apps must register again/)
      assert.equal(registry.app('anything'), null)
      assert.equal(registry.mediaKey.length, 32)
    } finally {
      tmp.cleanup()
    }
  })

  test('past 200 apps, the oldest without a token are forgotten first', () => {
    const tmp = tmpDir('rstatus-mastodon-registry-')
    try {
      const registry = new Registry(path.join(tmp.dir, 'state.json'))
      const kept = registry.register({ name: 'Kept', website: null, redirectUris: ['urn:ietf:wg:oauth:2.0:oob'], scopes: ['read'] })
      registry.recordToken(tokenId('rst_kept'), kept.clientId)
      const first = registry.register({ name: 'Idle', website: null, redirectUris: ['urn:ietf:wg:oauth:2.0:oob'], scopes: ['read'] })
      for (let i = 0; i < 200; i++) registry.register({ name: `App ${i}`, website: null, redirectUris: ['urn:ietf:wg:oauth:2.0:oob'], scopes: ['read'] })
      assert.notEqual(registry.app(kept.clientId), null)
      assert.equal(registry.app(first.clientId), null)
    } finally {
      tmp.cleanup()
    }
  })

  test('dismissed and cleared notifications are remembered', () => {
    const tmp = tmpDir('rstatus-mastodon-registry-')
    try {
      const file = path.join(tmp.dir, 'state.json')
      const registry = new Registry(file)
      registry.dismiss('123')
      registry.dismiss('123')
      assert.deepEqual([...new Registry(file).dismissed], ['123'])
      registry.clearNotifications('456')
      const after = new Registry(file)
      assert.equal(after.clearedThrough, '456')
      assert.deepEqual([...after.dismissed], [])
    } finally {
      tmp.cleanup()
    }
  })
})
