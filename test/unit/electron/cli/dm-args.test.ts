import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { parseArgs } from '../../../../electron/cli/args.js'
import { UsageError } from '../../../../electron/cli/exit.js'

const KEY = 'ybndrfg8ejkmcpqxot1uwisza345h769ybndrfg8ejkmcpqxot1y'
const OTHER = 'ybndrfg8ejkmcpqxot1uwisza345h769ybndrfg8ejkmcpqxot1o'
const ID = 'ybndrfg8ejkmcpqxot1uwisza3'

describe('rstatus dm arguments', () => {
  it('parses the shapes the issue gives', () => {
    assert.deepEqual(parseArgs(['dm', 'send', KEY, 'hello']).command, { name: 'dm', action: 'send', to: [KEY], text: 'hello' })
    assert.deepEqual(parseArgs(['dm', 'send', `rstatus://${KEY},${OTHER}`, '-']).command, { name: 'dm', action: 'send', to: [KEY, OTHER], text: null }, '- reads stdin')
    assert.deepEqual(parseArgs(['dm', 'send', ID, 'again']).command, { name: 'dm', action: 'send', to: [ID], text: 'again' })
    assert.deepEqual(parseArgs(['dm', 'list', '--json']).command, { name: 'dm', action: 'list', json: true })
    assert.deepEqual(parseArgs(['dm', 'read', ID, '--json', '--limit', '5']).command, { name: 'dm', action: 'read', conversation: ID, json: true, limit: 5 })
    assert.deepEqual(parseArgs(['dm', 'read', KEY]).command, { name: 'dm', action: 'read', conversation: KEY, json: false, limit: null })
    assert.deepEqual(parseArgs(['dm', 'requests']).command, { name: 'dm', action: 'requests', json: false })
    assert.deepEqual(parseArgs(['dm', 'accept', ID]).command, { name: 'dm', action: 'accept', id: ID })
    assert.deepEqual(parseArgs(['dm', 'decline', ID]).command, { name: 'dm', action: 'decline', id: ID })
  })

  it('refuses bad input with one clear line', () => {
    const bad: Array<[string[], RegExp]> = [
      [['dm'], /dm needs send\|list\|read\|requests\|accept\|decline/],
      [['dm', 'shout'], /unknown dm command "shout"/],
      [['dm', 'send', KEY], /dm needs TEXT\|-/],
      [['dm', 'send', 'nobody', 'hi'], /"nobody" is neither a conversation ID nor a key/],
      [['dm', 'send', `${KEY},`, 'hi'], /none empty/],
      [['dm', 'read', ID, '--limit', '0'], /--limit must be a whole number/],
      [['dm', 'accept'], /dm needs ID/],
      [['dm', 'list', '--limit', '3'], /--limit does not go with dm list/]
    ]
    for (const [argv, message] of bad) {
      assert.throws(() => parseArgs(argv), (err: unknown) => err instanceof UsageError && message.test(err.message), argv.join(' '))
    }
  })
})
