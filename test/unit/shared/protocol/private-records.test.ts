// The private store's records (docs/PROTOCOL.md "Private data"): what parses, and hostile blocks skipped.
import assert from 'node:assert/strict'
import crypto from 'node:crypto'
import { readFileSync } from 'node:fs'
import { describe, it } from 'node:test'
import ids from 'hypercore-id-encoding'
import { listNameProblem, parsePrivateBlock, privateHeader } from '../../../../shared/protocol/private-records.js'

const key = ids.encode(crypto.randomBytes(32))
const uri = `rstatus://${key}/3`
const block = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v))
const kind = (v: unknown) => parsePrivateBlock(block(v)).kind

describe('private records', () => {
  it('parses each record type, dropping unknown fields', () => {
    const good = [
      { type: 'bookmark', uri, at: 1 },
      { type: 'unbookmark', uri, at: 2 },
      { type: 'list-create', name: 'Friends', at: 3 },
      { type: 'list-delete', name: 'Friends', at: 4 },
      { type: 'list-add', name: 'Friends', key, at: 5 },
      { type: 'list-remove', name: 'Friends', key, at: 6 },
      { type: 'draft-put', id: 'abc', text: '', at: 7 },
      { type: 'draft-put', id: 'abc-1', text: 'half a thought', at: 8, replyTo: uri, quote: uri, cw: 'spoilers', sensitive: true },
      { type: 'draft-delete', id: 'abc', at: 9 }
    ]
    for (const r of good) assert.deepEqual(parsePrivateBlock(block({ ...r, extra: 1 })), { kind: 'record', record: r }, r.type)
    assert.deepEqual(parsePrivateBlock(block(privateHeader())), { kind: 'header' })
  })

  it('tells a type it does not know from an invalid block', () => {
    assert.equal(kind({ type: 'folder-create', name: 'x', at: 1 }), 'unknown')
    const hostile: unknown[] = [
      'not json',
      '[1,2]',
      'null',
      { type: 'bookmark', uri, at: -1 },
      { type: 'bookmark', uri, at: 1.5 },
      { type: 'bookmark', uri: `rstatus://${key}`, at: 1 },
      { type: 'bookmark', uri: `RSTATUS://${key}/3`, at: 1 },
      { type: 'bookmark', uri: `rstatus://${key}/03`, at: 1 },
      { type: 'list-create', name: '', at: 1 },
      { type: 'list-create', name: ' padded', at: 1 },
      { type: 'list-create', name: 'a\nb', at: 1 },
      { type: 'list-create', name: 'x'.repeat(65), at: 1 },
      { type: 'list-create', name: 'Cafe\u0301', at: 1 },
      { type: 'list-add', name: 'Friends', key: key.toUpperCase(), at: 1 },
      { type: 'list-add', name: 'Friends', key: 'nope', at: 1 },
      { type: 'draft-put', id: 'Has Caps', text: 'x', at: 1 },
      { type: 'draft-put', id: 'x', text: 'x'.repeat(5001), at: 1 },
      { type: 'draft-put', id: 'x', text: 7, at: 1 },
      { type: 'draft-put', id: 'x', text: 'x', at: 1, sensitive: 'yes' },
      { type: 'draft-put', id: 'x', text: 'x', at: 1, cw: 'w'.repeat(201) },
      { type: 'draft-put', id: 'x', text: 'x', at: 1, quote: 'https://example.com' },
      { type: 7, at: 1 },
      { type: 'header', protocol: 'rstatus', version: 1 }
    ]
    for (const v of hostile) assert.equal(kind(v), 'invalid', JSON.stringify(v))
    assert.equal(parsePrivateBlock(Buffer.from([0xff, 0xfe, 0x7b])).kind, 'invalid', 'not UTF-8')
    assert.equal(kind({ type: 'draft-put', id: 'x', text: 'x'.repeat(17_000), at: 1 }), 'invalid', 'a block over 16 KiB')
    assert.equal(kind('{"type":"draft-put","id":"x","text":"\\ud800","at":1}'), 'invalid', 'a lone surrogate')
  })

  it('reads the examples docs/PROTOCOL.md gives', () => {
    // Compiled to <outDir>/test/unit/shared/protocol/, five levels below the repository.
    const doc = readFileSync(new URL('../../../../../docs/PROTOCOL.md', import.meta.url), 'utf8')
    const section = doc.split('### Private records')[1]!.split('### Merging')[0]!
    const lines = /```text\n([\s\S]*?)```/.exec(section)![1]!.trim().split('\n')
    assert.equal(lines.length, 4)
    assert.deepEqual(lines.map((l) => parsePrivateBlock(Buffer.from(l)).kind), ['header', 'record', 'record', 'record'])
  })

  it('explains a bad list name in words', () => {
    assert.equal(listNameProblem('Friends'), null)
    assert.match(listNameProblem('   ') ?? '', /empty/)
    assert.match(listNameProblem('x'.repeat(65)) ?? '', /at most 64/)
  })
})
