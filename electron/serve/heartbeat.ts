// WebSockets of `rstatus serve` are pinged, so that a client that vanished without closing (a laptop lid,
// a dropped network) is noticed and its socket and listeners freed.
import type { WebSocket } from 'ws'

const HEARTBEAT_MS = 30_000

/** Pings `ws` every 30 s and terminates it when the last ping went unanswered; stops when it closes. */
export function keepAlive(ws: WebSocket): void {
  let alive = true
  ws.on('pong', () => (alive = true))
  ws.on('error', () => ws.terminate())
  const heartbeat = setInterval(() => {
    if (!alive) return void ws.terminate()
    alive = false
    ws.ping()
  }, HEARTBEAT_MS)
  heartbeat.unref()
  ws.on('close', () => clearInterval(heartbeat))
}
