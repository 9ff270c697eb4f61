import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { MEDIA_PREFIX, MediaUrls, PendingMediaStore } from '../../../../../electron/serve/mastodon-api/media.js'

const KEY = 'ybndrfg8ejkmcpqxot1uwisza345h769ybndrfg8ejkmcpqxot1u'
const image = {
  type: 'image' as const, mime: 'image/png' as const, blobs: KEY, width: 10, height: 10,
  blob: { blockOffset: 3, blockLength: 2, byteOffset: 1000, byteLength: 90_000 },
  thumb: { blockOffset: 5, blockLength: 1, byteOffset: 91_000, byteLength: 4000 }
}

describe('Mastodon media URLs', () => {
  const urls = new MediaUrls(Buffer.from(MediaUrls.freshKey(), 'hex'))

  test('a signed URL opens the image it names, original or small', () => {
    const original = urls.image(KEY, image, 'original')
    assert.ok(original.startsWith(MEDIA_PREFIX) && original.endsWith('.png'))
    assert.deepEqual(urls.open(original.slice(MEDIA_PREFIX.length)), { kind: 'blob', feed: KEY, blobs: KEY, ref: image.blob, mime: 'image/png' })
    const small = urls.image(KEY, image, 'small')
    assert.deepEqual(urls.open(small.slice(MEDIA_PREFIX.length)), { kind: 'blob', feed: KEY, blobs: KEY, ref: image.thumb, mime: 'image/png' })
  })

  test('a changed, forged or foreign URL opens nothing', () => {
    const rest = urls.image(KEY, image, 'original').slice(MEDIA_PREFIX.length)
    const [payload, sig] = rest.split('/') as [string, string]
    const other = JSON.parse(Buffer.from(payload, 'base64url').toString()) as unknown[]
    other[3] = 0
    const tampered = Buffer.from(JSON.stringify(other)).toString('base64url')
    assert.equal(urls.open(`${tampered}/${sig}`), null)
    assert.equal(urls.open(`${payload}/${'A'.repeat(43)}.png`), null)
    assert.equal(urls.open('../../etc/passwd'), null)
    assert.equal(urls.open(''), null)
    const elsewhere = new MediaUrls(Buffer.from(MediaUrls.freshKey(), 'hex'))
    assert.equal(elsewhere.open(rest), null)
  })

  test('a pending upload is named by its id; the store keeps the newest 32 for an hour', () => {
    const store = new PendingMediaStore()
    const first = store.add({ upload: 'u1', bytes: Buffer.from('x'), mime: 'image/png', description: null }, 1000)
    assert.match(first.id, /^\d+$/)
    const url = urls.path({ kind: 'pending', id: first.id, mime: 'image/png' })
    assert.deepEqual(urls.open(url.slice(MEDIA_PREFIX.length)), { kind: 'pending', id: first.id, mime: 'image/png' })
    const ids = new Set([first.id])
    for (let i = 0; i < 40; i++) ids.add(store.add({ upload: `u${i + 2}`, bytes: Buffer.from('x'), mime: 'image/png', description: null }, 2000).id)
    assert.equal(ids.size, 41, 'ids are unique')
    assert.equal(store.get(first.id, 2000), undefined, 'the oldest went first')
    const kept = [...ids].at(-1)!
    assert.equal(store.get(kept, 2000)?.upload, 'u41')
    assert.equal(store.get(kept, 2000 + 61 * 60 * 1000), undefined, 'gone after an hour')
  })
})
