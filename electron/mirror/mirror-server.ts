// `rstatus mirror serve`: a stock blind peer (the blind-peer library keeps the cores and announces those of
// the peers it trusts), plus what only rstatus adds for the peers it trusts: a blind-relay on the same key,
// and a mailbox that keeps replies, mentions and sealed items for them while they are away (mailbox.ts).
// blind-peer is imported here only: loading it flips a process-wide hypercore flag, so the engine never does.
import BlindRelay from 'blind-relay'
import ids from 'hypercore-id-encoding'
import HyperDHT from 'hyperdht'
import type Hyperswarm from 'hyperswarm'
import fs from 'node:fs'
import path from 'node:path'
import { RstatusError } from '../../shared/errors.js'
import type { FeedKey } from '../../shared/keys.js'
import { writeFileAtomic } from '../platform/atomic-file.js'
import { Mailbox } from './mailbox.js'
import { MirrorSwarm } from './mirror-swarm.js'

export interface MirrorServerOptions {
  storage: string
  /** blind-peer's own default (100 GB) when absent. */
  maxBytes?: number
  /** Peers (their network keys, whoami's "peer") whose cores it announces and for whom it relays. */
  trust: FeedKey[]
  bootstrap?: Array<{ host: string; port: number }>
  host?: string
  /** Where the mailbox says what it keeps (counts only, never keys). */
  log?: (line: string) => void
}

export interface MirrorServer {
  key: FeedKey
  close(): Promise<void>
}

/** The mirror's secret seed, in its storage: the same key across restarts. */
const SEED_FILE = 'mirror-seed'
const CORES_DIR = 'cores'

export async function startMirror(opts: MirrorServerOptions): Promise<MirrorServer> {
  fs.mkdirSync(opts.storage, { recursive: true, mode: 0o700 })
  const keyPair = HyperDHT.keyPair(seed(opts.storage))
  const dht = new HyperDHT({
    keyPair,
    ...(opts.bootstrap ? { bootstrap: opts.bootstrap } : {}),
    ...(opts.host ? { host: opts.host, firewalled: false } : {})
  })
  const swarm = new MirrorSwarm({ dht, keyPair })
  const trusted = new Set(opts.trust)
  const isTrusted = (key: Buffer) => trusted.has(ids.encode(key))
  const mailbox = new Mailbox({ swarm, storage: opts.storage, isTrusted, log: opts.log ?? (() => {}) })
  await mailbox.open()

  // Relaying rides on the swarm's own connections. A pairing is relayed only when a trusted peer started it
  // (named this mirror as its relay); the other side may be anyone that peer wants to reach.
  const relay = new BlindRelay.Server({ createStream: (o) => dht.createRawStream({ ...(o as object), framed: true }) })
  swarm.on('connection', (conn: Hyperswarm.Connection) => {
    conn.on('error', () => {})
    const session = relay.accept(conn, { id: conn.remotePublicKey })
    session.on('error', () => {})
    session.on('pair', (isInitiator: boolean) => {
      if (isInitiator && !isTrusted(conn.remotePublicKey)) (session as unknown as { destroy(): void }).destroy()
    })
    mailbox.attach(conn)
  })

  const { default: BlindPeer } = await import('blind-peer')
  const peer = new BlindPeer(path.join(opts.storage, CORES_DIR), {
    swarm,
    trustedPubKeys: opts.trust.map((k) => ids.decode(k)),
    ...(opts.maxBytes ? { maxBytes: opts.maxBytes } : {})
  })
  try {
    await peer.ready()
    await peer.listen()
  } catch (err) {
    await peer.close().catch(() => {})
    await swarm.destroy({ force: true }).catch(() => {})
    throw err
  }
  return {
    key: ids.encode(keyPair.publicKey),
    async close() {
      mailbox.close()
      await peer.close().catch(() => {})
      await relay.close().catch(() => {})
      await swarm.destroy()
    }
  }
}

/** A seed file that is there but damaged is refused, never replaced: a new key would orphan every client. */
function seed(storage: string): Buffer {
  const file = path.join(storage, SEED_FILE)
  if (fs.existsSync(file)) {
    const existing = fs.readFileSync(file)
    if (existing.length !== 32) throw new RstatusError('INVALID_INPUT', `${file} is damaged: restore it from a backup, or delete it to start a mirror with a new key`)
    return existing
  }
  const fresh = HyperDHT.keyPair().secretKey.subarray(0, 32)
  writeFileAtomic(file, fresh, { mode: 0o600 })
  return Buffer.from(fresh)
}
