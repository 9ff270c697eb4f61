// Images between peer processes on a local DHT: the author attaches (metadata stripped), a follower sees the
// status first and fetches the image on demand, other people's images are evicted past the cache's cap,
// and the user's own images never are.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { isRstatusError } from '../../shared/errors.js'
import type { ImageAttachment } from '../../shared/protocol/records.js'
import { fromBase64, uploadBytes } from '../../shared/upload.js'
import { SECRET, hasJpegSegment, jpeg, withExif } from '../helpers/images.js'
import { useLocalNetwork } from '../helpers/local-network.js'
import type { PeerProcess } from '../helpers/peer.js'
import { waitFor } from '../helpers/tmp.js'

async function fetchImage(p: PeerProcess, feed: string, a: ImageAttachment, timeout?: number): Promise<Buffer> {
  const { data } = await p.api.call('blob', { feed, blobs: a.blobs, blob: a.blob, ...(timeout ? { timeout } : {}) })
  return Buffer.from(fromBase64(data))
}

async function mediaBytes(p: PeerProcess, feed: string): Promise<number> {
  const usage = await p.api.call('storage', {})
  return usage.feeds.find((f) => f.key === feed)?.mediaBytes ?? 0
}

describe('images between peers', () => {
  const net = useLocalNetwork()
  const CAP = 400_000
  let alice: PeerProcess
  let bob: PeerProcess

  it('attaches an image without its EXIF, and a follower fetches it on demand', async () => {
    alice = await net.peer('alice')
    bob = await net.peer('bob', { mediaCacheBytes: CAP })
    const photo = withExif(await jpeg(640, 480))
    const upload = await uploadBytes(alice.api, photo)
    const posted = await alice.api.call('post', { text: 'my bike', images: [{ upload, alt: 'A red bicycle' }] })
    const [attachment] = posted.attachments ?? []
    assert.ok(attachment, 'the status has the image')
    assert.equal(attachment.alt, 'A red bicycle')
    assert.equal(attachment.mime, 'image/jpeg')
    assert.deepEqual([attachment.width, attachment.height], [640, 480])

    const stored = await fetchImage(alice, alice.key, attachment)
    assert.equal(stored.length, attachment.blob.byteLength)
    assert.equal(stored.includes(SECRET), false, 'no EXIF text in the stored image')
    assert.equal(hasJpegSegment(stored, 0xe1), false, 'no APP1 segment')

    await bob.api.call('follow', { key: alice.key })
    const seen = await waitFor(async () => (await bob.api.call('timeline', {})).items.find((s) => s.text === 'my bike'), { what: 'the status at bob' })
    assert.deepEqual(seen.attachments, posted.attachments, 'the follower sees the attachment before holding its bytes')
    assert.equal(await mediaBytes(bob, alice.key), 0, 'nothing fetched yet: the UI shows a placeholder')

    const fetched = await fetchImage(bob, alice.key, attachment)
    assert.ok(fetched.equals(stored), 'the follower gets the same bytes')
    assert.equal(await mediaBytes(bob, alice.key), stored.length)
  })

  it('evicts other people’s images past the cap, never the user’s own', async () => {
    const own = await uploadBytes(bob.api, await jpeg(500, 400, { seed: 7 }))
    const mine = (await bob.api.call('post', { text: 'my own picture', images: [{ upload: own, alt: 'noise' }] })).attachments![0]!
    const ownBytesBefore = await mediaBytes(bob, bob.key)
    assert.equal(ownBytesBefore, mine.blob.byteLength + (mine.thumb?.byteLength ?? 0))

    const images: ImageAttachment[] = []
    for (let i = 0; i < 4; i++) {
      const upload = await uploadBytes(alice.api, await jpeg(500, 400, { seed: 100 + i }))
      images.push((await alice.api.call('post', { text: `picture ${i}`, images: [{ upload, alt: `picture ${i}` }] })).attachments![0]!)
    }
    await waitFor(async () => (await bob.api.call('timeline', {})).items.some((s) => s.text === 'picture 3'), { what: 'pictures at bob' })
    for (const image of images) await fetchImage(bob, alice.key, image)

    const usage = await bob.api.call('storage', {})
    assert.ok(usage.mediaCache.usedBytes <= CAP, `the cache holds ${usage.mediaCache.usedBytes}, over its cap ${CAP}`)
    assert.equal(usage.mediaCache.capBytes, CAP)
    assert.ok(images.reduce((n, i) => n + i.blob.byteLength, 0) > CAP, 'the test fetched more than the cap')
    assert.equal(await mediaBytes(bob, bob.key), ownBytesBefore, 'own images are not in the cache')

    // With alice gone, only what bob still holds can be read.
    await alice.close()
    const newest = await fetchImage(bob, alice.key, images[3]!, 2_000)
    assert.equal(newest.length, images[3]!.blob.byteLength, 'the most recent image is still held')
    await assert.rejects(fetchImage(bob, alice.key, images[0]!, 1_500), (err) => isRstatusError(err) && err.code === 'TIMEOUT', 'the oldest was evicted')
    const stillMine = await fetchImage(bob, bob.key, mine, 1_500)
    assert.equal(stillMine.length, mine.blob.byteLength, 'the own image is still held')
  })
})
