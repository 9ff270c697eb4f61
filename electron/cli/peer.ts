// Where a command's Api comes from: the engine opened in this process, or, when `rstatus serve` holds
// the data directory, that running peer reached over its WebSocket RPC. Either way the command sees
// one Api, so its output is the same.
import type { Api } from '../../shared/api/contract.js'
import type { FeedSync, SyncState } from '../../shared/api/follows.js'
import { isRstatusError, RstatusError } from '../../shared/errors.js'
import { createRpcClient, type RpcClient } from '../../shared/rpc/client.js'
import { webSocketChannel, type WebSocketLike } from '../../shared/rpc/websocket-channel.js'
import { dataPaths, defaultDataDir } from '../platform/data-dir.js'
import { Engine } from '../engine/engine.js'
import { isRunning, lockHolder } from '../platform/lock.js'
import { LOCAL_HOST, readServeInfo, type ServeInfo } from '../serve/serve-info.js'
import type { GlobalOptions } from './args.js'

/** A running serve that does not answer a call within this time is treated as gone: never hang. */
const ROUTED_CALL_TIMEOUT_MS = 30_000
const ROUTED_CONNECT_TIMEOUT_MS = 5_000
const ROUTED_SYNC_POLL_MS = 250
const OWN_FEED_POLL_MS = 100

export interface SyncOutcome {
  ok: boolean
  /** Followed feeds not caught up. */
  behind: string[]
}

export interface Peer {
  api: Api
  dataDir: string
  /** Set when commands go through a running `rstatus serve`. */
  routedVia: ServeInfo | null
  /** Goes online (if not already) and waits until every followed feed is caught up, or the timeout. */
  sync(timeoutMs: number): Promise<SyncOutcome>
  /** Joins the swarm (a running serve is online already). */
  goOnline(): Promise<void>
  /**
   * Waits until a connected peer holds all of the own feed, or the timeout; true if one does. A running
   * serve stays online, so through it this resolves true at once.
   */
  untilOwnFeedShared(timeoutMs: number): Promise<boolean>
  close(): Promise<void>
}

export function dataDirOf(global: GlobalOptions): string {
  return global.data ?? defaultDataDir()
}

/** Opens the engine here; throws DATA_DIR_LOCKED when another process holds the data directory. */
export async function openEngine(global: GlobalOptions, log: (line: string) => void): Promise<Engine> {
  const engine = newEngine(global, log)
  // An engine that fails to open has closed what it had opened by then (Engine._open).
  await engine.ready()
  return engine
}

/** The engine for this data directory, not opened yet. */
export function newEngine(global: GlobalOptions, log: (line: string) => void): Engine {
  return new Engine({
    dataDir: dataDirOf(global),
    ...(global.bootstrap ? { bootstrap: global.bootstrap } : {}),
    ...(global.host ? { host: global.host } : {}),
    ...(global.relays ? { relays: global.relays } : {}),
    ...(global.dnsServers ? { dnsServers: global.dnsServers } : {}),
    ...(global.maxFeedBytes ? { maxFeedBytes: global.maxFeedBytes } : {}),
    ...(global.mediaCacheBytes ? { mediaCacheBytes: global.mediaCacheBytes } : {}),
    log
  })
}

/**
 * The `rstatus serve` that holds this data directory, if that is what holds it: serve.json names a running
 * process, and the lock file names that process or none (the lock file may have been deleted under it).
 */
export function runningServe(dataDir: string): ServeInfo | null {
  const paths = dataPaths(dataDir)
  const info = readServeInfo(paths.serveInfo)
  if (!info || !isRunning(info.pid)) return null
  const holder = lockHolder(paths.lock)
  return holder === info.pid || holder === null ? info : null
}

export async function openPeer(global: GlobalOptions, log: (line: string) => void): Promise<Peer> {
  const dataDir = dataDirOf(global)
  // A running serve is asked first, so a command never opens a store that serve holds. If it does not
  // answer (its pid may now be another program's), the data directory's own lock decides.
  const serve = runningServe(dataDir)
  let unanswered: unknown = null
  if (serve) {
    try {
      return await routedPeer(dataDir, serve)
    } catch (err) {
      unanswered = err
    }
  }
  let engine: Engine
  try {
    engine = await openEngine(global, log)
  } catch (err) {
    if (!isRstatusError(err) || err.code !== 'DATA_DIR_LOCKED') throw err
    if (unanswered) throw unanswered
    const started = runningServe(dataDir)
    if (!started) throw err
    return routedPeer(dataDir, started)
  }
  return {
    api: engine.api,
    dataDir,
    routedVia: null,
    goOnline: () => engine.goOnline(),
    async untilOwnFeedShared(timeoutMs) {
      const deadline = Date.now() + timeoutMs
      while (!engine.ownFeedShared) {
        if (Date.now() >= deadline) return false
        await new Promise((resolve) => setTimeout(resolve, OWN_FEED_POLL_MS))
      }
      return true
    },
    async sync(timeoutMs) {
      await engine.goOnline()
      return engine.waitForSync({ timeout: timeoutMs })
    },
    close: () => engine.close()
  }
}

async function routedPeer(dataDir: string, serve: ServeInfo): Promise<Peer> {
  const client = await connectToServe(dataDir, serve)
  return {
    api: client,
    dataDir,
    routedVia: serve,
    sync: (timeoutMs) => pollSync(client, timeoutMs),
    goOnline: async () => {},
    untilOwnFeedShared: async () => true,
    async close() {
      client.close()
    }
  }
}

/** Connects to a running serve as a local, non-browser client: Bearer token, no Origin. */
export async function connectToServe(dataDir: string, serve: ServeInfo): Promise<RpcClient> {
  // Loaded here, not at the top: most commands open the engine themselves and never need a socket.
  const { default: WebSocket } = await import('ws')
  const ws = new WebSocket(`ws://${LOCAL_HOST}:${serve.port}/rpc`, {
    headers: { Authorization: `Bearer ${serve.token}` },
    handshakeTimeout: ROUTED_CONNECT_TIMEOUT_MS,
    maxPayload: 64 * 1024 * 1024
  })
  try {
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve())
      ws.once('error', (err) => reject(err))
      ws.once('unexpected-response', (_req, res) => reject(new Error(`it answered HTTP ${res.statusCode}`)))
    })
  } catch (err) {
    ws.terminate()
    throw new RstatusError(
      'DATA_DIR_LOCKED',
      `The data directory ${dataDir} is in use by rstatus serve (pid ${serve.pid}), which did not answer on port ${serve.port} (${(err as Error).message})`
    )
  }
  ws.on('error', () => {}) // a later failure shows up as the channel closing
  const client = createRpcClient(webSocketChannel(ws as unknown as WebSocketLike), { timeout: ROUTED_CALL_TIMEOUT_MS })
  const close = client.close
  return Object.assign(client, {
    close() {
      close()
      ws.close()
    }
  })
}

/** `sync` through a running serve: it is online already; watch its sync state until caught up. */
async function pollSync(api: Api, timeoutMs: number): Promise<SyncOutcome> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const behind = behindFeeds(await api.call('syncState', {}))
    if (behind.length === 0 || Date.now() >= deadline) return { ok: behind.length === 0, behind }
    await new Promise((resolve) => setTimeout(resolve, Math.min(ROUTED_SYNC_POLL_MS, Math.max(1, deadline - Date.now()))))
  }
}

/**
 * A feed is caught up once a whole lookup found its peers and everything they announced is held and indexed,
 * as the engine's own sync counts it. A forked feed will not move: it is as caught up as it gets. A feed past
 * the size cap is caught up once the blocks that fit are held and indexed.
 */
export function behindFeeds(state: SyncState): string[] {
  return state.feeds.filter((f) => !caughtUp(f)).map((f) => f.key)
}

function caughtUp(f: FeedSync): boolean {
  if (f.stopped === 'forked') return true
  if (f.stopped === 'size-cap') return f.capLength !== undefined && f.localLength >= f.capLength && f.indexedLength >= f.capLength
  if (f.lastSeen === null || f.lookedUp === false) return false
  return f.localLength >= f.remoteLength && f.indexedLength >= f.remoteLength
}
