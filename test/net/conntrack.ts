// Reads `conntrack -L` output: the flows a router tracks. A flow from a LAN host to another router's WAN
// address, answered, is a direct (holepunched) connection; one to a relay's address is a relayed one.

export interface Endpoint {
  src: string
  dst: string
  sport: number
  dport: number
  /** Counted only when the router has nf_conntrack_acct on. */
  packets: number
  bytes: number
}

export interface Flow {
  protocol: string
  /** As the first packet went: from the LAN host to the outside. */
  original: Endpoint
  /** As answers come back, after NAT: from the outside to the router's WAN address and mapped port. */
  reply: Endpoint
  /** Packets were seen both ways. */
  answered: boolean
}

export function parseConntrack(text: string): Flow[] {
  const flows: Flow[] = []
  for (const line of text.split('\n')) {
    const protocol = /^(\w+)\s/.exec(line)?.[1]
    if (!protocol) continue
    const sides: Array<Partial<Record<string, string>>> = [{}, {}]
    let side = 0
    for (const [, k, v] of line.matchAll(/(\w+)=(\S+)/g)) {
      const key = k as string
      // The second src= starts the reply direction
      if (key === 'src' && sides[0]!.src !== undefined) side = 1
      if (sides[side]![key] === undefined) sides[side]![key] = v
    }
    const [o, r] = sides as [Partial<Record<string, string>>, Partial<Record<string, string>>]
    if (!o.src || !o.dst || !r.src || !r.dst) continue
    flows.push({
      protocol,
      original: endpoint(o),
      reply: endpoint(r),
      answered: !line.includes('[UNREPLIED]')
    })
  }
  return flows
}

function endpoint(f: Partial<Record<string, string>>): Endpoint {
  return {
    src: f.src ?? '',
    dst: f.dst ?? '',
    sport: Number(f.sport ?? 0),
    dport: Number(f.dport ?? 0),
    packets: Number(f.packets ?? 0),
    bytes: Number(f.bytes ?? 0)
  }
}

/** UDP flows from `from` (a host behind the router) to `to` that were answered: packets went both ways. */
export function answeredFlows(flows: Flow[], from: string, to: string): Flow[] {
  return flows.filter((f) => f.protocol === 'udp' && f.answered && f.original.src === from && f.original.dst === to)
}
