// Many feeds written and served by one process with the stock libraries only (corestore, hyperswarm): the
// authors of the many-follows figure. FEEDS feeds of PER_FEED statuses each, every topic joined.
import Corestore from 'corestore'
import HyperDHT from 'hyperdht'
import Hyperswarm from 'hyperswarm'
import ids from 'hypercore-id-encoding'

const feeds = Number(process.env.FEEDS ?? '10')
const perFeed = Number(process.env.PER_FEED ?? '100')
const prefix = process.env.FEED_PREFIX ?? 'feed'
const bootstrap = (process.env.FEEDS_BOOTSTRAP ?? '').split(',').filter(Boolean).map((hp) => {
  const [host, port] = hp.split(':')
  return { host: host!, port: Number(port) }
})

const store = new Corestore(process.env.FEEDS_DATA!)
await store.ready()
const start = Date.now() - perFeed * 1000
const cores = []
for (let f = 0; f < feeds; f++) {
  const core = store.get({ name: `${prefix}-${f}` })
  await core.ready()
  if (core.length === 0) {
    const blocks = [Buffer.from(JSON.stringify({ type: 'header', protocol: 'rstatus', version: 1 }))]
    for (let j = 0; j < perFeed; j++) {
      blocks.push(Buffer.from(JSON.stringify({ type: 'status', text: `status ${j + 1} of ${prefix} ${f}`, createdAt: start + j * 1000 })))
    }
    await core.append(blocks)
  }
  cores.push(core)
}

const swarm = new Hyperswarm({ dht: new HyperDHT({ bootstrap, host: '127.0.0.1', firewalled: false }) })
swarm.on('connection', (conn) => {
  store.replicate(conn)
  conn.on('error', () => {})
})
for (const core of cores) swarm.join(core.discoveryKey, { server: true, client: false })
await swarm.flush()

process.send?.({ ready: true, keys: cores.map((c) => ids.encode(c.key)), length: perFeed + 1 })

process.on('SIGTERM', () => {
  void (async () => {
    await swarm.destroy()
    await store.close()
    process.exit(0)
  })()
})
