// Files a client sends in pieces (images, a Twitter archive): a WebSocket frame is at most 1 MiB, and an
// archive can be gigabytes. Pieces arrive in order into a private temporary folder inside the data
// directory; an upload is used once, and one left unused expires.
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { UPLOAD_CHUNK_BYTES } from '../../../shared/api/media.js'
import { RstatusError } from '../../../shared/errors.js'

/** An upload untouched for this long is deleted. */
const IDLE_MS = 60 * 60 * 1000
const MAX_OPEN_UPLOADS = 32

interface Upload {
  file: string
  size: number
  received: number
  touched: number
}

export class Uploads {
  private readonly open = new Map<string, Upload>()

  constructor(private readonly dir: string) {
    // Leftovers of an earlier run are never complete uploads anyone waits for.
    fs.rmSync(dir, { recursive: true, force: true })
  }

  begin(size: number): string {
    this.expire()
    if (this.open.size >= MAX_OPEN_UPLOADS) throw new RstatusError('NOT_ALLOWED', 'Too many uploads at once; finish or wait for the others')
    fs.mkdirSync(this.dir, { recursive: true, mode: 0o700 })
    const id = crypto.randomBytes(16).toString('hex')
    const file = path.join(this.dir, id)
    fs.writeFileSync(file, '', { mode: 0o600 })
    this.open.set(id, { file, size, received: 0, touched: Date.now() })
    return id
  }

  /** Appends one piece; pieces must come in order, each at most UPLOAD_CHUNK_BYTES. */
  chunk(id: string, offset: number, data: Buffer): number {
    const upload = this.get(id)
    if (offset !== upload.received) {
      throw new RstatusError('INVALID_INPUT', `Expected the piece at byte ${upload.received}, not ${offset}`)
    }
    if (data.length === 0 || data.length > UPLOAD_CHUNK_BYTES) throw new RstatusError('INVALID_INPUT', 'A piece is empty or too large')
    if (upload.received + data.length > upload.size) throw new RstatusError('INVALID_INPUT', 'The upload is larger than announced')
    fs.appendFileSync(upload.file, data)
    upload.received += data.length
    upload.touched = Date.now()
    return upload.received
  }

  /** Hands over a complete upload's file; the caller deletes it (release) when done. */
  take(id: string): { file: string; size: number; release: () => void } {
    const upload = this.get(id)
    if (upload.received !== upload.size) {
      throw new RstatusError('INVALID_INPUT', `The upload is incomplete (${upload.received} of ${upload.size} bytes)`)
    }
    this.open.delete(id)
    return { file: upload.file, size: upload.size, release: () => fs.rmSync(upload.file, { force: true }) }
  }

  /** A complete upload's bytes, for small files (images). */
  takeBytes(id: string, maxBytes: number, tooLarge: (size: number) => RstatusError): Buffer {
    const upload = this.get(id)
    if (upload.size > maxBytes) {
      this.discard(id)
      throw tooLarge(upload.size)
    }
    const taken = this.take(id)
    try {
      return fs.readFileSync(taken.file)
    } finally {
      taken.release()
    }
  }

  close(): void {
    this.open.clear()
    fs.rmSync(this.dir, { recursive: true, force: true })
  }

  private get(id: string): Upload {
    const upload = this.open.get(id)
    if (!upload) throw new RstatusError('NOT_FOUND', 'That upload is unknown or expired; send the file again')
    return upload
  }

  private discard(id: string): void {
    const upload = this.open.get(id)
    this.open.delete(id)
    if (upload) fs.rmSync(upload.file, { force: true })
  }

  private expire(): void {
    const now = Date.now()
    for (const [id, upload] of this.open) if (now - upload.touched > IDLE_MS) this.discard(id)
  }
}
