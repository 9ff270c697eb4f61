// Domains for handle tests, without the internet: a certificate authority made now with openssl, an HTTPS
// server that serves /.well-known/rstatus.json for any of the domains, and a DNS server (UDP, dns-packet) that
// answers their TXT records and their address. A process trusts the authority through NODE_EXTRA_CA_CERTS and
// asks the DNS server through RSTATUS_DNS, as a person who runs their own resolver would.
import { execFileSync } from 'node:child_process'
import dgram from 'node:dgram'
import fs from 'node:fs'
import https from 'node:https'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import dnsPacket from 'dns-packet'

export interface HandleDomains {
  /** For RSTATUS_DNS: the local DNS server, 127.0.0.1:PORT. */
  dns: string
  /** For NODE_EXTRA_CA_CERTS: the authority that signed the HTTPS server's certificate. */
  caFile: string
  /** Serves `body` at https://<domain>/.well-known/rstatus.json; null: 404. */
  setWellKnown(domain: string, body: string | null): void
  /** The TXT strings of _rstatus.<domain>; null: none. */
  setTxt(domain: string, records: string[] | null): void
  /** How many times each domain's well-known file and TXT record were asked for. */
  asked(domain: string): { wellKnown: number; txt: number }
  close(): Promise<void>
}

/**
 * The HTTPS server listens on port 443, as a domain's web server does, on an address of its own in 127.0.0.0/8
 * so that test runs side by side do not collide (binding 443 needs root, as CI and the lab have).
 */
export async function startHandleDomains(dir: string, domains: string[]): Promise<HandleDomains> {
  const pem = certificates(dir, domains)
  const wellKnown = new Map<string, string>()
  const txt = new Map<string, string[]>()
  const counts = new Map<string, { wellKnown: number; txt: number }>()
  const count = (d: string) => counts.get(d) ?? counts.set(d, { wellKnown: 0, txt: 0 }).get(d)!

  const web = https.createServer({ key: pem.key, cert: pem.cert }, (req, res) => {
    const host = (req.headers.host ?? '').replace(/:\d+$/, '').toLowerCase()
    if (req.url !== '/.well-known/rstatus.json') return void res.writeHead(404).end()
    count(host).wellKnown++
    const body = wellKnown.get(host)
    if (body === undefined) return void res.writeHead(404).end()
    res.writeHead(200, { 'content-type': 'application/json' }).end(body)
  })
  const address = await listenOnFreeLoopback(web)

  const dns = dgram.createSocket('udp4')
  dns.on('message', (msg, from) => {
    let query
    try {
      query = dnsPacket.decode(msg)
    } catch {
      return
    }
    const q = query.questions?.[0]
    if (!q) return
    const name = q.name.toLowerCase()
    const answers: Array<{ type: string; name: string; ttl: number; data: string | string[] }> = []
    if (q.type === 'A' && domains.includes(name)) answers.push({ type: 'A', name: q.name, ttl: 60, data: address })
    if (q.type === 'TXT' && name.startsWith('_rstatus.')) {
      const domain = name.slice('_rstatus.'.length)
      count(domain).txt++
      for (const t of txt.get(domain) ?? []) answers.push({ type: 'TXT', name: q.name, ttl: 60, data: [t] })
    }
    const reply = dnsPacket.encode({
      id: query.id ?? 0,
      type: 'response',
      flags: dnsPacket.AUTHORITATIVE_ANSWER,
      questions: query.questions ?? [],
      answers
    })
    dns.send(reply, from.port, from.address)
  })
  await new Promise<void>((resolve) => dns.bind(0, '127.0.0.1', resolve))

  return {
    dns: `127.0.0.1:${(dns.address() as AddressInfo).port}`,
    caFile: pem.caFile,
    setWellKnown: (d, body) => (body === null ? wellKnown.delete(d) : wellKnown.set(d, body)),
    setTxt: (d, records) => (records === null ? txt.delete(d) : txt.set(d, records)),
    asked: (d) => ({ ...count(d) }),
    async close() {
      dns.close()
      web.closeAllConnections()
      await new Promise((resolve) => web.close(resolve))
    }
  }
}

async function listenOnFreeLoopback(server: https.Server): Promise<string> {
  for (let attempt = 0; ; attempt++) {
    const address = `127.${1 + Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 256)}.${1 + Math.floor(Math.random() * 250)}`
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject)
        server.listen(443, address, () => {
          server.off('error', reject)
          resolve()
        })
      })
      return address
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE' || attempt > 20) throw err
    }
  }
}

function certificates(dir: string, domains: string[]): { key: Buffer; cert: Buffer; caFile: string } {
  fs.mkdirSync(dir, { recursive: true })
  const f = (name: string) => path.join(dir, name)
  const ssl = (...args: string[]) => execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] })
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes']
  ssl('req', '-x509', ...ec, '-keyout', f('ca.key'), '-out', f('ca.pem'), '-days', '2', '-subj', '/CN=rstatus test authority',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign')
  ssl('req', ...ec, '-keyout', f('server.key'), '-out', f('server.csr'), '-subj', '/CN=rstatus test domains')
  fs.writeFileSync(f('server.ext'), `subjectAltName=${domains.map((d) => `DNS:${d}`).join(',')}\nextendedKeyUsage=serverAuth\n`)
  ssl('x509', '-req', '-in', f('server.csr'), '-CA', f('ca.pem'), '-CAkey', f('ca.key'), '-CAcreateserial', '-out', f('server.pem'),
    '-days', '2', '-extfile', f('server.ext'))
  return { key: fs.readFileSync(f('server.key')), cert: fs.readFileSync(f('server.pem')), caFile: f('ca.pem') }
}
