// What private records add up to (docs/PROTOCOL.md "Private data"): the same state in any order, the latest
// write of an item winning, and a list's delete clearing the members it had.
import assert from 'node:assert/strict'
import crypto from 'node:crypto'
import { describe, it } from 'node:test'
import ids from 'hypercore-id-encoding'
import { PrivateState } from '../../../../../electron/engine/private-data/merge.js'
import type { PrivateRecord } from '../../../../../shared/protocol/private-records.js'

const [ann, ben, cat] = [0, 1, 2].map(() => ids.encode(crypto.randomBytes(32))) as [string, string, string]
const uri = (n: number) => `rstatus://${ann}/${n}`

const records: PrivateRecord[] = [
  { type: 'bookmark', uri: uri(1), at: 10 },
  { type: 'bookmark', uri: uri(2), at: 11 },
  { type: 'unbookmark', uri: uri(1), at: 12 },
  { type: 'bookmark', uri: uri(3), at: 12 },
  { type: 'list-create', name: 'Friends', at: 20 },
  { type: 'list-add', name: 'Friends', key: ann, at: 21 },
  { type: 'list-add', name: 'Friends', key: ben, at: 22 },
  { type: 'list-delete', name: 'Friends', at: 23 },
  { type: 'list-create', name: 'Friends', at: 24 },
  { type: 'list-add', name: 'Friends', key: cat, at: 25 },
  { type: 'list-create', name: 'Work', at: 26 },
  { type: 'list-add', name: 'Work', key: ann, at: 27 },
  { type: 'list-remove', name: 'Work', key: ann, at: 28 },
  { type: 'list-add', name: 'Gone', key: ann, at: 29 },
  { type: 'draft-put', id: 'a', text: 'first', at: 30 },
  { type: 'draft-put', id: 'a', text: 'second', at: 31 },
  { type: 'draft-put', id: 'b', text: 'posted', at: 32 },
  { type: 'draft-delete', id: 'b', at: 33 },
  // Same time, two devices: the record's encoding decides, wherever it was read first.
  { type: 'draft-put', id: 'c', text: 'tie x', at: 40 },
  { type: 'draft-put', id: 'c', text: 'tie y', at: 40 }
]

function stateOf(order: PrivateRecord[]): PrivateState {
  const state = new PrivateState()
  for (const r of order) state.apply(r)
  return state
}

function shuffled<T>(items: T[]): T[] {
  const out = [...items]
  for (let i = out.length - 1; i > 0; i--) {
    const j = crypto.randomInt(i + 1)
    ;[out[i], out[j]] = [out[j]!, out[i]!]
  }
  return out
}

const summary = (s: PrivateState) => ({ bookmarks: s.bookmarks(), lists: s.lists(), drafts: s.drafts() })

describe('PrivateState', () => {
  it('keeps the latest write of each item', () => {
    const s = stateOf(records)
    assert.deepEqual(s.bookmarks().map((b) => b.uri), [uri(3), uri(2)])
    assert.equal(s.isBookmarked(uri(1)), false)
    assert.deepEqual(s.lists().map((l) => [l.name, l.members]), [['Friends', [cat]], ['Work', []]], 'a delete clears the members a list had; an add to no list counts not')
    assert.deepEqual(s.drafts().map((d) => [d.id, d.text]), [['c', 'tie y'], ['a', 'second']])
  })

  it('comes to the same state whatever order the records arrive in', () => {
    const expected = summary(stateOf(records))
    for (let i = 0; i < 50; i++) assert.deepEqual(summary(stateOf(shuffled(records))), expected)
  })

  it('carries the whole state in its winners', () => {
    const s = stateOf(records)
    assert.deepEqual(summary(stateOf(s.winners())), summary(s))
    assert.deepEqual(summary(stateOf([...shuffled(records).slice(0, 5), ...s.winners()])), summary(s))
  })

  it('places a new write after the item it replaces', () => {
    const s = stateOf(records)
    assert.equal(s.atOf({ type: 'bookmark', uri: uri(2), at: 0 }), 11)
    assert.equal(s.atOf({ type: 'list-delete', name: 'Friends', at: 0 }), 24)
    assert.equal(s.atOf({ type: 'bookmark', uri: uri(9), at: 0 }), -1)
  })
})
