// Runs stock-relay-main.ts on a lab host: a blind-relay server on the lab's internet.
import { fileURLToPath } from 'node:url'
import { startKeyedService, type KeyedService } from './keyed-service.js'
import type { Host } from './lab.js'

const MAIN = fileURLToPath(new URL('./stock-relay-main.js', import.meta.url))

export type StockRelay = KeyedService

export function startStockRelay(host: Host, bootstrap: string): Promise<StockRelay> {
  return startKeyedService('relay', host, [process.execPath, MAIN, bootstrap], /^relay: ([a-z0-9]{52})$/m)
}
