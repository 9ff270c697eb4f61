import assert from 'node:assert/strict'
import ids from 'hypercore-id-encoding'
import path from 'node:path'
import { describe, test } from 'node:test'
import { parseArgs } from '../../../../electron/cli/args.js'
import { UsageError } from '../../../../electron/cli/exit.js'

const KEY = ids.encode(Buffer.alloc(32, 5))
const HEX = Buffer.alloc(32, 6).toString('hex')

describe('parseArgs: mirror', () => {
  test('serve, with and without its options', () => {
    assert.deepEqual(parseArgs(['mirror', 'serve']).command, { name: 'mirror', action: 'serve', storage: null, maxBytes: null, trust: [] })
    assert.deepEqual(parseArgs(['mirror', 'serve', '--storage', 'm', '--max-storage', '512', '--trust', `${KEY},${HEX}`]).command, {
      name: 'mirror',
      action: 'serve',
      storage: path.resolve('m'),
      maxBytes: 512 * 1024 * 1024,
      trust: [KEY, ids.encode(Buffer.alloc(32, 6))]
    })
  })

  test('add, remove, list and sync', () => {
    assert.deepEqual(parseArgs(['mirror', 'add', HEX]).command, { name: 'mirror', action: 'add', key: ids.encode(Buffer.alloc(32, 6)) })
    assert.deepEqual(parseArgs(['mirror', 'remove', KEY]).command, { name: 'mirror', action: 'remove', key: KEY })
    assert.deepEqual(parseArgs(['mirror', 'list', '--json']).command, { name: 'mirror', action: 'list', json: true })
    assert.deepEqual(parseArgs(['mirror', 'sync']).command, { name: 'mirror', action: 'sync', timeoutMs: 60_000 })
    assert.deepEqual(parseArgs(['mirror', 'sync', '--timeout', '2.5']).command, { name: 'mirror', action: 'sync', timeoutMs: 2500 })
  })

  const bad: Array<[string[], RegExp]> = [
    [['mirror', 'dance'], /unknown mirror command "dance"/],
    [['mirror', 'add'], /needs KEY/],
    [['mirror', 'add', 'nope'], /not a mirror key/],
    [['mirror', 'serve', '--max-storage', 'lots'], /--max-storage must be a whole number of megabytes/],
    [['mirror', 'serve', '--max-storage', '0'], /--max-storage must be a whole number of megabytes/],
    [['mirror', 'serve', '--trust', 'me'], /--trust: "me" is not a key/],
    [['mirror', 'serve', '--storage', ' '], /--storage needs a directory/],
    [['mirror', 'list', '--timeout', '3'], /--timeout does not go with mirror list/],
    [['mirror', 'sync', '--timeout', 'soon'], /--timeout must be a number of seconds/]
  ]
  for (const [argv, message] of bad) {
    test(`${argv.join(' ')} is refused in one line`, () => {
      assert.throws(() => parseArgs(argv), (err: unknown) => err instanceof UsageError && message.test(err.message) && !err.message.includes('\n'))
    })
  }
})
