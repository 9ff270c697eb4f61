// The lab's DHT bootstrap nodes, run inside the internet namespace: one process, one node per address in
// the HOST:PORT,… list given, each bootstrapping from the others. Prints "ready" once all are up; SIGTERM
// ends them.
import HyperDHT from 'hyperdht'

const nodes = (process.argv[2] ?? '').split(',').map((hp) => {
  const [host, port] = hp.split(':')
  return { host: host as string, port: Number(port) }
})

const dhts = nodes.map((self) =>
  HyperDHT.bootstrapper(self.port, self.host, {
    host: self.host,
    bootstrap: nodes.filter((n) => n !== self).map((n) => `${n.host}:${n.port}`)
  })
)
await Promise.all(dhts.map((d) => d.ready()))
process.stdout.write('ready\n')

process.once('SIGTERM', () => {
  void Promise.all(dhts.map((d) => d.destroy())).finally(() => process.exit(0))
})
