// Pictures for the image tests, made here: a real JPEG or PNG (sharp encodes it), then the metadata a camera
// would add, inserted by hand, so a test can check that exactly that is gone.
import sharp from 'sharp'

/** Text no stored image may contain: it stands for a GPS position and a camera serial number. */
export const SECRET = 'GPS 52.520008N 13.404954E serial-SN12345'

/** A noisy RGB image (noise, so it does not compress to nothing). */
export async function jpeg(width: number, height: number, opts: { quality?: number; seed?: number } = {}): Promise<Buffer> {
  return sharp(noise(width, height, opts.seed ?? 1), { raw: { width, height, channels: 3 } })
    .jpeg({ quality: opts.quality ?? 80 })
    .toBuffer()
}

export async function png(width: number, height: number): Promise<Buffer> {
  return sharp(noise(width, height, 2), { raw: { width, height, channels: 3 } }).png().toBuffer()
}

/** The JPEG with an APP1 EXIF segment (a TIFF header, no entries, then SECRET) and a COM segment after SOI. */
export function withExif(image: Buffer): Buffer {
  const payload = Buffer.concat([
    Buffer.from('Exif\0\0', 'latin1'),
    Buffer.from([0x4d, 0x4d, 0x00, 0x2a, 0x00, 0x00, 0x00, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00]),
    Buffer.from(SECRET, 'latin1')
  ])
  return Buffer.concat([image.subarray(0, 2), segment(0xe1, payload), segment(0xfe, Buffer.from(`comment ${SECRET}`)), image.subarray(2)])
}

/** The PNG with a tEXt chunk holding SECRET, right after IHDR. */
export function withPngText(image: Buffer): Buffer {
  const ihdrEnd = 8 + 12 + image.readUInt32BE(8)
  const data = Buffer.from(`Comment\0${SECRET}`, 'latin1')
  const chunk = Buffer.alloc(12 + data.length)
  chunk.writeUInt32BE(data.length, 0)
  chunk.write('tEXt', 4, 'latin1')
  data.copy(chunk, 8)
  chunk.writeUInt32BE(crc32(chunk.subarray(4, 8 + data.length)), 8 + data.length)
  return Buffer.concat([image.subarray(0, ihdrEnd), chunk, image.subarray(ihdrEnd)])
}

/** True when the bytes hold a JPEG segment with this marker before the first scan. */
export function hasJpegSegment(image: Buffer, marker: number): boolean {
  let at = 2
  while (at + 4 <= image.length && image[at] === 0xff) {
    const m = image[at + 1]!
    if (m === 0xda) return false
    if (m === marker) return true
    at += 2 + image.readUInt16BE(at + 2)
  }
  return false
}

function segment(marker: number, payload: Buffer): Buffer {
  const head = Buffer.from([0xff, marker, 0, 0])
  head.writeUInt16BE(payload.length + 2, 2)
  return Buffer.concat([head, payload])
}

function noise(width: number, height: number, seed: number): Buffer {
  const out = Buffer.alloc(width * height * 3)
  let x = seed >>> 0 || 1
  for (let i = 0; i < out.length; i++) {
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    out[i] = x & 0xff
  }
  return out
}

function crc32(bytes: Buffer): number {
  let crc = 0xffffffff
  for (const byte of bytes) {
    crc ^= byte
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1
  }
  return (crc ^ 0xffffffff) >>> 0
}
