// Removing what a camera or an editor wrote about a picture (EXIF with GPS position and camera serial, XMP,
// comments, text chunks) without touching its pixels: JPEG and PNG are rewritten segment by segment, so the
// image decodes exactly as before. Only what changes how pixels decode is kept.

export class BadImage extends Error {
  override name = 'BadImage'
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]
/** Text, EXIF and timestamp chunks: metadata only. Colour (iCCP, gAMA, sRGB…) and animation chunks stay. */
const PNG_METADATA_CHUNKS = new Set(['tEXt', 'zTXt', 'iTXt', 'eXIf', 'tIME'])

/**
 * A JPEG without APP1 (EXIF, XMP), APP3–APP13, APP15 and COM segments, and without APP2 or APP14 segments
 * other than the ICC colour profile and the Adobe colour-transform marker, which decoders need to show the
 * right colours. Everything from the first scan on is copied as it is.
 */
export function stripJpeg(input: Uint8Array): Buffer {
  const bytes = Buffer.from(input.buffer, input.byteOffset, input.byteLength)
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8) throw new BadImage('not a JPEG')
  const kept: Buffer[] = [bytes.subarray(0, 2)]
  let at = 2
  for (;;) {
    if (at + 4 > bytes.length) throw new BadImage('the JPEG ends before its first scan')
    if (bytes[at] !== 0xff) throw new BadImage('the JPEG has a broken segment')
    const marker = bytes[at + 1]!
    if (marker === 0xff) {
      at++ // fill byte
      continue
    }
    if (marker === 0xd8 || marker === 0xd9 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      throw new BadImage('the JPEG has a marker out of place')
    }
    const length = bytes.readUInt16BE(at + 2)
    const end = at + 2 + length
    if (length < 2 || end > bytes.length) throw new BadImage('the JPEG has a segment longer than the file')
    if (marker === 0xda) {
      kept.push(bytes.subarray(at)) // start of scan: entropy-coded data and the rest of the file
      return Buffer.concat(kept)
    }
    if (keepJpegSegment(marker, bytes.subarray(at + 4, end))) kept.push(bytes.subarray(at, end))
    at = end
  }
}

function keepJpegSegment(marker: number, payload: Buffer): boolean {
  if (marker === 0xfe) return false // COM
  if (marker < 0xe0 || marker > 0xef) return true // tables, frame headers and the like
  if (marker === 0xe0) return true // APP0: JFIF, which says how to read the pixels
  if (marker === 0xe2) return startsWithAscii(payload, 'ICC_PROFILE\0')
  if (marker === 0xee) return startsWithAscii(payload, 'Adobe')
  return false
}

/** A PNG without text, EXIF and time chunks. */
export function stripPng(input: Uint8Array): Buffer {
  const bytes = Buffer.from(input.buffer, input.byteOffset, input.byteLength)
  if (bytes.length < 8 || PNG_SIGNATURE.some((b, i) => bytes[i] !== b)) throw new BadImage('not a PNG')
  const kept: Buffer[] = [bytes.subarray(0, 8)]
  let at = 8
  for (;;) {
    if (at + 12 > bytes.length) throw new BadImage('the PNG ends before its IEND chunk')
    const length = bytes.readUInt32BE(at)
    const type = bytes.toString('latin1', at + 4, at + 8)
    const end = at + 12 + length
    if (end > bytes.length) throw new BadImage('the PNG has a chunk longer than the file')
    if (!PNG_METADATA_CHUNKS.has(type)) kept.push(bytes.subarray(at, end))
    at = end
    if (type === 'IEND') return Buffer.concat(kept)
  }
}

function startsWithAscii(bytes: Buffer, text: string): boolean {
  return bytes.length >= text.length && bytes.toString('latin1', 0, text.length) === text
}
