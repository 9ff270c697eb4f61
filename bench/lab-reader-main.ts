// A follower inside a lab namespace (bench/figures/reach.ts starts it with `ip netns exec`), or on loopback
// for the baseline: an engine on the lab's DHT (or the local testnet) that follows one feed, times its first
// sync as the UI sees it, and reports over IPC.
import { Engine } from '../electron/engine/engine.js'
import { parseBootstrap } from '../electron/engine/replication/bootstrap.js'
import { parseRelayKeys } from '../electron/engine/replication/relay-keys.js'
import { timeFirstSync } from './sync-watch.js'

const env = process.env
const engine = new Engine({
  dataDir: env.LAB_READER_DATA!,
  bootstrap: parseBootstrap(env.LAB_BOOTSTRAP!, 'LAB_BOOTSTRAP'),
  ...(env.LAB_RELAY ? { relays: parseRelayKeys(env.LAB_RELAY, 'LAB_RELAY') } : {}),
  // Only outside the lab: a local testnet lives on loopback
  ...(env.LAB_HOST ? { host: env.LAB_HOST } : {})
})
await engine.ready()
await engine.goOnline()
try {
  const sync = await timeFirstSync(engine.api, env.LAB_FEED!, Number(env.LAB_LENGTH), env.LAB_NEWEST!, Number(env.LAB_TIMEOUT_MS))
  process.send?.({ sync })
} catch (err) {
  process.send?.({ error: (err as Error).message })
} finally {
  await engine.close()
  process.disconnect?.()
}
