// The messages between the engine's thread and the views thread (worker.ts, worker-entry.ts). Block buffers
// travel packed into one transferred ArrayBuffer: a structured clone of each Buffer would copy the whole slab
// it is a view of, and one transfer moves a batch of 1,024 blocks without copying it again.
import type { FeedKey } from '../../../shared/keys.js'
import type { Hidden } from './hidden.js'
import type { Views } from './views.js'

export interface OpenData {
  dir: string
  /** Null: open the views as they are, for whoever they were built for (Views.openAsStored). */
  me: FeedKey | null
}

/** The first message from the views thread: opened (or why not). */
export type OpenReply =
  | { type: 'opened'; rebuilt: boolean; me: FeedKey; identity: FeedKey }
  | { type: 'open-failed'; error: ErrorData }
  /** Asked to open the views as they are, and they cannot be used so: nothing was changed. */
  | { type: 'not-as-stored' }

/** The public methods of Views, which the engine calls across the thread by name. */
export type ViewsMethod = {
  [K in keyof Views]: Views[K] extends (...args: never[]) => Promise<unknown> ? K : never
}[keyof Views]

export type Request =
  | { type: 'call'; id: number; method: ViewsMethod; args: unknown[] }
  /** index() from `start`, or indexHeld() when `seqs` names each block's seq. */
  | { type: 'index'; id: number; feed: FeedKey; start: number; seqs?: number[]; packed: PackedBlocks; opts: { advance?: boolean; now?: number } }
  | { type: 'hidden'; hidden: Hidden }

export type Reply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: ErrorData }

export interface ErrorData {
  name: string
  message: string
  code?: string
}

export interface PackedBlocks {
  bytes: ArrayBuffer
  /** ends[i] is where block i stops in `bytes`; block i starts where block i - 1 stopped. */
  ends: Uint32Array
}

export function packBlocks(blocks: Uint8Array[]): PackedBlocks {
  let total = 0
  for (const b of blocks) total += b.byteLength
  const bytes = new Uint8Array(total)
  const ends = new Uint32Array(blocks.length)
  let at = 0
  blocks.forEach((b, i) => {
    bytes.set(b, at)
    at += b.byteLength
    ends[i] = at
  })
  return { bytes: bytes.buffer, ends }
}

export function unpackBlocks({ bytes, ends }: PackedBlocks): Buffer[] {
  const out: Buffer[] = []
  let at = 0
  for (const end of ends) {
    out.push(Buffer.from(bytes, at, end - at))
    at = end
  }
  return out
}

export function errorData(err: unknown): ErrorData {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code
    return { name: err.name, message: err.message, ...(typeof code === 'string' ? { code } : {}) }
  }
  return { name: 'Error', message: String(err) }
}
