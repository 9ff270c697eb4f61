// A feed written and served with the stock libraries only (corestore, hyperswarm), none of rstatus' code:
// the "someone else's client" of tests and the writer side of benchmarks. Blocks come as JSON lines on a
// file (RAW_BLOCKS, one block per line, written verbatim) or are generated (COUNT statuses).
import Corestore from 'corestore'
import HyperDHT from 'hyperdht'
import Hyperswarm from 'hyperswarm'
import fs from 'node:fs'

const dir = process.env.WRITER_DATA!
const bootstrap = (process.env.WRITER_BOOTSTRAP ?? '').split(',').filter(Boolean).map((hp) => {
  const [host, port] = hp.split(':')
  return { host: host!, port: Number(port) }
})

// Same primary key = same identity: how a test makes a second machine write the same feed (a fork).
const primaryKey = process.env.WRITER_PRIMARY_KEY
const store = primaryKey ? new Corestore(dir, { primaryKey: Buffer.from(primaryKey, 'hex'), unsafe: true }) : new Corestore(dir)
const core = store.get({ name: 'feed' })
await core.ready()

if (core.length === 0) {
  if (process.env.RAW_BLOCKS) {
    const lines = fs.readFileSync(process.env.RAW_BLOCKS, 'utf8').split('\n').filter((l) => l.length > 0)
    await core.append(lines.map((l) => Buffer.from(l)))
  } else {
    const count = Number(process.env.COUNT ?? '10')
    const start = Date.now() - count * 1000
    await core.append(Buffer.from(JSON.stringify({ type: 'header', protocol: 'rstatus', version: 1 })))
    const chunk = 10_000
    for (let i = 0; i < count; i += chunk) {
      const blocks: Buffer[] = []
      for (let j = i; j < Math.min(count, i + chunk); j++) {
        blocks.push(Buffer.from(JSON.stringify({ type: 'status', text: `status number ${j + 1}`, createdAt: start + j * 1000 })))
      }
      await core.append(blocks)
    }
  }
}

let swarm: Hyperswarm | null = null
if (process.env.WRITER_OFFLINE !== '1') {
  swarm = new Hyperswarm({ dht: new HyperDHT({ bootstrap, host: '127.0.0.1', firewalled: false }) })
  swarm.on('connection', (conn) => {
    store.replicate(conn)
    conn.on('error', () => {})
  })
  swarm.join(core.discoveryKey, { server: true, client: true })
  await swarm.flush()
}

const seed = (store as unknown as { primaryKey: Buffer }).primaryKey
process.send?.({ ready: true, key: core.key.toString('hex'), length: core.length, primaryKey: seed.toString('hex') })

process.on('message', (msg: unknown) => {
  if (typeof msg === 'object' && msg !== null && 'append' in msg) {
    const lines = (msg as { append: string[] }).append
    void core.append(lines.map((l) => Buffer.from(l))).then(() => process.send?.({ appended: core.length }))
  }
})
process.on('SIGTERM', () => {
  void (async () => {
    await swarm?.destroy()
    await store.close()
    process.exit(0)
  })()
})
