// Asking mirrors to keep this person's cores, with the stock blind-peering client: the own feed, the own
// blobs core (images) and the linked devices' feeds. A mirror holds what its replication session says it
// holds: its entry in each core's peers, read when asked (never cached: connections come and go).
import BlindPeering from 'blind-peering'
import { DeleteCoreEncoding } from 'blind-peer-encodings'
import c from 'compact-encoding'
import type Corestore from 'corestore'
import type Hypercore from 'hypercore'
import ids from 'hypercore-id-encoding'
import type HyperDHT from 'hyperdht'
import ProtomuxRPC from 'protomux-rpc'
import Wakeup from 'protomux-wakeup'
import type { MirrorState, MirrorRemoved } from '../../../shared/api/mirrors.js'
import type { FeedKey } from '../../../shared/keys.js'
import type { MirrorList } from './mirror-list.js'

/** How long a removal waits to reach a mirror and hear its answer: a busy mirror answers late. */
const DELETE_TIMEOUT_MS = 60_000
const DELETE_RETRY_MS = 1_000

export interface MirrorsOptions {
  list: MirrorList
  store: Corestore
  /** The keys of the cores a mirror keeps: own feed, own blobs, linked devices' feeds. */
  keptKeys(): Promise<Buffer[]>
  log(line: string): void
}

export class Mirrors {
  private dht: HyperDHT | null = null
  private peering: BlindPeering | null = null
  private cores: Hypercore[] = []
  /** Restarts run one after another: a list change during a start waits for it. */
  private restarting: Promise<void> = Promise.resolve()
  private closed = false

  constructor(private readonly opts: MirrorsOptions) {}

  keys(): FeedKey[] {
    return this.opts.list.list()
  }

  /** Going online: from now on every listed mirror is asked to keep the cores. */
  online(dht: HyperDHT): Promise<void> {
    this.dht = dht
    return this.restart()
  }

  /** A mirror added, a device linked: ask again with the current list and cores. */
  restart(): Promise<void> {
    this.restarting = this.restarting.then(async () => {
      await this.stop()
      if (this.closed || !this.dht || this.dht.destroyed) return
      const keys = this.keys()
      if (keys.length === 0) return
      const cores = await Promise.all((await this.opts.keptKeys()).map((key) => this.opts.store.get({ key })))
      await Promise.all(cores.map((core) => core.ready()))
      this.cores = cores
      // pick: every mirror keeps every core (blind-peering's default gives each core to the closest two)
      const peering = new BlindPeering(this.dht, this.opts.store, { keys, wakeup: new Wakeup(), pick: keys.length })
      this.peering = peering
      for (const core of cores) peering.addCoreBackground(core, { announce: true })
    })
    return this.restarting.catch((err: unknown) => this.opts.log(`rstatus: asking the mirrors failed: ${(err as Error).message}`))
  }

  add(key: FeedKey): Promise<void> {
    return this.opts.list.add(key) ? this.restart() : Promise.resolve()
  }

  /** Asks the mirror to delete what it holds of these cores, where it allows that, then drops it from the list. */
  async remove(key: FeedKey): Promise<MirrorRemoved> {
    if (!this.keys().includes(key)) return { key, listed: false, deleted: false, reason: 'not in your list of mirrors' }
    const deleted = await this.askToDelete(key)
    this.opts.list.remove(key)
    await this.restart()
    return { key, listed: true, ...deleted }
  }

  /** Asks every listed mirror to delete what it holds (leaving). */
  async deleteEverywhere(): Promise<MirrorRemoved[]> {
    return Promise.all(this.keys().map(async (key) => ({ key, listed: true, ...(await this.askToDelete(key)) })))
  }

  /** The state of each listed mirror, now; offline, none is reachable and none is known to hold anything. */
  async states(): Promise<MirrorState[]> {
    await this.restarting.catch(() => {})
    const cores = this.cores.length > 0 ? this.cores : await this.offlineCores()
    const states = this.keys().map((key) => {
      const mirrorKey = ids.decode(key)
      let held = 0
      let length = 0
      for (const core of cores) {
        length += core.length
        const entries = core.peers.filter((p) => p.remotePublicKey.equals(mirrorKey))
        held += Math.min(core.length, Math.max(0, ...entries.map((p) => p.remoteContiguousLength)))
      }
      const reachable = this.peering?.blindPeers.get(mirrorKey.toString('hex'))?.connected === true
      return { key, reachable, held, behind: length - held }
    })
    if (cores !== this.cores) await Promise.all(cores.map((core) => core.close().catch(() => {})))
    return states
  }

  /** Sessions on the kept cores, for their lengths while offline. */
  private async offlineCores(): Promise<Hypercore[]> {
    const cores = (await this.opts.keptKeys()).map((key) => this.opts.store.get({ key }))
    await Promise.all(cores.map((core) => core.ready()))
    return cores
  }

  private async askToDelete(key: FeedKey): Promise<{ deleted: boolean; reason?: string }> {
    const dht = this.dht
    if (!dht || dht.destroyed) return { deleted: false, reason: 'offline: the mirror was not asked to delete' }
    const cores = await this.opts.keptKeys()
    const mirrorKey = ids.decode(key)
    const deadline = Date.now() + DELETE_TIMEOUT_MS
    while (!dht.destroyed) {
      // A connection of its own, with the RPC channel made before a byte arrives: blind-peer opens its RPC channel
      // the moment a connection reaches it, and protomux rejects a remote channel this side has not made yet, for
      // good. So blind-peering's connection (which makes none) can never carry the request, and a channel made
      // after the socket opens loses the race whenever the mirror is quicker than this process.
      const socket = dht.connect(mirrorKey, { keyPair: dht.defaultKeyPair })
      socket.on('error', () => {})
      const rpc = new ProtomuxRPC(socket, { id: mirrorKey, valueEncoding: c.none })
      const timer = setTimeout(() => socket.destroy(), Math.max(0, deadline - Date.now()))
      try {
        if (await socket.opened) {
          for (const core of cores) {
            await rpc.request('delete-core', { key: core }, { ...DeleteCoreEncoding, timeout: Math.max(1, deadline - Date.now()) })
          }
          return { deleted: true }
        }
      } catch (err) {
        // A stock blind peer refuses deletes from peers it does not trust; its own clean-up frees the space.
        // Anything else (the connection dropped) is tried again.
        if ((err as { code?: unknown }).code === 'REQUEST_ERROR') {
          return { deleted: false, reason: 'the mirror refused to delete (it deletes only for peers it trusts)' }
        }
      } finally {
        clearTimeout(timer)
        rpc.destroy()
        socket.destroy()
      }
      if (Date.now() + DELETE_RETRY_MS >= deadline) break
      await new Promise((resolve) => setTimeout(resolve, DELETE_RETRY_MS))
    }
    return { deleted: false, reason: 'the mirror could not be reached: it keeps what it holds until its own clean-up' }
  }

  private async stop(): Promise<void> {
    const peering = this.peering
    const cores = this.cores
    this.peering = null
    this.cores = []
    await peering?.close()
    await Promise.all(cores.map((core) => core.close().catch(() => {})))
  }

  async close(): Promise<void> {
    this.closed = true
    await this.restarting.catch(() => {})
    await this.stop()
  }
}
