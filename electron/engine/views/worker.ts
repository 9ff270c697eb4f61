// The views on their own thread. The engine talks to `ViewsWorker` exactly as it would to `Views` (the same
// methods, the same results and errors); every call crosses to worker-entry.ts, which owns the database. The
// thread runs it as worker-bundle.js, one file built by build/bundle-views-worker.mjs: a cold start waits for it.
// Replication and the RPC server keep the engine's thread, and indexing a first sync uses a second core.
import fs from 'node:fs'
import { Worker } from 'node:worker_threads'
import ReadyResource from 'ready-resource'
import type { FeedKey } from '../../../shared/keys.js'
import { RstatusError, type ErrorCode } from '../../../shared/errors.js'
import type { Hidden } from './hidden.js'
import type { IndexResult } from './values.js'
import type { IndexOptions, Views } from './views.js'
import { packBlocks, type ErrorData, type OpenData, type OpenReply, type Reply, type Request, type ViewsMethod } from './worker-messages.js'

/** What the engine uses of the views: `Views` in this thread, or `ViewsWorker`. */
export type ViewStore = { [K in keyof Views]: Views[K] }

const EXIT_LIMIT_MS = 5000

interface Pending {
  resolve: (value: unknown) => void
  reject: (err: Error) => void
}

export interface ViewsWorkerOptions {
  /** This user's feed key: the views are kept for one user. Null until known (openAsStored, then setOwner). */
  me: FeedKey | null
  /** The thread ended without close(): every call fails from then on with CLOSED. */
  onCrash?: (reason: string) => void
}

export class ViewsWorker extends ReadyResource implements ViewStore {
  private owner: FeedKey | null
  /** Set when open (or rebuild) found the views unusable and started over empty. */
  rebuilt = false
  private worker: Worker | null = null
  private readonly pending = new Map<number, Pending>()
  private nextId = 1
  /** Why calls fail now: null while the thread runs. */
  private stopped: string | null = 'The views are not open yet'
  private exited: Promise<void> = Promise.resolve()
  /** The thread asked to close: its exit is expected, even before its reply is read. */
  private closingThread: Worker | null = null
  private meId: FeedKey | null
  private hidden: Hidden | null = null

  constructor(
    private readonly dir: string,
    private readonly opts: ViewsWorkerOptions
  ) {
    super()
    this.owner = opts.me
    this.meId = opts.me
  }

  /** This user's feed key: the views are kept for one user. */
  get me(): FeedKey {
    if (this.owner === null) throw new RstatusError('CLOSED', 'The views are not open yet')
    return this.owner
  }

  protected override async _open(): Promise<void> {
    if (!this.worker) await this.start(this.me)
  }

  /**
   * Opens the views as they are, for whoever they were built for, before the own feed says who that is: a
   * cold start answers its first page from them while the rest of the engine opens. False when they cannot
   * be used as they are (missing, an older layout): then setOwner() and ready() open them as always.
   */
  async openAsStored(): Promise<boolean> {
    if (this.worker || this.owner !== null) return this.worker !== null
    return this.start(null)
  }

  /** The own feed's key, once known. Views opened as stored for another key are closed, and ready() rebuilds them. */
  async setOwner(me: FeedKey): Promise<void> {
    if (this.owner === me) return
    if (this.worker) await this.stopThread()
    this.owner = me
    this.meId = me
  }

  protected override async _close(): Promise<void> {
    await this.stopThread()
  }

  /** Deletes the views and starts them over empty (rstatus reindex). Whoever holds this object keeps using it. */
  async rebuild(): Promise<void> {
    await this.stopThread()
    fs.rmSync(this.dir, { recursive: true, force: true })
    await this.start(this.me)
  }

  get identity(): FeedKey {
    if (this.meId === null) throw new RstatusError('CLOSED', 'The views are not open yet')
    return this.meId
  }

  setHidden(hidden: Hidden): void {
    this.hidden = hidden
    if (!this.stopped) this.worker?.postMessage({ type: 'hidden', hidden } satisfies Request)
  }

  index(feed: FeedKey, start: number, blocks: Uint8Array[], opts: IndexOptions = {}): Promise<IndexResult> {
    return this.sendBlocks({ feed, start, opts }, blocks)
  }

  indexHeld(feed: FeedKey, seqs: number[], blocks: Uint8Array[], opts: Pick<IndexOptions, 'now'> = {}): Promise<IndexResult> {
    return this.sendBlocks({ feed, start: 0, seqs, opts }, blocks)
  }

  readonly indexedLength: Views['indexedLength'] = (...a) => this.call('indexedLength', a)
  readonly advance: Views['advance'] = (...a) => this.call('advance', a)
  readonly removeFeed: Views['removeFeed'] = (...a) => this.call('removeFeed', a)
  readonly invalidCount: Views['invalidCount'] = (...a) => this.call('invalidCount', a)
  readonly invalidCounts: Views['invalidCounts'] = (...a) => this.call('invalidCounts', a)
  readonly newerVersions: Views['newerVersions'] = (...a) => this.call('newerVersions', a)
  readonly following: Views['following'] = (...a) => this.call('following', a)
  readonly followers: Views['followers'] = (...a) => this.call('followers', a)
  readonly timeline: Views['timeline'] = (...a) => this.call('timeline', a)
  readonly profileStatuses: Views['profileStatuses'] = (...a) => this.call('profileStatuses', a)
  readonly status: Views['status'] = (...a) => this.call('status', a)
  readonly pinned: Views['pinned'] = (...a) => this.call('pinned', a)
  readonly history: Views['history'] = (...a) => this.call('history', a)
  readonly quotes: Views['quotes'] = (...a) => this.call('quotes', a)
  readonly repostsBy: Views['repostsBy'] = (...a) => this.call('repostsBy', a)
  readonly thread: Views['thread'] = (...a) => this.call('thread', a)
  readonly mentions: Views['mentions'] = (...a) => this.call('mentions', a)
  readonly requests: Views['requests'] = (...a) => this.call('requests', a)
  readonly hashtag: Views['hashtag'] = (...a) => this.call('hashtag', a)
  readonly search: Views['search'] = (...a) => this.call('search', a)
  readonly people: Views['people'] = (...a) => this.call('people', a)
  readonly profile: Views['profile'] = (...a) => this.call('profile', a)
  readonly names: Views['names'] = (...a) => this.call('names', a)
  readonly profileView: Views['profileView'] = (...a) => this.call('profileView', a)
  readonly authorOf: Views['authorOf'] = (...a) => this.call('authorOf', a)
  readonly members: Views['members'] = (...a) => this.call('members', a)
  readonly listedDevices: Views['listedDevices'] = (...a) => this.call('listedDevices', a)
  readonly listedDevicesOf: Views['listedDevicesOf'] = (...a) => this.call('listedDevicesOf', a)
  readonly suggestions: Views['suggestions'] = (...a) => this.call('suggestions', a)
  readonly notifications: Views['notifications'] = (...a) => this.call('notifications', a)
  readonly markNotificationsRead: Views['markNotificationsRead'] = (...a) => this.call('markNotificationsRead', a)

  /** Starts a thread on the folder and waits until it has opened the database (false: not usable as stored). */
  private async start(me: FeedKey | null): Promise<boolean> {
    const worker = new Worker(new URL('./worker-bundle.js', import.meta.url), { workerData: { dir: this.dir, me } satisfies OpenData })
    const first = await new Promise<OpenReply>((resolve, reject) => {
      const failed = (err: Error): void => {
        worker.off('message', opened)
        reject(err)
      }
      const exited = (code: number): void => failed(new Error(`The views thread exited with code ${code} while opening`))
      const opened = (reply: OpenReply): void => {
        worker.off('error', failed).off('exit', exited)
        resolve(reply)
      }
      worker.once('message', opened).once('error', failed).once('exit', exited)
    })
    if (first.type !== 'opened') {
      await worker.terminate()
      if (first.type === 'open-failed') throw toError(first.error)
      return false
    }
    this.worker = worker
    this.rebuilt = first.rebuilt
    this.owner = first.me
    this.meId = first.identity
    this.stopped = null
    this.exited = new Promise((resolve) => worker.once('exit', () => resolve()))
    worker.on('message', (reply: Reply) => this.settle(reply))
    worker.on('error', (err) => this.crashed(worker, `The views thread stopped: ${err.message}`))
    worker.on('exit', (code) => this.crashed(worker, `The views thread exited (code ${code})`))
    worker.unref() // referenced only while a call is waiting (send()), so an idle engine does not keep a process alive
    if (this.hidden) this.setHidden(this.hidden)
    return true
  }

  /** Asks the thread to close its database and waits for it to exit (killing it past EXIT_LIMIT_MS). */
  private async stopThread(): Promise<void> {
    const worker = this.worker
    if (!worker || this.stopped) return
    this.closingThread = worker
    await this.call('close', [])
    this.stop('The views are closed')
    const limit = setTimeout(() => void worker.terminate(), EXIT_LIMIT_MS)
    await this.exited
    clearTimeout(limit)
    this.worker = null
  }

  private async sendBlocks(request: { feed: FeedKey; start: number; seqs?: number[]; opts: IndexOptions }, blocks: Uint8Array[]): Promise<IndexResult> {
    const packed = packBlocks(blocks)
    const result = (await this.send({ type: 'index', id: this.nextId++, ...request, packed }, [packed.bytes])) as IndexResult
    if (result.identity) this.meId = result.identity
    return result
  }

  private call<M extends ViewsMethod>(method: M, args: unknown[]): ReturnType<Views[M]> {
    return this.send({ type: 'call', id: this.nextId++, method, args }) as ReturnType<Views[M]>
  }

  private send(request: Request & { id: number }, transfer: ArrayBuffer[] = []): Promise<unknown> {
    const worker = this.worker
    if (this.stopped || !worker) return Promise.reject(new RstatusError('CLOSED', this.stopped ?? 'The views are closed'))
    return new Promise((resolve, reject) => {
      if (this.pending.size === 0) worker.ref()
      this.pending.set(request.id, { resolve, reject })
      worker.postMessage(request, transfer)
    })
  }

  private settle(reply: Reply): void {
    const waiting = this.pending.get(reply.id)
    if (!waiting) return
    this.pending.delete(reply.id)
    if (this.pending.size === 0) this.worker?.unref()
    if (reply.ok) waiting.resolve(reply.value)
    else waiting.reject(toError(reply.error))
  }

  private crashed(worker: Worker, reason: string): void {
    // A thread stopped on purpose (close, rebuild) has been replaced or marked stopped already.
    if (worker !== this.worker || this.stopped) return
    // Asked to close, it replied and exited; on a busy machine Node can read that reply only as the exit is
    // reported, one step before the close call's caller runs. Not a crash: whatever still waits fails.
    if (worker === this.closingThread) return this.stop('The views are closed')
    this.stop(reason)
    this.opts.onCrash?.(reason)
  }

  /** The thread is gone (closed, or crashed): every waiting and later call fails instead of hanging. */
  private stop(reason: string): void {
    this.stopped ??= reason
    for (const waiting of this.pending.values()) waiting.reject(new RstatusError('CLOSED', this.stopped))
    this.pending.clear()
  }
}

/** Errors cross the thread as data; an RstatusError keeps its code, so callers and the RPC layer see no difference. */
function toError(data: ErrorData): Error {
  if (data.name === 'RstatusError' && data.code) return new RstatusError(data.code as ErrorCode, data.message)
  const err = new Error(data.message) as Error & { code?: string }
  err.name = data.name
  if (data.code) err.code = data.code
  return err
}
