// The mirror's swarm: a Hyperswarm that keeps every connection a peer opens to it. A person's peer reaches its
// mirror on up to three connections with the same key at once: blind-peering's (asking it to keep cores), its
// swarm's (the mailbox channels, found on a topic), and a relayed pairing's. Stock Hyperswarm keeps one
// connection per key and ends the established one when another arrives; each side then dials again and ends
// the other's, so a request on either rarely lives long enough to be answered. A mirror is a server for the
// peers that reach it, so it keeps them all, each to the end of its own life.
import Hyperswarm from 'hyperswarm'

interface SwarmInternals {
  _allConnections: { get(key: Buffer): Hyperswarm.Connection | undefined }
  _handleServerConnection(conn: Hyperswarm.Connection): void
}

export class MirrorSwarm extends Hyperswarm {
  /** Further connections from a key already connected: Hyperswarm's own bookkeeping holds one per key. */
  private readonly extra = new Set<Hyperswarm.Connection>()

  // Hyperswarm binds this method as its DHT server's connection handler in its constructor.
  _handleServerConnection(conn: Hyperswarm.Connection): void {
    const own = Hyperswarm.prototype as unknown as SwarmInternals
    const self = this as unknown as SwarmInternals
    if (this.destroyed || !self._allConnections.get(conn.remotePublicKey)) return own._handleServerConnection.call(this, conn)
    this.extra.add(conn)
    this.connections.add(conn)
    conn.on('error', () => {})
    conn.once('close', () => {
      this.extra.delete(conn)
      this.connections.delete(conn)
    })
    this.emit('connection', conn, { publicKey: conn.remotePublicKey, topics: [], client: false })
  }

  override async destroy(opts?: { force?: boolean }): Promise<void> {
    for (const conn of this.extra) conn.destroy()
    await super.destroy(opts)
  }
}
