// Questions for a peer process (test/helpers/peer-main.ts) outside the RPC contract.
import type { PeerProcess } from '../test/helpers/peer.js'

/** DHT lookups the peer's engine has made so far. */
export function lookupsOf(peer: PeerProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: unknown) => {
      if (typeof m === 'object' && m !== null && typeof (m as { lookups?: unknown }).lookups === 'number') {
        peer.child.off('message', onMessage)
        resolve((m as { lookups: number }).lookups)
      }
    }
    peer.child.on('message', onMessage)
    peer.child.send({ control: 'lookups' }, (err) => {
      if (err) {
        peer.child.off('message', onMessage)
        reject(err)
      }
    })
  })
}
