import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import zlib from 'node:zlib'
import sharp from 'sharp'
import { CARD_IMAGE_MAX_PIXELS, prepareCardImage, prepareImage, sniffMime, THUMB_SIDE } from '../../../../../electron/engine/media/image-prep.js'
import { isRstatusError } from '../../../../../shared/errors.js'
import { MAX_IMAGE_BYTES, MAX_THUMB_BYTES } from '../../../../../shared/protocol/limits.js'
import { SECRET, hasJpegSegment, jpeg, png, withExif, withPngText } from '../../../../helpers/images.js'

describe('prepareImage', () => {
  it('strips EXIF from a JPEG and makes a WebP thumbnail of a large one', async () => {
    const prepared = await prepareImage(withExif(await jpeg(1600, 1000)))
    assert.equal(prepared.mime, 'image/jpeg')
    assert.deepEqual([prepared.width, prepared.height], [1600, 1000])
    assert.equal(prepared.full.includes(SECRET), false)
    assert.equal(hasJpegSegment(prepared.full, 0xe1), false)
    assert.ok(prepared.thumb, 'a thumbnail')
    assert.equal(sniffMime(prepared.thumb), 'image/webp')
    assert.ok(prepared.thumb.length <= MAX_THUMB_BYTES)
    const meta = await sharp(prepared.thumb).metadata()
    assert.equal(meta.width, THUMB_SIDE)
    assert.equal(meta.height, 500)
  })

  it('turns a sideways photo upright and drops its orientation tag', async () => {
    const sideways = await sharp(await jpeg(300, 200)).withMetadata({ orientation: 6 }).jpeg().toBuffer()
    assert.equal((await sharp(sideways).metadata()).orientation, 6)
    const prepared = await prepareImage(sideways)
    assert.deepEqual([prepared.width, prepared.height], [200, 300])
    const meta = await sharp(prepared.full).metadata()
    assert.equal(meta.orientation, undefined)
    assert.deepEqual([meta.width, meta.height], [200, 300])
    assert.equal(meta.exif, undefined)
  })

  it('keeps a small image as its own thumbnail', async () => {
    const prepared = await prepareImage(await png(120, 80))
    assert.equal(prepared.mime, 'image/png')
    assert.equal(prepared.thumb, null)
  })

  it('refuses an image over the size limit, and what is not an image', async () => {
    const big = Buffer.concat([await jpeg(16, 16), Buffer.alloc(MAX_IMAGE_BYTES)])
    await assert.rejects(prepareImage(big), (err) => isRstatusError(err) && err.code === 'INVALID_INPUT' && /limit is 10 MB/.test(err.message))
    await assert.rejects(prepareImage(Buffer.from('%PDF-1.4 not an image')), /Only JPEG, PNG, WebP and GIF/)
    const broken = (await jpeg(64, 64)).subarray(0, 100)
    await assert.rejects(prepareImage(broken), (err) => isRstatusError(err) && err.code === 'INVALID_INPUT')
  })
})

describe('prepareCardImage', () => {
  it('shrinks a large picture to one small WebP without metadata, and no thumbnail', async () => {
    const prepared = await prepareCardImage(withExif(await jpeg(1200, 630)))
    assert.equal(prepared.mime, 'image/webp')
    assert.equal(sniffMime(prepared.full), 'image/webp')
    assert.equal(prepared.thumb, null)
    assert.deepEqual([prepared.width, prepared.height], [THUMB_SIDE, 420])
    assert.ok(prepared.full.length <= MAX_THUMB_BYTES)
    assert.equal(prepared.full.includes(SECRET), false)
    assert.equal((await sharp(prepared.full).metadata()).exif, undefined)
  })

  it('keeps a small PNG\'s exact pixels, stripped of its text', async () => {
    const small = await png(120, 80)
    const prepared = await prepareCardImage(withPngText(small))
    assert.equal(prepared.mime, 'image/png')
    assert.deepEqual([prepared.width, prepared.height], [120, 80])
    assert.equal(prepared.full.includes(SECRET), false)
    assert.deepEqual(await sharp(prepared.full).raw().toBuffer(), await sharp(small).raw().toBuffer())
  })

  it('refuses what is not an image, whatever it claims, and a canvas too large to decode', async () => {
    await assert.rejects(prepareCardImage(Buffer.from('<html>not a picture</html>')), (err) => isRstatusError(err) && err.code === 'INVALID_INPUT')
    // A tiny file claiming a huge canvas: refused from its header, before any pixel is decoded.
    const side = Math.ceil(Math.sqrt(CARD_IMAGE_MAX_PIXELS)) + 1
    const bomb = Buffer.from(await png(8, 8))
    bomb.writeUInt32BE(side, 16)
    bomb.writeUInt32BE(side, 20)
    bomb.writeUInt32BE(zlib.crc32(bomb.subarray(12, 29)), 29)
    await assert.rejects(prepareCardImage(bomb), /too many to shrink/)
  })
})
