// The resolver a person chose (RSTATUS_DNS, --dns): IP[:PORT][,IP[:PORT]…], in the form node:dns's setServers
// takes. Handles are looked up through it, both the TXT record and the address of the domain's web server.
import net from 'node:net'
import { RstatusError } from '../../../shared/errors.js'
import { printable } from '../../../shared/printable.js'

export function parseDnsServers(text: string, source: string): string[] {
  const servers = text.split(',').map((s) => s.trim()).filter(Boolean)
  if (servers.length === 0) throw new RstatusError('INVALID_INPUT', `${source} names no DNS server`)
  for (const s of servers) {
    if (!validServer(s)) {
      throw new RstatusError('INVALID_INPUT', `${source}: "${printable(s)}" is not a DNS server (expected IP or IP:PORT, such as 192.168.1.1 or [::1]:53)`)
    }
  }
  return servers
}

function validServer(s: string): boolean {
  if (net.isIP(s)) return true
  const v6 = /^\[([^\]]+)\]:(\d+)$/.exec(s)
  const v4 = /^([^:]+):(\d+)$/.exec(s)
  const m = v6 ?? v4
  if (!m) return false
  const port = Number(m[2])
  return net.isIP(m[1]!) !== 0 && port >= 1 && port <= 65535
}
