import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { MAX_ALT_CHARS, MAX_ATTACHMENTS, MAX_IMAGE_BYTES, MAX_THUMB_BYTES } from '../../../../shared/protocol/limits.js'
import { accepts, keyOf, rejects, T } from './fixtures.js'

const BLOBS = keyOf(9)
const image = (extra: Record<string, unknown> = {}) => ({
  type: 'image',
  mime: 'image/jpeg',
  blobs: BLOBS,
  blob: { blockOffset: 0, blockLength: 3, byteOffset: 0, byteLength: 150_000 },
  thumb: { blockOffset: 3, blockLength: 1, byteOffset: 150_000, byteLength: 20_000 },
  width: 1600,
  height: 1000,
  alt: 'A red bicycle against a wall',
  ...extra
})
const status = (attachments: unknown) => ({ type: 'status', text: 'look', createdAt: T, attachments })

describe('attachments', () => {
  it('accepts up to four images and keeps only their known fields', () => {
    const r = accepts(status([image({ extra: 'x' }), image(), image(), image()]))
    assert.equal(r.type, 'status')
    if (r.type !== 'status') return
    assert.equal(r.attachments?.length, 4)
    assert.deepEqual(r.attachments?.[0], image())
  })

  it('drops attachments of unknown types and keeps the status', () => {
    const r = accepts(status([{ type: 'video', anything: 1 }, image()]))
    assert.ok(r.type === 'status' && r.attachments?.length === 1)
    const none = accepts(status([{ type: 'poll' }]))
    assert.ok(none.type === 'status' && none.attachments === undefined)
  })

  it('refuses a bad image', () => {
    rejects(status([image(), image(), image(), image(), image()]), new RegExp(`more than ${MAX_ATTACHMENTS}`))
    rejects(status(image()), /must be an array/)
    rejects(status([image({ mime: 'image/svg+xml' })]), /mime/)
    rejects(status([image({ blobs: BLOBS.toUpperCase() })]), /blobs/)
    rejects(status([image({ blob: { blockOffset: 0, blockLength: 1, byteOffset: 0, byteLength: MAX_IMAGE_BYTES + 1 } })]), /over/)
    rejects(status([image({ thumb: { blockOffset: 0, blockLength: 1, byteOffset: 0, byteLength: MAX_THUMB_BYTES + 1 } })]), /over/)
    rejects(status([image({ blob: { blockOffset: 0, blockLength: 5, byteOffset: 0, byteLength: 4 } })]), /more blocks than bytes/)
    rejects(status([image({ blob: { blockOffset: -1, blockLength: 1, byteOffset: 0, byteLength: 4 } })]), /blockOffset/)
    rejects(status([image({ width: 0 })]), /width/)
    rejects(status([image({ alt: 'x'.repeat(MAX_ALT_CHARS + 1) })]), /alt/)
    rejects(status([image({ alt: null })]), /alt/)
    rejects(status([image({ alt: 'a\u0000b' })]), /alt.*control character U\+0000/)
    rejects(status([null]), /attachment/)
  })

  it('gives a profile an avatar without alt, and marks an account that left', () => {
    const r = accepts({ type: 'profile', name: 'Alice', createdAt: T, avatar: image(), left: true })
    assert.ok(r.type === 'profile')
    if (r.type !== 'profile') return
    const { alt: _alt, ...withoutAlt } = image()
    assert.deepEqual(r.avatar, withoutAlt)
    assert.equal(r.left, true)
    const notLeft = accepts({ type: 'profile', name: 'Alice', createdAt: T, left: 'yes' })
    assert.ok(notLeft.type === 'profile' && notLeft.left === undefined)
    rejects({ type: 'profile', name: 'Alice', createdAt: T, avatar: { type: 'video' } }, /avatar/)
  })

  it('gives a link card a picture without alt; a bad one makes the status invalid', () => {
    const carded = (picture: unknown) => ({ type: 'status', text: 'read https://example.com/a', createdAt: T, card: { url: 'https://example.com/a', title: 'A', image: picture } })
    const r = accepts(carded(image()))
    const { alt: _alt, ...withoutAlt } = image()
    assert.ok(r.type === 'status' && r.card)
    if (r.type === 'status') assert.deepEqual(r.card?.image, withoutAlt)
    rejects(carded({ type: 'video' }), /card image must be an image/)
    rejects(carded('https://example.com/a.png'), /card image must be an object/)
    rejects(carded(image({ mime: 'text/html' })), /mime/)
    rejects(carded(image({ blobs: 'not a key' })), /blobs/)
    rejects(carded(image({ blob: { blockOffset: 0, blockLength: 1, byteOffset: 0, byteLength: MAX_IMAGE_BYTES + 1 } })), /over/)
    rejects(carded(image({ height: 1e9 })), /height/)
  })

  it('accepts a source of the form service:id', () => {
    const r = accepts({ type: 'status', text: 'old tweet', createdAt: T, source: 'twitter:1234567890' })
    assert.ok(r.type === 'status' && r.source === 'twitter:1234567890')
    rejects({ type: 'status', text: 'x', createdAt: T, source: 'no colon' }, /source/)
    // The id is printable ASCII without the space (U+0021 to U+007E): ids of other services have none.
    rejects({ type: 'status', text: 'x', createdAt: T, source: 'twitter:12 34' }, /source/)
    accepts({ type: 'status', text: 'x', createdAt: T, source: 'mastodon:https://example.social/@a/1?x=~' })
    rejects({ type: 'status', text: 'x', createdAt: T, source: 'twitter:' + '1'.repeat(100) }, /source/)
  })
})
