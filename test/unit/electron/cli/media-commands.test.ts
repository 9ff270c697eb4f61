import assert from 'node:assert/strict'
import path from 'node:path'
import { describe, it } from 'node:test'
import { parseArgs } from '../../../../electron/cli/args.js'
import { UsageError } from '../../../../electron/cli/exit.js'
import { progressLine } from '../../../../electron/cli/media-commands.js'
import { USAGE } from '../../../../electron/cli/usage.js'

describe('import-twitter, export and leave arguments', () => {
  it('resolve file names against the working directory', () => {
    assert.deepEqual(parseArgs(['import-twitter', 'archive.zip']).command, { name: 'import-twitter', zip: path.resolve('archive.zip') })
    assert.deepEqual(parseArgs(['export', 'out.json']).command, { name: 'export', file: path.resolve('out.json'), media: false })
    assert.deepEqual(parseArgs(['export', 'out.json', '--media']).command, { name: 'export', file: path.resolve('out.json'), media: true })
  })

  it('need their file, and leave needs --yes', () => {
    assert.throws(() => parseArgs(['import-twitter']), (err) => err instanceof UsageError && /needs ZIP/.test(err.message))
    assert.throws(() => parseArgs(['export']), /needs FILE/)
    assert.throws(() => parseArgs(['leave']), (err) => err instanceof UsageError && /rstatus leave --yes/.test(err.message))
    assert.deepEqual(parseArgs(['leave', '--yes']).command, { name: 'leave' })
    assert.throws(() => parseArgs(['leave', '--force']), /unknown option "--force" for leave/)
  })

  it('are in the help', () => {
    for (const line of ['import-twitter ZIP', 'export FILE [--media]', 'leave --yes']) assert.ok(USAGE.includes(line), line)
  })

  it('print import progress as one line', () => {
    assert.equal(
      progressLine({ id: 'x', state: 'running', total: 200, done: 50, added: 48, skipped: 2, images: 7, message: null }),
      'importing: 50/200 tweets (25%), 48 added, 2 skipped, 7 photos'
    )
  })
})
