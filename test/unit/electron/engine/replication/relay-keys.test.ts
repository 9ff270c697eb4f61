import assert from 'node:assert/strict'
import ids from 'hypercore-id-encoding'
import { describe, test } from 'node:test'
import { parseRelayKeys } from '../../../../../electron/engine/replication/relay-keys.js'

const A = ids.encode(Buffer.alloc(32, 1))
const B = ids.encode(Buffer.alloc(32, 2))

describe('parseRelayKeys', () => {
  test('reads z-base-32 and hex keys, gives them in z-base-32, once each', () => {
    const hexB = Buffer.alloc(32, 2).toString('hex')
    assert.deepEqual(parseRelayKeys(` ${A},${hexB} ,${B}`, '--relay'), [A, B])
  })

  test('bad input gets one line naming where it came from', () => {
    assert.throws(() => parseRelayKeys('', '--relay'), { message: '--relay must be KEY[,KEY...]' })
    assert.throws(() => parseRelayKeys(`${A},,${B}`, 'RSTATUS_RELAY'), { message: 'RSTATUS_RELAY must be KEY[,KEY...]' })
    assert.throws(() => parseRelayKeys(`${A},relay.example:49737`, '--relay'), {
      message: '--relay: "relay.example:49737" is not a key (52 z-base-32 or 64 hex characters)'
    })
  })
})
