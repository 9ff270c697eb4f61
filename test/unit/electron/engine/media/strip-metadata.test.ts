import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import sharp from 'sharp'
import { BadImage, stripJpeg, stripPng } from '../../../../../electron/engine/media/strip-metadata.js'
import { SECRET, hasJpegSegment, jpeg, png, withExif, withPngText } from '../../../../helpers/images.js'

describe('stripJpeg', () => {
  it('drops the APP1 EXIF and COM segments and keeps the pixels', async () => {
    const original = await jpeg(64, 48)
    const tagged = withExif(original)
    assert.ok(hasJpegSegment(tagged, 0xe1) && tagged.includes(SECRET), 'the fixture carries EXIF')

    const stripped = stripJpeg(tagged)
    assert.equal(hasJpegSegment(stripped, 0xe1), false)
    assert.equal(hasJpegSegment(stripped, 0xfe), false)
    assert.equal(stripped.includes(SECRET), false)
    const [a, b] = await Promise.all([sharp(original).raw().toBuffer(), sharp(stripped).raw().toBuffer()])
    assert.ok(a.equals(b), 'the decoded pixels are the same')
  })

  it('keeps the JFIF header and an ICC profile, which change how pixels decode', async () => {
    const withIcc = await sharp(await jpeg(16, 16)).withIccProfile('p3').jpeg().toBuffer()
    assert.ok(hasJpegSegment(withIcc, 0xe2), 'the fixture has an ICC profile')
    const stripped = stripJpeg(withExif(withIcc))
    assert.equal(hasJpegSegment(stripped, 0xe2), true)
    assert.equal(hasJpegSegment(stripped, 0xe1), false)
  })

  it('refuses what is not a whole JPEG', async () => {
    assert.throws(() => stripJpeg(Buffer.from('hello')), BadImage)
    const image = await jpeg(16, 16)
    assert.throws(() => stripJpeg(image.subarray(0, 30)), BadImage)
  })
})

describe('stripPng', () => {
  it('drops text chunks and keeps the image chunks', async () => {
    const original = await png(20, 10)
    const tagged = withPngText(original)
    assert.ok(tagged.includes(SECRET))
    const stripped = stripPng(tagged)
    assert.equal(stripped.includes(SECRET), false)
    assert.equal(stripped.includes(Buffer.from('tEXt')), false)
    assert.ok(stripped.equals(original), 'exactly the file without the chunk')
  })

  it('refuses a truncated PNG', async () => {
    const image = await png(8, 8)
    assert.throws(() => stripPng(image.subarray(0, image.length - 12)), BadImage)
  })
})
