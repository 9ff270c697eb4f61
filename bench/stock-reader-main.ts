// The baseline reader: the stock libraries only (corestore, hyperswarm), none of rstatus' code. It joins each
// feed's topic, replicates with Corestore, downloads the whole feed and reads it back with createReadStream,
// and reports its timings over IPC (ms since the start message).
//   mode "sync": download, then read; report and stay serving until SIGTERM.
//   mode "live": as sync, then keep downloading live and report every new block ({ have: seq }).
//   mode "hold": open the cores and join their topics, nothing more (the memory figure's baseline).
import Corestore from 'corestore'
import type Hypercore from 'hypercore'
import HyperDHT from 'hyperdht'
import Hyperswarm from 'hyperswarm'
import ids from 'hypercore-id-encoding'
import { once } from 'node:events'

export interface ReaderStart {
  start: { keys: string[]; mode: 'sync' | 'live' | 'hold' }
}

export interface FeedTimes {
  length: number
  /** When the newest block was held locally. */
  newestAt: number
  /** When the whole feed was held locally. */
  downloadedAt: number
  /** When the whole feed had been read back with createReadStream. */
  readAt: number
  bytes: number
}

const bootstrap = (process.env.READER_BOOTSTRAP ?? '').split(',').filter(Boolean).map((hp) => {
  const [host, port] = hp.split(':')
  return { host: host!, port: Number(port) }
})

const store = new Corestore(process.env.READER_DATA!)
await store.ready()
const swarm = new Hyperswarm({ dht: new HyperDHT({ bootstrap, host: '127.0.0.1', firewalled: false }) })
swarm.on('connection', (conn) => {
  store.replicate(conn)
  conn.on('error', () => {})
})
await swarm.listen()
process.send?.({ ready: true })

const [msg] = (await once(process, 'message')) as [ReaderStart]
const { keys, mode } = msg.start
const t0 = performance.now()
const at = () => performance.now() - t0

const cores = keys.map((k) => store.get({ key: ids.decode(k) }))
await Promise.all(cores.map((c) => c.ready()))
for (const core of cores) swarm.join(core.discoveryKey)

if (mode === 'hold') {
  await swarm.flush()
  process.send?.({ held: cores.length })
} else {
  const feeds = await Promise.all(cores.map((core) => syncFeed(core)))
  process.send?.({ synced: { at: at(), feeds: keys.length === 1 ? feeds : [], slowest: slowestOf(feeds) } })
  if (mode === 'live') for (const core of cores) watchLive(core)
}

async function syncFeed(core: Hypercore): Promise<FeedTimes> {
  if (core.peers.length === 0) await once(core, 'peer-add')
  await core.update({ wait: true })
  const length = core.length
  let newestAt = -1
  const onDownload = (index: number) => {
    if (index === length - 1) newestAt = at()
  }
  core.on('download', onDownload)
  await core.download({ start: 0, end: length }).done()
  core.off('download', onDownload)
  const downloadedAt = at()
  if (newestAt < 0) newestAt = downloadedAt
  let bytes = 0
  for await (const block of core.createReadStream({ start: 0, end: length })) bytes += block.byteLength
  return { length, newestAt, downloadedAt, readAt: at(), bytes }
}

function slowestOf(feeds: FeedTimes[]): FeedTimes | null {
  return feeds.reduce<FeedTimes | null>((a, b) => (a === null || b.readAt > a.readAt ? b : a), null)
}

function watchLive(core: Hypercore): void {
  const from = core.length
  core.download({ start: from, end: -1 })
  core.on('download', (index: number) => {
    if (index >= from) process.send?.({ have: index })
  })
}

process.on('SIGTERM', () => {
  void (async () => {
    await swarm.destroy()
    await store.close()
    process.exit(0)
  })()
})
