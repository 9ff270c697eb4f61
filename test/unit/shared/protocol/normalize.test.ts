import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { normalizeRecord } from '../../../../shared/protocol/normalize.js'
import type { ImageAttachment } from '../../../../shared/protocol/records.js'
import { normalizeText } from '../../../../shared/protocol/text.js'
import { OTHER, T } from './fixtures.js'

describe('normalizeText()', () => {
  it('composes to NFC', () => {
    assert.equal(normalizeText('Cafe\u0301'), 'Caf\u00e9')
    assert.equal(normalizeText('\u1100\u1161\u11a8'), '\uac01')
  })

  it('trims the white space ECMAScript trims, at both ends only', () => {
    assert.equal(normalizeText(' \t\u00a0\u3000\ufeffhello  world\n\n'), 'hello  world')
    assert.equal(normalizeText('\u200bzero width stays\u200b'), '\u200bzero width stays\u200b')
  })

  it('writes line breaks as LF', () => {
    assert.equal(normalizeText('one\r\ntwo\rthree\nfour'), 'one\ntwo\nthree\nfour')
  })

  it('leaves white space alone', () => {
    assert.equal(normalizeText('   '), '')
  })
})

describe('normalizeRecord()', () => {
  it("normalises a status's text and its mention names", () => {
    const record = normalizeRecord({
      type: 'status',
      text: '  hi @Zoe\u0308\r\n',
      createdAt: T,
      mentions: [{ key: OTHER, name: 'Zoe\u0308' }]
    })
    assert.deepEqual(record, { type: 'status', text: 'hi @Zo\u00eb', createdAt: T, mentions: [{ key: OTHER, name: 'Zo\u00eb' }] })
  })

  it("normalises an image's alt text", () => {
    const image = { type: 'image', mime: 'image/png', alt: ' A cafe\u0301 ' } as unknown as ImageAttachment
    const record = normalizeRecord({ type: 'status', text: 'x', attachments: [image] })
    assert.equal(record.type === 'status' && record.attachments?.[0]?.alt, 'A caf\u00e9')
  })

  it("normalises a profile's name and bio", () => {
    assert.deepEqual(normalizeRecord({ type: 'profile', name: ' Zoe\u0308 ', bio: '\nline one\r\nline two \n' }), {
      type: 'profile',
      name: 'Zo\u00eb',
      bio: 'line one\nline two'
    })
  })

  it('leaves records without text as they are', () => {
    const like = { type: 'like' as const, of: 'rstatus://x/1' }
    assert.equal(normalizeRecord(like), like)
  })
})
