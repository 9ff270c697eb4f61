// A reader's copy of another store's core, the two stores replicating over a stream pair in this process:
// for unit tests of code that reads what replication delivers (no swarm, no DHT).
import type Corestore from 'corestore'
import type Hypercore from 'hypercore'

export async function readerCopy(from: Corestore, to: Corestore, key: Buffer): Promise<{ core: Hypercore; disconnect: () => void }> {
  const core = to.get({ key })
  await core.ready()
  const a = from.replicate(true)
  const b = to.replicate(false)
  a.pipe(b).pipe(a)
  await core.update({ wait: true })
  return {
    core,
    disconnect: () => {
      a.destroy()
      b.destroy()
    }
  }
}
