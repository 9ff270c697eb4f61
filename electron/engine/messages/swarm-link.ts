// Messages on the swarm: joins each conversation's topic (server and client), where its members' devices
// meet, and opens the `rstatus/dm/1` channel (channel.ts) on every connection, beside the inbox channel and
// replication. The inbox topics where sealed items wait for people are the inbox's (inbox.ts), which joins
// them for messages' outbox targets as for its own.
import Protomux from 'protomux'
import type Hyperswarm from 'hyperswarm'
import type { Network } from '../replication/network.js'
import { attachItemChannel } from './channel.js'
import { coreDiscoveryKey } from './crypto.js'
import type { Messages } from './messages.js'

export class MessagesLink {
  private network: Network | null = null
  private readonly joined = new Map<string, Buffer>()
  private readonly channels = new Set<() => void>()
  private closed = false

  constructor(
    private readonly messages: Messages,
    private readonly onError: (err: unknown) => void
  ) {}

  online(network: Network): void {
    if (this.closed) return
    this.network = network
    network.swarm.on('connection', (conn: Hyperswarm.Connection) => this.attach(conn))
    for (const conn of network.swarm.connections) this.attach(conn)
    void this.refreshTopics()
  }

  /** Joins the topics of the conversations held now, and leaves those of conversations gone. */
  async refreshTopics(): Promise<void> {
    const network = this.network
    if (!network || this.closed) return
    const wanted = new Map<string, { topic: Buffer; server: boolean }>(this.messages.topics().map((t) => [t.toString('hex'), { topic: t, server: true }]))
    // Members' devices meet on the conversation's topic; a mirror announces the cores it keeps on their own
    // discovery keys, so look those up too, to read a member's core while every device of theirs is away.
    for (const key of this.messages.cores().others) {
      const topic = coreDiscoveryKey(key)
      wanted.set(topic.toString('hex'), { topic, server: false })
    }
    for (const [hex, { topic, server }] of wanted) {
      if (this.joined.has(hex)) continue
      this.joined.set(hex, topic)
      network.join(topic, { server })
    }
    for (const [hex, topic] of [...this.joined]) {
      if (wanted.has(hex)) continue
      this.joined.delete(hex)
      await network.leave(topic)
    }
  }

  close(): void {
    this.closed = true
    for (const detach of this.channels) detach()
    this.channels.clear()
  }

  private attach(conn: Hyperswarm.Connection): void {
    if (this.closed) return
    const stream = conn as Hyperswarm.Connection & { userData?: unknown }
    const mux = Protomux.isProtomux(stream.userData) ? stream.userData : Protomux.from(conn)
    if (!stream.userData) stream.userData = mux
    const detach = attachItemChannel(mux as Protomux, this.messages, { onError: this.onError })
    this.channels.add(detach)
    conn.once('close', () => {
      detach()
      this.channels.delete(detach)
    })
  }
}
