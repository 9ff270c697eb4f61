// Entry of the engine's utility process (utilityProcess.fork). The engine is the same one `rstatus serve`
// and the CLI run; here it talks to main over process.parentPort and to the renderer over MessagePorts.
// Like the CLI, it honours RSTATUS_BOOTSTRAP (HOST:PORT,...) to use a local DHT instead of the public one,
// RSTATUS_HOST (an IP address to bind to), RSTATUS_RELAY (KEY,...: relays for when a direct connection fails)
// and RSTATUS_DNS (IP[:PORT],...: the resolver for handle lookups).
import net from 'node:net'
import { printable } from '../../shared/printable.js'
import { parseBootstrap } from '../engine/replication/bootstrap.js'
import { parseRelayKeys } from '../engine/replication/relay-keys.js'
import { parseDnsServers } from '../engine/handles/dns-servers.js'
import { Engine, type EngineOptions } from '../engine/engine.js'
import { maxFeedBytesFromEnv, mediaCacheBytesFromEnv } from '../platform/env-sizes.js'
import { serveRpc } from '../../shared/rpc/server.js'
import { dataDirFromArgs } from '../../shared/desktop/engine-control.js'
import { runEngineHost, type ParentPort } from './host.js'

const log = (line: string) => console.error(`rstatus engine: ${line}`)
const parent = (process as unknown as { parentPort?: ParentPort | null }).parentPort
const dataDir = dataDirFromArgs(process.argv)

function engineOptions(dir: string, env: NodeJS.ProcessEnv): EngineOptions {
  const opts: EngineOptions = { dataDir: dir, log }
  if (env.RSTATUS_BOOTSTRAP?.trim()) opts.bootstrap = parseBootstrap(env.RSTATUS_BOOTSTRAP, 'RSTATUS_BOOTSTRAP')
  if (env.RSTATUS_HOST?.trim()) {
    if (net.isIP(env.RSTATUS_HOST) === 0) throw new Error(`RSTATUS_HOST must be an IP address, not "${printable(env.RSTATUS_HOST)}"`)
    opts.host = env.RSTATUS_HOST
  }
  if (env.RSTATUS_RELAY?.trim()) opts.relays = parseRelayKeys(env.RSTATUS_RELAY, 'RSTATUS_RELAY')
  if (env.RSTATUS_DNS?.trim()) opts.dnsServers = parseDnsServers(env.RSTATUS_DNS, 'RSTATUS_DNS')
  const mediaCacheBytes = mediaCacheBytesFromEnv(env)
  if (mediaCacheBytes !== undefined) opts.mediaCacheBytes = mediaCacheBytes
  const maxFeedBytes = maxFeedBytesFromEnv(env)
  if (maxFeedBytes !== undefined) opts.maxFeedBytes = maxFeedBytes
  return opts
}

if (!parent || !dataDir) {
  console.error('rstatus: electron/engine-process/main.js runs inside the desktop app only (use "rstatus serve" instead)')
  process.exit(2)
} else {
  runEngineHost(parent, {
    createEngine: () => new Engine(engineOptions(dataDir, process.env)),
    serve: (api, channel) => serveRpc(api, channel, { log }),
    exit: (code) => process.exit(code),
    log
  })
}
