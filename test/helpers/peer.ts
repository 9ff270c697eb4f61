// Spawns a peer process (test/helpers/peer-main.ts) and gives the test the same Api the UI gets.
import { fork, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import type { Api } from '../../shared/api/contract.js'
import type { DmCounts } from '../../shared/messages.js'
import { createRpcClient } from '../../shared/rpc/client.js'

export interface PeerProcess {
  api: Api
  key: string
  dataDir: string
  child: ChildProcess
  /** Clean shutdown: the engine closes its swarm and store. */
  close(): Promise<void>
  /** What the engine skipped and counted of hostile input in private conversations and sealed items. */
  messageCounts(): Promise<DmCounts>
  /** SIGKILL: no chance to clean up, as in a crash or power loss. */
  kill(): Promise<void>
  /** Resolves when the process has exited, however it ended. */
  exited: Promise<void>
}

const MAIN = fileURLToPath(new URL('./peer-main.js', import.meta.url))

export async function spawnPeer(opts: {
  dataDir: string
  bootstrap: string
  offline?: boolean
  /** Die by SIGKILL once a followed feed has this many blocks indexed. */
  crashAt?: number
  /** The engine's per-feed size cap (maxFeedBytes); the engine's default when unset. */
  maxFeedBytes?: number
  /** Cap of the cache of other people's images (mediaCacheBytes); the engine's default when unset. */
  mediaCacheBytes?: number
}): Promise<PeerProcess> {
  const child = fork(MAIN, [], {
    env: {
      ...process.env,
      PEER_DATA: opts.dataDir,
      PEER_BOOTSTRAP: opts.bootstrap,
      PEER_OFFLINE: opts.offline ? '1' : '0',
      PEER_CRASH_AT: String(opts.crashAt ?? 0),
      PEER_MAX_FEED_BYTES: String(opts.maxFeedBytes ?? 0),
      PEER_MEDIA_CACHE_BYTES: String(opts.mediaCacheBytes ?? 0)
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc']
  })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const key = await new Promise<string>((resolve, reject) => {
    const onMessage = (msg: unknown) => {
      if (typeof msg === 'object' && msg !== null && 'ready' in msg) {
        child.off('message', onMessage)
        resolve((msg as unknown as { key: string }).key)
      }
    }
    child.on('message', onMessage)
    child.once('exit', (code) => reject(new Error(`peer exited with code ${code} before it was ready`)))
  })
  const client = createRpcClient(
    {
      send: (msg) => {
        if (child.connected) child.send(msg as object)
      },
      onMessage(fn) {
        child.on('message', fn)
        return () => void child.off('message', fn)
      },
      onClose(fn) {
        child.once('exit', fn)
        return () => void child.off('exit', fn)
      }
    },
    { timeout: 30_000 }
  )
  return {
    api: client,
    key,
    dataDir: opts.dataDir,
    child,
    exited,
    messageCounts() {
      return new Promise<DmCounts>((resolve) => {
        const onMessage = (msg: unknown) => {
          if (typeof msg !== 'object' || msg === null || !('messageCounts' in msg)) return
          child.off('message', onMessage)
          resolve((msg as { messageCounts: DmCounts }).messageCounts)
        }
        child.on('message', onMessage)
        child.send({ control: 'messageCounts' })
      })
    },
    async close() {
      if (child.exitCode === null && child.connected) child.send({ control: 'close' })
      await exited
      client.close()
    },
    async kill() {
      child.kill('SIGKILL')
      await exited
      client.close()
    }
  }
}
