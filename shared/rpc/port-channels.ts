// MessagePort-shaped things as RpcChannels: Node's worker_threads ports, Electron's MessagePortMain and
// utility-process parentPort, and the DOM MessagePort. They differ in how a message arrives, not in what.
import type { RpcChannel } from './client.js'

/** worker_threads MessagePort: `on('message', value)` delivers the value itself. */
export interface ValuePort {
  postMessage(msg: unknown): void
  on(event: 'message', fn: (value: unknown) => void): unknown
  on(event: 'close', fn: () => void): unknown
  off(event: 'message', fn: (value: unknown) => void): unknown
  off(event: 'close', fn: () => void): unknown
  start?(): void
}

export function valuePortChannel(port: ValuePort): RpcChannel {
  port.start?.()
  return {
    send: (msg) => port.postMessage(msg),
    onMessage(fn) {
      port.on('message', fn)
      return () => void port.off('message', fn)
    },
    onClose(fn) {
      port.on('close', fn)
      return () => void port.off('close', fn)
    }
  }
}

/**
 * Ports that deliver a MessageEvent-like `{ data }`: Electron's MessagePortMain and a utility process's
 * parentPort (`on('message', e)`), and the DOM MessagePort (`addEventListener('message', e)`).
 */
export interface EventPort {
  postMessage(msg: unknown): void
  on?(event: 'message', fn: (e: { data: unknown }) => void): unknown
  off?(event: 'message', fn: (e: { data: unknown }) => void): unknown
  removeListener?(event: 'message', fn: (e: { data: unknown }) => void): unknown
  addEventListener?(event: 'message', fn: (e: { data: unknown }) => void): unknown
  removeEventListener?(event: 'message', fn: (e: { data: unknown }) => void): unknown
  start?(): void
}

export function eventPortChannel(port: EventPort, opts: { onClose?: RpcChannel['onClose'] } = {}): RpcChannel {
  const channel: RpcChannel = {
    send: (msg) => port.postMessage(msg),
    onMessage(fn) {
      const listener = (e: { data: unknown }) => fn(e.data)
      if (port.addEventListener && port.removeEventListener) {
        port.addEventListener('message', listener)
        port.start?.()
        return () => void port.removeEventListener?.('message', listener)
      }
      if (!port.on) throw new TypeError('eventPortChannel: the port has neither on() nor addEventListener()')
      port.on('message', listener)
      port.start?.()
      return () => void (port.off ?? port.removeListener)?.call(port, 'message', listener)
    }
  }
  if (opts.onClose) channel.onClose = opts.onClose
  return channel
}
