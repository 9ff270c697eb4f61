#!/usr/bin/env node
// Draws the rstatus icon (a speech bubble holding three linked peers, on a blue-violet rounded square) and
// writes it as PNGs: build/icon.png (1024, for macOS and Windows) and build/icons/<N>x<N>.png (Linux).
// No dependencies: shapes are signed distance functions, anti-aliased by supersampling, encoded with zlib.
// Run: node build/make-icons.mjs
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import zlib from 'node:zlib'

const here = path.dirname(fileURLToPath(import.meta.url))
const SAMPLES = 4 // per axis

// ---- shapes in a unit square (0..1), negative inside ------------------------------------------------
const roundBox = (px, py, cx, cy, hx, hy, r) => {
  const qx = Math.abs(px - cx) - hx + r
  const qy = Math.abs(py - cy) - hy + r
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r
}
const circle = (px, py, cx, cy, r) => Math.hypot(px - cx, py - cy) - r
const segment = (px, py, ax, ay, bx, by, w) => {
  const dx = bx - ax
  const dy = by - ay
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
  return Math.hypot(px - ax - t * dx, py - ay - t * dy) - w
}
const triangle = (px, py, a, b, c) => {
  // inside when on the same side of all three edges; distance only needs its sign here
  const side = (p0, p1) => (p1[0] - p0[0]) * (py - p0[1]) - (p1[1] - p0[1]) * (px - p0[0])
  const s1 = side(a, b)
  const s2 = side(b, c)
  const s3 = side(c, a)
  return (s1 >= 0 && s2 >= 0 && s3 >= 0) || (s1 <= 0 && s2 <= 0 && s3 <= 0) ? -1 : 1
}

const tile = (x, y) => roundBox(x, y, 0.5, 0.5, 0.46, 0.46, 0.2)
const bubble = (x, y) =>
  Math.min(roundBox(x, y, 0.5, 0.45, 0.3, 0.23, 0.11), triangle(x, y, [0.3, 0.6], [0.46, 0.6], [0.26, 0.8]))
const NODES = [
  [0.5, 0.33],
  [0.37, 0.55],
  [0.63, 0.55]
]
const graph = (x, y) => {
  let d = Infinity
  for (let i = 0; i < NODES.length; i++) {
    const [ax, ay] = NODES[i]
    const [bx, by] = NODES[(i + 1) % NODES.length]
    d = Math.min(d, circle(x, y, ax, ay, 0.058), segment(x, y, ax, ay, bx, by, 0.02))
  }
  return d
}

const TOP = [79, 109, 245] // #4f6df5
const BOTTOM = [124, 58, 237] // #7c3aed
const WHITE = [255, 255, 255]
const INK = [91, 80, 230]

function render(size) {
  const px = Buffer.alloc(size * size * 4)
  const n = SAMPLES * SAMPLES
  for (let j = 0; j < size; j++) {
    for (let i = 0; i < size; i++) {
      let r = 0
      let g = 0
      let b = 0
      let a = 0
      for (let sj = 0; sj < SAMPLES; sj++) {
        for (let si = 0; si < SAMPLES; si++) {
          const x = (i + (si + 0.5) / SAMPLES) / size
          const y = (j + (sj + 0.5) / SAMPLES) / size
          if (tile(x, y) > 0) continue
          let c = TOP.map((t, k) => t + (BOTTOM[k] - t) * y)
          if (bubble(x, y) <= 0) c = graph(x, y) <= 0 ? INK : WHITE
          r += c[0]
          g += c[1]
          b += c[2]
          a += 1
        }
      }
      const o = (j * size + i) * 4
      // colours are averaged over covered samples only (straight, not premultiplied alpha)
      px[o] = a ? Math.round(r / a) : 0
      px[o + 1] = a ? Math.round(g / a) : 0
      px[o + 2] = a ? Math.round(b / a) : 0
      px[o + 3] = Math.round((255 * a) / n)
    }
  }
  return px
}

// ---- PNG ----------------------------------------------------------------------------------------------
const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})
function crc32(buf) {
  let c = 0xffffffff
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}
function chunk(type, data) {
  const len = Buffer.alloc(4)
  len.writeUInt32BE(data.length)
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(body))
  return Buffer.concat([len, body, crc])
}
function png(size, rgba) {
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(size, 0)
  ihdr.writeUInt32BE(size, 4)
  ihdr[8] = 8 // bit depth
  ihdr[9] = 6 // RGBA
  const rows = Buffer.alloc(size * (size * 4 + 1))
  for (let y = 0; y < size; y++) rgba.copy(rows, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4)
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0))
  ])
}

fs.mkdirSync(path.join(here, 'icons'), { recursive: true })
fs.writeFileSync(path.join(here, 'icon.png'), png(1024, render(1024)))
for (const size of [16, 32, 48, 64, 128, 256, 512]) {
  fs.writeFileSync(path.join(here, 'icons', `${size}x${size}.png`), png(size, render(size)))
}
console.log('rstatus: icons written to build/icon.png and build/icons/')
