// A peer in its own process for multi-peer tests: an Engine on a local DHT, its API served over the
// child-process IPC channel with the same RPC server the app uses.
import { Engine } from '../../electron/engine/engine.js'
import { serveRpc } from '../../shared/rpc/server.js'

const dataDir = process.env.PEER_DATA!
const bootstrap = (process.env.PEER_BOOTSTRAP ?? '').split(',').filter(Boolean).map((hp) => {
  const [host, port] = hp.split(':')
  return { host: host!, port: Number(port) }
})

const maxFeedBytes = Number(process.env.PEER_MAX_FEED_BYTES ?? '0')
const mediaCacheBytes = Number(process.env.PEER_MEDIA_CACHE_BYTES ?? '0')
const engine = new Engine({
  dataDir,
  bootstrap,
  host: '127.0.0.1',
  ...(maxFeedBytes > 0 ? { maxFeedBytes } : {}),
  ...(mediaCacheBytes > 0 ? { mediaCacheBytes } : {})
})
await engine.ready()
if (process.env.PEER_OFFLINE !== '1') await engine.goOnline()

serveRpc(engine.api, {
  send: (msg) => process.send?.(msg),
  onMessage(fn) {
    const handler = (msg: unknown) => {
      if (isControl(msg)) void control(msg.control)
      else fn(msg)
    }
    process.on('message', handler)
    return () => void process.off('message', handler)
  }
})
process.send?.({ ready: true, key: engine.key })

// Crash on purpose (SIGKILL, no cleanup) once a followed feed has PEER_CRASH_AT statuses indexed: a crash in
// the middle of indexing, at a point the test can rely on. (Statuses, not the indexed length: a first sync
// indexes blocks as they arrive, and the length may jump from 0 to the end at once.)
const crashAt = Number(process.env.PEER_CRASH_AT ?? '0')
if (crashAt > 0) {
  const timer = setInterval(() => {
    void engine.api
      .call('syncState', {})
      .then((s) => Promise.all(s.feeds.map((f) => engine.views.profile(f.key))))
      .then((profiles) => {
        if (profiles.some((p) => p.statuses >= crashAt)) {
          clearInterval(timer)
          process.kill(process.pid, 'SIGKILL')
        }
      })
      .catch(() => {})
  }, 2)
}

function isControl(msg: unknown): msg is { control: string } {
  return typeof msg === 'object' && msg !== null && 'control' in msg
}

async function control(command: string): Promise<void> {
  if (command === 'close') {
    await engine.close()
    process.exit(0)
  }
  if (command === 'lookups') process.send?.({ lookups: engine.lookupCount })
  if (command === 'messageCounts') process.send?.({ messageCounts: engine.messageCounts })
}

process.on('SIGTERM', () => void engine.close().then(() => process.exit(0)))
