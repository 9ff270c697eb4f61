// Runs electron/main/engine-process.js in a child process dressed as Electron's utility process: a
// `process.parentPort` that emits `{ data, ports }`. MessagePorts cannot cross processes, so each
// connection's port lives here and its messages are relayed over the child's IPC channel. (Electron cannot
// run on the development machines; the entry file, the real Engine and serveRpc are what is under test.)
import { EventEmitter } from 'node:events'
import { MessageChannel, type MessagePort } from 'node:worker_threads'

export type ToChild = { control: unknown } | { open: number } | { conn: number; msg: unknown }
export type FromChild = { fromEngine: unknown } | { conn: number; msg: unknown }

// `node --test dist/test/` runs every file under test/ as a test; without an IPC channel there is no test
// driving this shim, so it does nothing.
const driven = typeof process.send === 'function'
const send = (msg: FromChild) => process.send?.(msg)
const ports = new Map<number, MessagePort>()
const parentPort = Object.assign(new EventEmitter(), { postMessage: (msg: unknown) => send({ fromEngine: msg }) })
// Like a MessagePort, the parent port keeps what arrives before the engine listens (the test may connect
// before the engine's modules are loaded), and delivers it once the engine does.
const early: unknown[] = []
const deliver = (event: unknown) => (parentPort.listenerCount('message') > 0 ? parentPort.emit('message', event) : early.push(event))
parentPort.on('newListener', (name: string) => {
  if (name === 'message') queueMicrotask(() => early.splice(0).forEach((event) => parentPort.emit('message', event)))
})

if (driven) {
  process.on('message', (m: ToChild) => {
    if ('control' in m) {
      deliver({ data: m.control, ports: [] })
    } else if ('open' in m) {
      const { port1, port2 } = new MessageChannel()
      ports.set(m.open, port2)
      port2.on('message', (msg: unknown) => send({ conn: m.open, msg }))
      deliver({ data: { type: 'connect' }, ports: [port1] })
    } else {
      ports.get(m.conn)?.postMessage(m.msg)
    }
  })
  Object.assign(process, { parentPort })
  await import('../../../../electron/engine-process/main.js')
}
