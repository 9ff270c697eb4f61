// A WebSocket as an RpcChannel, for the browser's WebSocket and the `ws` package alike (both offer
// addEventListener with `event.data`). Messages are JSON text; anything else is dropped. Sends made
// before the socket opens are queued, so a client can call as soon as it is created.
import type { RpcChannel } from './client.js'

export interface WebSocketLike {
  readonly readyState: number
  send(data: string): void
  close(code?: number, reason?: string): void
  addEventListener(event: 'open' | 'close' | 'error', fn: () => void): void
  addEventListener(event: 'message', fn: (e: { data: unknown }) => void): void
  removeEventListener(event: 'open' | 'close' | 'error', fn: () => void): void
  removeEventListener(event: 'message', fn: (e: { data: unknown }) => void): void
}

const CONNECTING = 0
const OPEN = 1

/** Largest frame the peer on the other end will read; bigger frames are dropped unparsed. */
export const MAX_WS_MESSAGE_CHARS = 8 * 1024 * 1024

export function webSocketChannel(ws: WebSocketLike): RpcChannel {
  const queue: string[] = []
  const flush = () => {
    for (const text of queue.splice(0)) ws.send(text)
  }
  if (ws.readyState === CONNECTING) ws.addEventListener('open', flush)

  return {
    send(msg) {
      const text = JSON.stringify(msg)
      if (ws.readyState === OPEN) ws.send(text)
      else if (ws.readyState === CONNECTING) queue.push(text)
      // closing or closed: the client's onClose handling rejects what is pending
    },
    onMessage(fn) {
      const listener = (e: { data: unknown }) => {
        const msg = parseFrame(e.data)
        if (msg !== undefined) fn(msg)
      }
      ws.addEventListener('message', listener)
      return () => ws.removeEventListener('message', listener)
    },
    onClose(fn) {
      ws.addEventListener('close', fn)
      return () => ws.removeEventListener('close', fn)
    }
  }
}

function parseFrame(data: unknown): unknown {
  const text = typeof data === 'string' ? data : decodeBytes(data)
  if (text === null || text.length > MAX_WS_MESSAGE_CHARS) return undefined
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

function decodeBytes(data: unknown): string | null {
  if (data instanceof Uint8Array) return new TextDecoder().decode(data)
  if (data instanceof ArrayBuffer) return new TextDecoder().decode(new Uint8Array(data))
  return null
}
