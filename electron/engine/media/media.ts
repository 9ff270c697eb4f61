// The engine's pictures: the user's own blobs core (a named core of the same Corestore, written with
// Hyperblobs), and reading anyone's images, from disk or, on demand, from peers. Other people's images go
// through the BlobCache, so they are evicted past the cap; the user's own never are.
import type Corestore from 'corestore'
import type Hypercore from 'hypercore'
import Hyperblobs from 'hyperblobs'
import ids from 'hypercore-id-encoding'
import path from 'node:path'
import ReadyResource from 'ready-resource'
import { RstatusError } from '../../../shared/errors.js'
import type { FeedKey } from '../../../shared/keys.js'
import type { BlobRef, ImageAttachment } from '../../../shared/protocol/records.js'
import { BlobCache } from './blob-cache.js'
import { prepareCardImage, prepareImage, type PreparedImage } from './image-prep.js'
import { Uploads } from './uploads.js'

export const OWN_BLOBS_NAME = 'rstatus-blobs'
export const DEFAULT_MEDIA_CACHE_BYTES = 1024 * 1024 * 1024
const DEFAULT_FETCH_TIMEOUT = 20_000
/** Blocks asked for at once while fetching one image. */
const WINDOW = 16

export interface MediaOptions {
  dataDir: string
  /** The most bytes of other people's images kept before the least recently seen are evicted. */
  capBytes?: number
  /** Where a failure worth knowing is said. */
  log?: (line: string) => void
  /** Connects to the peers of `feed` for as long as the returned close() is not called. */
  reachFeed: (feed: FeedKey) => Promise<{ close: () => Promise<void> }>
}

export class Media extends ReadyResource {
  readonly uploads: Uploads
  readonly cache: BlobCache
  private readonly ownCore: Hypercore
  private own: Hyperblobs | null = null
  private readonly sessions = new Map<FeedKey, Hypercore>()
  private readonly inflight = new Map<string, Promise<Buffer>>()

  constructor(
    private readonly store: Corestore,
    private readonly opts: MediaOptions
  ) {
    super()
    this.ownCore = store.get({ name: OWN_BLOBS_NAME })
    this.uploads = new Uploads(path.join(opts.dataDir, 'uploads'))
    this.cache = new BlobCache({
      file: path.join(opts.dataDir, 'media-cache.json'),
      capBytes: opts.capBytes ?? DEFAULT_MEDIA_CACHE_BYTES,
      ...(opts.log ? { log: opts.log } : {}),
      clear: async (entry) => {
        const core = await this.session(entry.blobs)
        await core.clear(entry.blockOffset, entry.blockOffset + entry.blockLength)
      }
    })
  }

  protected override async _open(): Promise<void> {
    await this.ownCore.ready()
    this.own = new Hyperblobs(this.ownCore)
  }

  protected override async _close(): Promise<void> {
    this.cache.flush()
    this.uploads.close()
    await Promise.all([...this.sessions.values()].map((c) => c.close()))
    this.sessions.clear()
    await this.ownCore.close()
  }

  private get blobs(): Hyperblobs {
    if (!this.own) throw new RstatusError('CLOSED', 'The media are not open')
    return this.own
  }

  get ownKey(): FeedKey {
    return ids.encode(this.ownCore.key)
  }

  get ownDiscoveryKey(): Buffer {
    return this.ownCore.discoveryKey
  }

  /** Bytes of the user's own images. */
  get ownBytes(): number {
    return this.ownCore.byteLength
  }

  /** Prepares an image (metadata stripped, upright, thumbnail) and stores it in the own blobs core. */
  async addImage(bytes: Buffer, alt?: string): Promise<ImageAttachment> {
    return this.storeImage(await prepareImage(bytes), alt)
  }

  /** A link card's picture, fetched from the page's server: checked by its bytes, made small, then stored. */
  async addCardImage(bytes: Buffer): Promise<ImageAttachment> {
    return this.storeImage(await prepareCardImage(bytes))
  }

  async storeImage(image: PreparedImage, alt?: string): Promise<ImageAttachment> {
    const blob = toRef(await this.blobs.put(image.full))
    const thumb = image.thumb ? toRef(await this.blobs.put(image.thumb)) : null
    const text = alt?.trim()
    return {
      type: 'image',
      mime: image.mime,
      blobs: this.ownKey,
      blob,
      ...(thumb ? { thumb } : {}),
      width: image.width,
      height: image.height,
      ...(text ? { alt: text } : {})
    }
  }

  /** An image's bytes: from disk when held, otherwise from the peers of `feed` (the feed that names it). */
  read(feed: FeedKey, blobs: FeedKey, ref: BlobRef, opts: { timeout?: number } = {}): Promise<Buffer> {
    if (this.closing) return Promise.reject(new RstatusError('CLOSED', 'The engine is closing'))
    const id = `${blobs}/${ref.blockOffset}+${ref.blockLength}+${ref.byteLength}`
    let run = this.inflight.get(id)
    if (!run) {
      run = this.readNow(feed, blobs, ref, opts.timeout ?? DEFAULT_FETCH_TIMEOUT).finally(() => this.inflight.delete(id))
      this.inflight.set(id, run)
    }
    return run
  }

  private async readNow(feed: FeedKey, blobs: FeedKey, ref: BlobRef, timeout: number): Promise<Buffer> {
    if (blobs === this.ownKey) return this.readBlocks(this.ownCore, ref, timeout)
    const core = await this.session(blobs)
    const end = ref.blockOffset + ref.blockLength
    if (end <= core.length && (await core.has(ref.blockOffset, end))) {
      const bytes = await this.readBlocks(core, ref, timeout)
      this.cache.touch(blobs, ref)
      return bytes
    }
    const reach = await this.opts.reachFeed(feed)
    try {
      const bytes = await this.readBlocks(core, ref, timeout)
      await this.cache.add(feed, blobs, ref, bytes.length)
      return bytes
    } finally {
      await reach.close()
    }
  }

  /**
   * Reads a blob block by block, a window at a time, and refuses it as soon as it grows past its stated
   * size: a hostile status could point at a range of huge blocks.
   */
  private async readBlocks(core: Hypercore, ref: BlobRef, timeout: number): Promise<Buffer> {
    const parts: Buffer[] = []
    let size = 0
    const end = ref.blockOffset + ref.blockLength
    for (let start = ref.blockOffset; start < end; start += WINDOW) {
      const indexes = Array.from({ length: Math.min(WINDOW, end - start) }, (_, i) => start + i)
      // A block no peer gave in time makes the image unavailable, which the caller is told below.
      const blocks = await Promise.all(indexes.map((i) => core.get(i, { timeout }).catch(() => null)))
      for (const block of blocks) {
        if (block === null) throw unavailable()
        size += block.length
        if (size > ref.byteLength) throw new RstatusError('INVALID_INPUT', 'The image is larger than its status says')
        parts.push(block)
      }
    }
    if (size !== ref.byteLength) throw new RstatusError('INVALID_INPUT', 'The image is smaller than its status says')
    return Buffer.concat(parts)
  }

  private async session(blobs: FeedKey): Promise<Hypercore> {
    let core = this.sessions.get(blobs)
    if (!core) {
      core = this.store.get({ key: ids.decode(blobs) })
      this.sessions.set(blobs, core)
    }
    await core.ready()
    return core
  }
}

function toRef(id: Hyperblobs.BlobId): BlobRef {
  return { blockOffset: id.blockOffset, blockLength: id.blockLength, byteOffset: id.byteOffset, byteLength: id.byteLength }
}

function unavailable(): RstatusError {
  return new RstatusError('TIMEOUT', 'The image is not available from anyone online right now; try again later')
}
