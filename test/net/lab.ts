// A simulated internet in network namespaces: one "internet" namespace with a bridge and the DHT bootstrap
// nodes, home routers that NAT a 10.x LAN onto it, and hosts at home or on the internet. Every link is made
// inside the lab's namespaces (never in the root one), and no route leads out of them.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { parseConntrack, type Flow } from './conntrack.js'
import { claim, linkName, namespaceName, processStarted, release, removeLeftovers, removeNamespace, runId } from './runs.js'
import { must, run } from './shell.js'

export type NatKind = 'easy' | 'hard'

/** The UDP port of every bootstrap node; each has its own address, so one port serves them all. */
const BOOTSTRAP_PORT = 49737
const SIGNALS = ['SIGINT', 'SIGTERM'] as const
const BOOTSTRAP_MAIN = fileURLToPath(new URL('./dht-bootstrap-main.js', import.meta.url))

/** 198.18.0.0/15 is reserved for benchmarks and tests (RFC 2544): nothing in it is anybody's real host. */
const INTERNET_PREFIX = 15
const bootstrapAddress = (n: number) => `198.18.0.${n}`
const routerAddress = (n: number) => `198.18.1.${n}`
const publicAddress = (n: number) => `198.18.2.${n}`

export interface Host {
  readonly name: string
  readonly ns: string
  /** Its own address: 10.x behind a router, 198.18.x on the internet. */
  readonly address: string
  readonly router: Router | null
}

export interface Router {
  readonly name: string
  readonly ns: string
  readonly kind: NatKind
  /** Its address on the internet: what hosts behind it look like from outside. */
  readonly wan: string
  /** Forgets every NAT mapping, as a router does when it restarts. */
  flushNat(): Promise<void>
  /** Drops this share (0..1) of the packets it forwards, both ways, until the returned function is called. */
  loseShare(share: number): Promise<() => Promise<void>>
  /** The flows it tracks now, with packet counts. */
  flows(): Promise<Flow[]>
}

export class Lab {
  readonly id: string
  /** HOST:PORT,… of the bootstrap nodes, the form --bootstrap and RSTATUS_BOOTSTRAP take. */
  readonly bootstrap: string
  private readonly made: string[] = []
  /** Each router's number (its LAN is 10.N.0.0/24) and how many hosts its LAN has. */
  private readonly lans = new Map<Router, { n: number; hosts: number }>()
  // Numbers are taken before the first await, so routers and hosts can be made concurrently
  private routerCount = 0
  private hostCount = 0
  private bootstrapNodes: ChildProcess | null = null
  private closed = false
  private readonly onExit = () => this.removeAllSync()
  /** Ctrl-C, or a runner stopping the file: clean up, then end as the signal would have. */
  private readonly onSignal = (signal: NodeJS.Signals) => {
    this.removeAllSync()
    process.kill(process.pid, signal)
  }

  private constructor(readonly bootstrapCount: number) {
    this.id = runId(process.pid)
    this.bootstrap = Array.from({ length: bootstrapCount }, (_, i) => `${bootstrapAddress(i + 1)}:${BOOTSTRAP_PORT}`).join(',')
  }

  /** The internet namespace: bridge, bootstrap nodes, and nothing routed beyond 198.18.0.0/15. */
  get internet(): string {
    return namespaceName(this.id, 'inet')
  }

  /**
   * Builds the internet with `bootstrapNodes` DHT bootstrap nodes (HyperDHT needs at least 3 to classify
   * a NAT; with fewer every punch aborts). Leftovers of dead runs are removed first.
   */
  static async start(opts: { bootstrapNodes?: number } = {}): Promise<Lab> {
    await removeLeftovers()
    const lab = new Lab(opts.bootstrapNodes ?? 3)
    const started = processStarted(process.pid)
    if (started === null) throw new Error('cannot read this process start time from /proc')
    claim(lab.id, { pid: process.pid, started })
    process.once('exit', lab.onExit)
    for (const signal of SIGNALS) process.once(signal, lab.onSignal)
    try {
      await lab.buildInternet()
      await lab.startBootstrapNodes()
    } catch (err) {
      await lab.close()
      throw err
    }
    return lab
  }

  private async addNamespace(role: string): Promise<string> {
    const ns = namespaceName(this.id, role)
    await must('ip', ['netns', 'add', ns])
    this.made.push(ns)
    await must('ip', ['-n', ns, 'link', 'set', 'lo', 'up'])
    return ns
  }

  private async buildInternet(): Promise<void> {
    const ns = await this.addNamespace('inet')
    const bridge = linkName(this.id, 'br')
    await must('ip', ['-n', ns, 'link', 'add', bridge, 'type', 'bridge'])
    for (let i = 1; i <= this.bootstrapCount; i++) {
      await must('ip', ['-n', ns, 'addr', 'add', `${bootstrapAddress(i)}/${INTERNET_PREFIX}`, 'dev', bridge])
    }
    await must('ip', ['-n', ns, 'link', 'set', bridge, 'up'])
  }

  private async startBootstrapNodes(): Promise<void> {
    const child = spawn('ip', ['netns', 'exec', this.internet, process.execPath, BOOTSTRAP_MAIN, this.bootstrap], {
      stdio: ['ignore', 'pipe', 'pipe']
    })
    this.bootstrapNodes = child
    let err = ''
    child.stderr!.setEncoding('utf8').on('data', (c: string) => (err += c))
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the bootstrap nodes did not start in time: ${err}`)), 60_000)
      let out = ''
      child.stdout!.setEncoding('utf8').on('data', (c: string) => {
        out += c
        if (/^ready$/m.test(out)) {
          clearTimeout(timer)
          resolve()
        }
      })
      child.once('exit', (code) => {
        clearTimeout(timer)
        reject(new Error(`the bootstrap nodes exited with ${code}: ${err}`))
      })
    })
  }

  /** A veth pair from the internet bridge into `ns`; the end in `ns` gets `address`, the bridge end is named …x. */
  private async wire(ns: string, role: string, address: string): Promise<string> {
    const inside = linkName(this.id, role)
    const outside = linkName(this.id, `${role}x`)
    await must('ip', ['link', 'add', inside, 'netns', ns, 'type', 'veth', 'peer', 'name', outside, 'netns', this.internet])
    await must('ip', ['-n', this.internet, 'link', 'set', outside, 'master', linkName(this.id, 'br'), 'up'])
    await must('ip', ['-n', ns, 'addr', 'add', `${address}/${INTERNET_PREFIX}`, 'dev', inside])
    await must('ip', ['-n', ns, 'link', 'set', inside, 'up'])
    return inside
  }

  /**
   * A home router: its LAN (10.N.0.0/24) is NATed onto the internet, easy (port-preserving MASQUERADE) or
   * hard (a new port for every destination), and unsolicited inbound traffic is dropped.
   */
  async router(kind: NatKind): Promise<Router> {
    const n = ++this.routerCount
    const ns = await this.addNamespace(`r${n}`)
    const wan = await this.wire(ns, `w${n}`, routerAddress(n))
    const lan = linkName(this.id, `l${n}`)
    await must('ip', ['-n', ns, 'link', 'add', lan, 'type', 'bridge'])
    await must('ip', ['-n', ns, 'addr', 'add', `10.${n}.0.1/24`, 'dev', lan])
    await must('ip', ['-n', ns, 'link', 'set', lan, 'up'])
    const sh = (cmd: string, args: string[]) => must('ip', ['netns', 'exec', ns, cmd, ...args])
    await sh('sysctl', ['-qw', 'net.ipv4.ip_forward=1'])
    // Count packets per flow, so a test can tell which flows carried the data
    await sh('sysctl', ['-qw', 'net.netfilter.nf_conntrack_acct=1'])
    await sh('iptables', ['-t', 'nat', '-A', 'POSTROUTING', '-o', wan, '-j', 'MASQUERADE', ...(kind === 'hard' ? ['--random-fully'] : [])])
    // A home router answers nothing from outside that it did not ask for, whether addressed to a host behind
    // it or to itself. Dropping in INPUT too matters: an unsolicited packet to the router's own address would
    // otherwise be accepted and leave a conntrack entry that takes the port a punch is about to map.
    for (const chain of ['FORWARD', 'INPUT']) {
      await sh('iptables', ['-A', chain, '-i', wan, '-m', 'conntrack', '--ctstate', 'ESTABLISHED,RELATED', '-j', 'ACCEPT'])
      await sh('iptables', ['-A', chain, '-i', wan, '-j', 'DROP'])
    }
    const router: Router = {
      name: `router ${n} (${kind})`,
      ns,
      kind,
      wan: routerAddress(n),
      flushNat: async () => {
        // conntrack -F exits 1 when the table was already empty on some versions; the table is empty either way
        await run('ip', ['netns', 'exec', ns, 'conntrack', '-F'])
      },
      loseShare: async (share) => {
        const rule = ['FORWARD', '-m', 'statistic', '--mode', 'random', '--probability', String(share), '-j', 'DROP']
        await sh('iptables', ['-I', ...rule])
        return async () => {
          await sh('iptables', ['-D', ...rule])
        }
      },
      flows: async () => parseConntrack(await sh('conntrack', ['-L', '-p', 'udp']))
    }
    this.lans.set(router, { n, hosts: 0 })
    return router
  }

  /** A host in a router's LAN, or directly on the internet with a public address. */
  async host(where: Router | 'internet'): Promise<Host> {
    const n = ++this.hostCount
    if (where === 'internet') {
      const ns = await this.addNamespace(`h${n}`)
      const address = publicAddress(n)
      await this.wire(ns, `h${n}`, address)
      return { name: `host ${n} (internet)`, ns, address, router: null }
    }
    const lan = this.lans.get(where)
    if (!lan) throw new Error(`${where.name} is not a router of this lab`)
    const address = `10.${lan.n}.0.${++lan.hosts + 1}`
    const ns = await this.addNamespace(`h${n}`)
    const inside = linkName(this.id, `h${n}`)
    const outside = linkName(this.id, `h${n}x`)
    await must('ip', ['link', 'add', inside, 'netns', ns, 'type', 'veth', 'peer', 'name', outside, 'netns', where.ns])
    await must('ip', ['-n', where.ns, 'link', 'set', outside, 'master', linkName(this.id, `l${lan.n}`), 'up'])
    await must('ip', ['-n', ns, 'addr', 'add', `${address}/24`, 'dev', inside])
    await must('ip', ['-n', ns, 'link', 'set', inside, 'up'])
    await must('ip', ['-n', ns, 'route', 'add', 'default', 'via', `10.${lan.n}.0.1`])
    return { name: `host ${n} (behind ${where.name})`, ns, address, router: where }
  }

  /** Stops every process in the lab and removes every namespace (and with them every link and rule). */
  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    process.off('exit', this.onExit)
    for (const signal of SIGNALS) process.off(signal, this.onSignal)
    this.bootstrapNodes?.kill('SIGTERM')
    for (const ns of [...this.made].reverse()) await removeNamespace(ns)
    this.made.length = 0
    release(this.id)
  }

  /** On an exit that skipped close(): the same, synchronously, as far as it can go. */
  private removeAllSync(): void {
    if (this.closed) return
    this.closed = true
    removeAllNow(this.made)
    release(this.id)
  }
}

function removeAllNow(made: string[]): void {
  for (const ns of [...made].reverse()) {
    const pids = spawnSync('ip', ['netns', 'pids', ns], { encoding: 'utf8' }).stdout.split('\n').filter((p) => /^\d+$/.test(p))
    if (pids.length > 0) spawnSync('kill', ['-KILL', ...pids])
    spawnSync('ip', ['netns', 'delete', ns])
  }
}
