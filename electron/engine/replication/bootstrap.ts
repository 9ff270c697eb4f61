// DHT bootstrap nodes as people write them (--bootstrap, RSTATUS_BOOTSTRAP): HOST:PORT[,HOST:PORT…].
import { RstatusError } from '../../../shared/errors.js'
import { printable } from '../../../shared/printable.js'

export interface BootstrapNode {
  host: string
  port: number
}

/** `source` names where the text came from, for the error line (e.g. "--bootstrap"). */
export function parseBootstrap(text: string, source: string): BootstrapNode[] {
  const nodes = text.split(',').map((s) => s.trim())
  if (nodes.some((s) => s === '')) throw new RstatusError('INVALID_INPUT', `${source} must be HOST:PORT[,HOST:PORT...]`)
  return nodes.map((node) => {
    const m = /^(?:\[([0-9a-fA-F:.]+)\]|([^:\s[\]]+)):(\d{1,5})$/.exec(node)
    const host = m?.[1] ?? m?.[2]
    const port = Number(m?.[3])
    if (!m || !host || !Number.isInteger(port) || port < 1 || port > 65535) {
      throw new RstatusError('INVALID_INPUT', `${source}: "${printable(node)}" is not HOST:PORT`)
    }
    return { host, port }
  })
}
