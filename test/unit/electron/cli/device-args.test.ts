import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { parseArgs } from '../../../../electron/cli/args.js'
import { UsageError } from '../../../../electron/cli/exit.js'
import { decodeCode } from '../../../../electron/engine/devices/pairing.js'
import BlindPairing from 'blind-pairing'
import z32 from 'z32'
import crypto from 'node:crypto'

const KEY = 'ybndrfg8ejkmcpqxot1uwisza345h769ybndrfg8ejkmcpqxot1y'
const code = () => 'y'.repeat(106)

describe('rstatus device arguments', () => {
  it('parses invite, join, list and remove', () => {
    assert.deepEqual(parseArgs(['device', 'invite']).command, { name: 'device', action: 'invite', timeoutS: 600 })
    assert.deepEqual(parseArgs(['device', 'invite', '--timeout', '30']).command, { name: 'device', action: 'invite', timeoutS: 30 })
    const code = 'y'.repeat(106)
    assert.deepEqual(parseArgs(['device', 'join', code]).command, { name: 'device', action: 'join', code })
    assert.deepEqual(parseArgs(['device', 'join']).command, { name: 'device', action: 'join', code: null }, 'read from a prompt or stdin')
    assert.deepEqual(parseArgs(['device', 'list', '--json']).command, { name: 'device', action: 'list', json: true })
    assert.deepEqual(parseArgs(['device', 'remove', `rstatus://${KEY}`]).command, { name: 'device', action: 'remove', key: KEY })
  })

  it('refuses bad input with one clear line', () => {
    const bad: Array<[string[], RegExp]> = [
      [['device'], /device needs invite\|join\|list\|remove/],
      [['device', 'steal'], /unknown device command "steal"/],
      [['device', 'join', code(), 'extra'], /too many arguments/],
      [['device', 'join', 'abc'], /not a device code/],
      [['device', 'invite', '--timeout', '0'], /--timeout/],
      [['device', 'invite', '--timeout', '2.5'], /--timeout/],
      [['device', 'list', '--timeout', '5'], /does not go with device list/],
      [['device', 'remove', 'nope'], /not a feed key/i],
      [['device', 'remove', KEY, 'extra'], /too many arguments/]
    ]
    for (const [argv, message] of bad) assert.throws(() => parseArgs(argv), (err: unknown) => err instanceof UsageError && message.test(err.message), argv.join(' '))
  })

  it('decodes a code back into its invite, and refuses a damaged one', () => {
    const { invite } = BlindPairing.createInvite(crypto.randomBytes(32))
    const code = z32.encode(invite)
    assert.deepEqual(decodeCode(`  ${code.toUpperCase()} `), invite)
    assert.throws(() => decodeCode(code.slice(0, 90)), /not a device code/)
    assert.throws(() => decodeCode(code.replace(/.$/, '!')), /not a device code/)
  })
})
