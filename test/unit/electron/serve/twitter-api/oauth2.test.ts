import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { clientCredentials } from '../../../../../electron/serve/twitter-api/oauth2.js'
import { TwitterError } from '../../../../../electron/serve/twitter-api/errors.js'

const basic = (pair: string) => 'Basic ' + Buffer.from(pair).toString('base64')
const form = (text: string) => Buffer.from(text)

describe('Twitter\'s app-only sign-in (client credentials)', () => {
  test('the client secret is the token; the key is any name', () => {
    assert.deepEqual(clientCredentials(basic('my app:rst_abc'), '', form('grant_type=client_credentials')), { token: 'rst_abc' })
    assert.deepEqual(clientCredentials('basic ' + Buffer.from('k:rst_abc').toString('base64'), 'grant_type=client_credentials', form('')), { token: 'rst_abc' })
    // RFC 6749 2.3.1: the parts are form-encoded
    assert.deepEqual(clientCredentials(basic('k:a%2Bb'), '', form('grant_type=client_credentials')), { token: 'a+b' })
  })

  test('Twitter\'s errors: 170 without the grant type, 99 without usable credentials, 38 for a body that is not UTF-8', () => {
    const code = (r: ReturnType<typeof clientCredentials>) => (r instanceof TwitterError ? [r.status, r.code] : null)
    assert.deepEqual(code(clientCredentials(basic('k:t'), '', form(''))), [403, 170])
    assert.deepEqual(code(clientCredentials(basic('k:t'), '', form('grant_type=password'))), [403, 170])
    assert.deepEqual(code(clientCredentials(undefined, '', form('grant_type=client_credentials'))), [403, 99])
    assert.deepEqual(code(clientCredentials('Bearer t', '', form('grant_type=client_credentials'))), [403, 99])
    assert.deepEqual(code(clientCredentials(basic('no colon'), '', form('grant_type=client_credentials'))), [403, 99])
    assert.deepEqual(code(clientCredentials(basic('k:'), '', form('grant_type=client_credentials'))), [403, 99])
    assert.deepEqual(code(clientCredentials(basic('k:t'), '', Buffer.from([0x67, 0x3d, 0xff]))), [400, 38])
  })
})
