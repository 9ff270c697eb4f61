import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { parseDnsServers } from '../../../../../electron/engine/handles/dns-servers.js'

describe('RSTATUS_DNS', () => {
  it('takes addresses with or without a port', () => {
    assert.deepEqual(parseDnsServers('192.168.1.1, 127.0.0.1:5353,[::1]:53,::1', 'RSTATUS_DNS'), ['192.168.1.1', '127.0.0.1:5353', '[::1]:53', '::1'])
  })

  it('refuses names, bad ports and nothing, in one line naming the setting', () => {
    for (const text of ['dns.example', '127.0.0.1:0', '127.0.0.1:70000', ' , ', '1.2.3.4:53x']) {
      assert.throws(() => parseDnsServers(text, 'RSTATUS_DNS'), /^RstatusError: RSTATUS_DNS/, text)
    }
  })
})
