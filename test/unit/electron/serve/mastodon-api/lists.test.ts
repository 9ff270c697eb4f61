import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { listId, listObject } from '../../../../../electron/serve/mastodon-api/lists.js'

describe('Mastodon list ids', () => {
  test('come from the name alone: the same every time, different for another name', () => {
    assert.equal(listId('Sailors'), listId('Sailors'))
    assert.notEqual(listId('Sailors'), listId('sailors'))
    assert.notEqual(listId('Sailors'), listId('Sailors '))
  })

  test('are decimal strings, as Mastodon clients expect of ids', () => {
    for (const name of ['a', 'Close friends', 'ünïcödé 🚤', 'x'.repeat(200)]) assert.match(listId(name), /^\d{1,15}$/)
  })

  test('a List carries the name as its title, with the one replies policy rstatus has', () => {
    assert.deepEqual(listObject({ name: 'Sailors' }), { id: listId('Sailors'), title: 'Sailors', replies_policy: 'list', exclusive: false })
  })
})
