// The views thread: owns the views database and answers the engine's calls (worker.ts). Indexing validates
// every block and writes about a dozen keys for each status; on the engine's thread that work competed with
// replication for one core, and a first sync finished later than a stock reader's (docs/BENCHMARKS.md).
import fs from 'node:fs'
import os from 'node:os'
import { parentPort, workerData } from 'node:worker_threads'
import { errorData, unpackBlocks, type OpenData, type OpenReply, type Reply, type Request } from './worker-messages.js'
import type { IndexResult } from './values.js'
import { Views } from './views.js'

if (!parentPort) throw new Error('worker-entry.ts runs as a worker thread (ViewsWorker), not on its own')
const port = parentPort

const { dir, me } = workerData as OpenData
/** Until it first indexes, the thread runs at the normal priority: a cold start's first page comes from here. */
let yielded = false

try {
  const views = me === null ? await Views.openAsStored(dir) : await Views.open(dir, { me })
  if (views) {
    port.on('message', (request: Request) => void handle(views, request))
    port.postMessage({ type: 'opened', rebuilt: views.rebuilt, me: views.me, identity: views.identity } satisfies OpenReply)
  } else {
    port.postMessage({ type: 'not-as-stored' } satisfies OpenReply)
    port.close()
  }
} catch (err) {
  port.postMessage({ type: 'open-failed', error: errorData(err) } satisfies OpenReply)
  port.close()
}

async function handle(views: Views, request: Request): Promise<void> {
  if (request.type === 'hidden') {
    views.setHidden(request.hidden)
    return
  }
  let reply: Reply
  try {
    const value =
      request.type === 'index'
        ? await index(views, request)
        : await (views[request.method] as (...args: unknown[]) => Promise<unknown>).apply(views, request.args)
    reply = { id: request.id, ok: true, value }
  } catch (err) {
    reply = { id: request.id, ok: false, error: errorData(err) }
  }
  try {
    port.postMessage(reply)
  } catch (err) {
    port.postMessage({ id: request.id, ok: false, error: errorData(err) } satisfies Reply)
  }
  if (request.type === 'call' && request.method === 'close' && reply.ok) port.close()
}

function index(views: Views, request: Extract<Request, { type: 'index' }>): Promise<IndexResult> {
  if (!yielded) {
    yielded = true
    yieldToReplication()
  }
  const blocks = unpackBlocks(request.packed)
  if (request.seqs) return views.indexHeld(request.feed, request.seqs, blocks, request.opts)
  return views.index(request.feed, request.start, blocks, request.opts)
}

/**
 * On Linux a thread can have its own scheduling priority: this one runs at the lowest, as desktop file
 * indexers do, so when every core is busy, replication and the RPC server on the engine's thread go first
 * and indexing takes what is left. With a core to spare (the usual case) it runs at once. A first sync
 * downloaded up to 50% slower while the two competed as equals (docs/BENCHMARKS.md). Elsewhere the priority
 * is per process, and it is left alone.
 */
function yieldToReplication(): void {
  if (process.platform !== 'linux') return
  try {
    const tid = Number(fs.readlinkSync('/proc/thread-self').split('/').pop())
    if (Number.isSafeInteger(tid) && tid > 0) os.setPriority(tid, os.constants.priority.PRIORITY_LOW)
  } catch {
    // No /proc, or not allowed: the thread keeps the normal priority.
  }
}
