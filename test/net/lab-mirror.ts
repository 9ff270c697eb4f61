// Mirrors on the lab's internet: `rstatus mirror serve`, or a stock blind peer with no rstatus code.
import { fileURLToPath } from 'node:url'
import { CLI, cliEnv } from '../integration/cli-process.js'
import { startKeyedService, type KeyedService } from './keyed-service.js'
import type { Host, Lab } from './lab.js'

const STOCK_MAIN = fileURLToPath(new URL('./stock-mirror-main.js', import.meta.url))

export type LabMirror = KeyedService

/** `rstatus --data DIR mirror serve --trust KEYS` on `host`, as a person runs it on a server. */
export function rstatusMirror(lab: Lab, host: Host, dataDir: string, trust: string[]): Promise<LabMirror> {
  const argv = [process.execPath, CLI, '--data', dataDir, 'mirror', 'serve', '--trust', trust.join(',')]
  return startKeyedService('mirror', host, argv, /^([a-z0-9]{52})$/m, cliEnv({ RSTATUS_BOOTSTRAP: lab.bootstrap }))
}

/** stock-mirror-main.ts on `host`: the blind-peer library and nothing else. */
export function stockMirror(lab: Lab, host: Host, storage: string, trust: string[]): Promise<LabMirror> {
  const argv = [process.execPath, STOCK_MAIN, lab.bootstrap, storage, trust.join(',') || '-']
  return startKeyedService('mirror', host, argv, /^mirror: ([a-z0-9]{52})$/m, cliEnv({ RSTATUS_BOOTSTRAP: lab.bootstrap }))
}
