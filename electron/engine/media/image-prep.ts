// Turning a picture a person attaches into what the feed stores: the image without its metadata, turned
// upright, and a thumbnail for timelines. JPEG and PNG keep their exact pixels (stripped segment by
// segment); WebP, GIF and any image that must be rotated are re-encoded by sharp, which writes no metadata.
import type sharpModule from 'sharp'
import type { Metadata } from 'sharp'
import { RstatusError } from '../../../shared/errors.js'
import { MAX_IMAGE_BYTES, MAX_IMAGE_SIDE, MAX_THUMB_BYTES } from '../../../shared/protocol/limits.js'
import type { ImageMime } from '../../../shared/protocol/records.js'
import { BadImage, stripJpeg, stripPng } from './strip-metadata.js'

type Sharp = typeof sharpModule
let loaded: Promise<Sharp> | null = null

/** sharp (and libvips under it) loads on the first image, so commands that never touch one start faster. */
function loadSharp(): Promise<Sharp> {
  loaded ??= import('sharp').then((m) => {
    const sharp = m.default as Sharp
    // A long-running engine should not keep decoded images around between attachments.
    sharp.cache(false)
    return sharp
  })
  return loaded
}

/** Longest side of a thumbnail: sharp enough for a timeline column on a high-density screen. */
export const THUMB_SIDE = 800

export interface PreparedImage {
  mime: ImageMime
  full: Buffer
  /** Null when the image is already small enough to serve as its own thumbnail. */
  thumb: Buffer | null
  width: number
  height: number
}

/** The image type from its first bytes; the file name or a claimed type is never trusted. */
export function sniffMime(bytes: Uint8Array): ImageMime | null {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 16))
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg'
  if (b.length >= 8 && b.toString('latin1', 1, 4) === 'PNG' && b[0] === 0x89) return 'image/png'
  if (b.length >= 6 && /^GIF8[79]a$/.test(b.toString('latin1', 0, 6))) return 'image/gif'
  if (b.length >= 12 && b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WEBP') return 'image/webp'
  return null
}

export async function prepareImage(input: Buffer): Promise<PreparedImage> {
  if (input.length > MAX_IMAGE_BYTES) {
    throw new RstatusError('INVALID_INPUT', `The image is ${megabytes(input.length)}; the limit is ${megabytes(MAX_IMAGE_BYTES)} per image`)
  }
  const mime = sniffMime(input)
  if (!mime) throw new RstatusError('INVALID_INPUT', 'Only JPEG, PNG, WebP and GIF images can be attached')
  const animated = mime === 'image/gif' || mime === 'image/webp'
  const sharp = await loadSharp()
  let meta: Metadata
  try {
    meta = await sharp(input, { animated }).metadata()
  } catch {
    throw unreadable()
  }
  const orientation = meta.orientation ?? 1
  const sideways = orientation >= 5 && orientation <= 8
  const frameHeight = meta.pageHeight ?? meta.height
  if (!meta.width || !frameHeight) throw unreadable()
  const width = sideways ? frameHeight : meta.width
  const height = sideways ? meta.width : frameHeight
  if (width > MAX_IMAGE_SIDE || height > MAX_IMAGE_SIDE) {
    throw new RstatusError('INVALID_INPUT', `The image is ${width}×${height} pixels; the limit is ${MAX_IMAGE_SIDE} on each side`)
  }

  const full = await withoutMetadata(sharp, input, mime, { upright: orientation === 1, animated })
  if (full.length > MAX_IMAGE_BYTES) {
    throw new RstatusError('INVALID_INPUT', `The image is ${megabytes(full.length)} once prepared; the limit is ${megabytes(MAX_IMAGE_BYTES)}`)
  }
  const small = Math.max(width, height) <= THUMB_SIDE && full.length <= MAX_THUMB_BYTES && !animated
  return { mime, full, thumb: small ? null : await thumbnail(sharp, full), width, height }
}

/**
 * The most pixels a link card's picture may have before it is decoded: a few bytes of PNG can claim a huge
 * canvas, and a stranger's server chose this one.
 */
export const CARD_IMAGE_MAX_PIXELS = 40_000_000

/**
 * A link card's picture, small: at most THUMB_SIDE on its longest side and MAX_THUMB_BYTES long, without
 * metadata. A small upright JPEG or PNG keeps its exact pixels (stripped as an attached image is); anything
 * else becomes a WebP of its first frame, turned upright. There is no thumbnail: the picture is one.
 */
export async function prepareCardImage(input: Buffer): Promise<PreparedImage> {
  const mime = sniffMime(input)
  if (!mime) throw new RstatusError('INVALID_INPUT', 'The link card\'s picture is not a JPEG, PNG, WebP or GIF image')
  if (input.length > MAX_IMAGE_BYTES) throw new RstatusError('INVALID_INPUT', `The link card's picture is over ${megabytes(MAX_IMAGE_BYTES)}`)
  const sharp = await loadSharp()
  let meta: Metadata
  try {
    meta = await sharp(input).metadata()
  } catch {
    throw unreadable()
  }
  const orientation = meta.orientation ?? 1
  const frameHeight = meta.pageHeight ?? meta.height
  if (!meta.width || !frameHeight) throw unreadable()
  if (meta.width * frameHeight > CARD_IMAGE_MAX_PIXELS) {
    throw new RstatusError('INVALID_INPUT', `The link card's picture is ${meta.width}×${frameHeight} pixels, too many to shrink`)
  }
  const upright = orientation === 1
  const small = Math.max(meta.width, frameHeight) <= THUMB_SIDE && input.length <= MAX_THUMB_BYTES
  if (upright && small && (mime === 'image/jpeg' || mime === 'image/png')) {
    const full = await withoutMetadata(sharp, input, mime, { upright, animated: false })
    return { mime, full, thumb: null, width: meta.width, height: frameHeight }
  }
  for (const quality of [75, 50, 30]) {
    const out = await sharp(input, { limitInputPixels: CARD_IMAGE_MAX_PIXELS })
      .rotate()
      .resize(THUMB_SIDE, THUMB_SIDE, { fit: 'inside', withoutEnlargement: true })
      .webp({ quality })
      .toBuffer({ resolveWithObject: true })
      .catch(() => {
        throw unreadable()
      })
    if (out.data.length <= MAX_THUMB_BYTES) {
      return { mime: 'image/webp', full: out.data, thumb: null, width: out.info.width, height: out.info.height }
    }
  }
  throw new RstatusError('INVALID_INPUT', 'The link card\'s picture stays too large once shrunk')
}

async function withoutMetadata(sharp: Sharp, input: Buffer, mime: ImageMime, opts: { upright: boolean; animated: boolean }): Promise<Buffer> {
  if (opts.upright) {
    try {
      if (mime === 'image/jpeg') return stripJpeg(input)
      if (mime === 'image/png') return stripPng(input)
    } catch (err) {
      if (!(err instanceof BadImage)) throw err
      // an odd file that sharp could still read: re-encode it instead
    }
  }
  try {
    const image = sharp(input, { animated: opts.animated })
    if (!opts.upright) image.rotate()
    switch (mime) {
      case 'image/jpeg':
        return await image.jpeg({ quality: 90, mozjpeg: true }).toBuffer()
      case 'image/png':
        return await image.png().toBuffer()
      case 'image/webp':
        return await image.webp({ quality: 90 }).toBuffer()
      case 'image/gif':
        return await image.gif().toBuffer()
    }
  } catch {
    throw unreadable()
  }
}

/** A WebP of the first frame, at most THUMB_SIDE on its longest side and MAX_THUMB_BYTES long. */
async function thumbnail(sharp: Sharp, full: Buffer): Promise<Buffer | null> {
  for (const quality of [75, 50, 30]) {
    const thumb = await sharp(full)
      .resize(THUMB_SIDE, THUMB_SIDE, { fit: 'inside', withoutEnlargement: true })
      .webp({ quality })
      .toBuffer()
      // An image sharp cannot shrink still goes out whole, only without a thumbnail.
      .catch(() => null)
    if (thumb === null) return null
    if (thumb.length <= MAX_THUMB_BYTES) return thumb
  }
  return null
}

function unreadable(): RstatusError {
  return new RstatusError('INVALID_INPUT', 'The image could not be read; it may be damaged')
}

export function megabytes(bytes: number): string {
  const mb = bytes / (1024 * 1024)
  return `${mb >= 10 ? Math.round(mb) : Math.round(mb * 10) / 10} MB`
}
