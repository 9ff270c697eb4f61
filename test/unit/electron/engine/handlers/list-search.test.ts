import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import path from 'node:path'
import { Engine } from '../../../../../electron/engine/engine.js'
import { listScope } from '../../../../../electron/engine/handlers/list-search.js'
import { parseKey } from '../../../../../shared/keys.js'
import { tmpDir } from '../../../../helpers/tmp.js'

describe('listScope', () => {
  test('finds in:NAME anywhere, quoted or not, and leaves the other words', () => {
    assert.deepEqual(listScope('boats in:Sailors'), { list: 'Sailors', words: 'boats' })
    assert.deepEqual(listScope('in:"Close friends"  big boats'), { list: 'Close friends', words: 'big boats' })
    assert.deepEqual(listScope('in:Sailors'), { list: 'Sailors', words: '' })
    assert.equal(listScope('boats'), null)
    assert.equal(listScope('within:Sailors'), null)
  })
})

describe('search with in:NAME, on a real engine', () => {
  const tmp = tmpDir('rstatus-list-search-')
  let engine: Engine
  let me = ''
  const other = parseKey('ab'.repeat(32))

  before(async () => {
    engine = new Engine({ dataDir: path.join(tmp.dir, 'me') })
    await engine.ready()
    me = (await engine.api.call('whoami', {})).key
    for (const text of ['boats at dawn', 'boats at dusk', 'a quiet day']) await engine.api.call('post', { text })
    await engine.api.call('listCreate', { name: 'Me too' })
    await engine.api.call('listAdd', { name: 'Me too', key: me })
    await engine.api.call('listCreate', { name: 'others' })
    await engine.api.call('listAdd', { name: 'others', key: other })
  })
  after(async () => {
    await engine?.close()
    tmp.cleanup()
  })

  const texts = async (query: string, limit?: number) =>
    (await engine.api.call('search', { query, ...(limit ? { limit } : {}) })).statuses.items.map((s) => s.text)

  test('only statuses by the list\'s members match', async () => {
    assert.deepEqual(await texts('boats'), ['boats at dusk', 'boats at dawn'])
    assert.deepEqual(await texts('boats in:"Me too"'), ['boats at dusk', 'boats at dawn'])
    assert.deepEqual(await texts('in:others boats'), [])
  })

  test('in:NAME alone is the list\'s timeline', async () => {
    assert.deepEqual(await texts('in:"Me too"', 2), ['a quiet day', 'boats at dusk'])
    assert.deepEqual(await texts('in:others'), [])
  })

  test('a list the person does not have is a clear error', async () => {
    await assert.rejects(engine.api.call('search', { query: 'boats in:nobody' }), (err: Error) => {
      assert.equal(err.message, 'You have no list named "nobody"')
      return true
    })
  })
})
