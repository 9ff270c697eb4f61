// Mastodon's streaming API over WebSocket (GET /api/v1/streaming): the `user` stream (new statuses in the
// home timeline, and notifications) and `hashtag` streams, fed by the engine's events. The engine says only
// that statuses or notifications changed, so each stream reads the newest few of its source and sends what
// it has not sent before (or held before it was subscribed): a status is streamed once, when it first shows.
import type http from 'node:http'
import type { Duplex } from 'node:stream'
import { WebSocketServer, type WebSocket } from 'ws'
import { keepAlive } from '../heartbeat.js'
import type { Page, StatusView } from '../../../shared/api/shapes.js'
import { normalizeTag } from '../../../shared/protocol/text.js'
import type { AppGrant } from '../../engine/tokens/app-tokens.js'
import { entryRef } from '../twitter-api/timeline.js'
import { notificationRef } from './entities.js'
import type { Door } from './router.js'

/** How many of a source's newest entries each event looks at. */
const LOOK_AT = 40
const MAX_SEEN = 2000
const MAX_PAYLOAD = 64 * 1024
const MAX_SUBSCRIPTIONS = 20

interface Client {
  ws: WebSocket
  grant: AppGrant
  origin: string
  streams: Set<string>
}

/** What one stream sends from: a timeline (`read`), or the notifications; and what it has sent. */
interface Source {
  name: string
  read: (() => Promise<Page<StatusView>>) | null
  seen: Set<string>
  /** Entries placed before this (ms) were there before anyone subscribed: never sent. */
  since: number
  /** The entries of the last read, newest first: one missing from the next read was deleted. */
  last: Array<{ uri: string; time: number }>
  queue: Promise<void>
}

export class Streaming {
  private readonly wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_PAYLOAD,
    // A browser names the token as the protocol; it must hear its protocol back, or it closes.
    handleProtocols: (protocols) => protocols.values().next().value ?? false
  })
  private readonly clients = new Set<Client>()
  private readonly sources = new Map<string, Source>()
  private readonly offs: Array<() => void> = []

  constructor(private readonly door: Door) {}

  upgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer, url: URL, grant: AppGrant): void {
    this.wss.handleUpgrade(req, socket, head, (ws) => this.attach(ws, grant, url))
  }

  /** Hangs up on every socket opened with a revoked token. */
  revoked(name: string): void {
    for (const c of this.clients) if (c.grant.name === name) c.ws.terminate()
  }

  close(): void {
    for (const off of this.offs.splice(0)) off()
    for (const c of this.clients) c.ws.terminate()
    this.wss.close()
  }

  private attach(ws: WebSocket, grant: AppGrant, url: URL): void {
    const client: Client = { ws, grant, origin: url.origin, streams: new Set() }
    this.clients.add(client)
    this.listen()
    keepAlive(ws)
    ws.on('close', () => {
      this.clients.delete(client)
    })
    ws.on('message', (data) => this.onMessage(client, String(data)))
    const stream = url.searchParams.get('stream')
    if (stream) this.subscribe(client, stream, url.searchParams.get('tag'))
  }

  private onMessage(client: Client, text: string): void {
    let msg: { type?: unknown; stream?: unknown; tag?: unknown }
    try {
      msg = JSON.parse(text) as typeof msg
    } catch {
      return this.send(client, { error: 'Could not parse the message as JSON' })
    }
    if (typeof msg !== 'object' || msg === null || typeof msg.stream !== 'string') return this.send(client, { error: 'A message needs type and stream' })
    const tag = typeof msg.tag === 'string' ? msg.tag : null
    if (msg.type === 'subscribe') this.subscribe(client, msg.stream, tag)
    else if (msg.type === 'unsubscribe') client.streams.delete(streamKey(msg.stream, tag) ?? '')
    else this.send(client, { error: 'Unknown type: use subscribe or unsubscribe' })
  }

  private subscribe(client: Client, stream: string, tag: string | null): void {
    const key = streamKey(stream, tag)
    if (key === null) return this.send(client, { error: 'Unknown stream: rstatus streams user and hashtag' })
    if (client.streams.size >= MAX_SUBSCRIPTIONS) return this.send(client, { error: 'Too many streams on one connection' })
    client.streams.add(key)
    const now = Date.now()
    if (key === 'user') {
      this.source('user', () => this.door.api.call('timeline', { limit: LOOK_AT }), now)
      this.source('notifications', null, now)
    } else {
      const t = key.slice('hashtag:'.length)
      this.source(key, () => this.door.api.call('hashtag', { tag: t, limit: LOOK_AT }), now)
    }
  }

  private source(name: string, read: Source['read'], since: number): void {
    if (this.sources.has(name)) return
    const source: Source = { name, read, seen: new Set(), since, last: [], queue: Promise.resolve() }
    this.sources.set(name, source)
    this.pump(source)
  }

  private listen(): void {
    if (this.offs.length > 0) return
    this.offs.push(
      this.door.api.on('statuses', () => {
        for (const s of this.sources.values()) if (s.read) this.pump(s)
      }),
      this.door.api.on('notifications', () => {
        const s = this.sources.get('notifications')
        if (s) this.pump(s)
      })
    )
  }

  private pump(source: Source): void {
    source.queue = source.queue
      .then(() => (source.read ? this.pumpStatuses(source, source.read) : this.pumpNotifications(source)))
      .catch((err) => this.door.log(`rstatus: a Mastodon stream could not read ${source.name}: ${(err as Error)?.message ?? String(err)}`))
  }

  private async pumpStatuses(source: Source, read: NonNullable<Source['read']>): Promise<void> {
    const listeners = [...this.clients].filter((c) => c.streams.has(source.name))
    const page = await read()
    const refs = page.items.map((s) => entryRef(s))
    const gone = removed(source.last, refs, page.items.length < LOOK_AT)
    source.last = refs
    const fresh = page.items.map((s, i) => ({ s, ref: refs[i]! })).filter(({ ref }) => this.firstTime(source, ref.uri, ref.time))
    if (listeners.length === 0) return
    const stream = source.name === 'user' ? ['user'] : ['hashtag', source.name.slice('hashtag:'.length)]
    // Mastodon's delete carries the bare id, not JSON.
    for (const uri of gone) {
      const id = await this.door.ids.knownStatusId(uri)
      if (id !== null) for (const c of listeners) this.send(c, { stream, event: 'delete', payload: String(id) })
    }
    if (fresh.length === 0) return
    const ids = await this.door.ids.statusIds(fresh.map((f) => f.ref))
    // Oldest first, as they happened.
    for (let i = fresh.length - 1; i >= 0; i--) {
      const entry = { status: fresh[i]!.s, id: ids[i] as number }
      for (const [origin, clients] of byOrigin(listeners)) {
        const status = await this.door.builder(new URL(origin)).entry(entry)
        for (const c of clients) this.send(c, { stream, event: 'update', payload: JSON.stringify(status) })
      }
    }
  }

  private async pumpNotifications(source: Source): Promise<void> {
    const listeners = [...this.clients].filter((c) => c.streams.has('user'))
    const page = await this.door.api.call('notifications', { limit: LOOK_AT })
    const fresh = page.items.filter((n) => this.firstTime(source, n.id, n.createdAt))
    if (fresh.length === 0 || listeners.length === 0) return
    const ids = await this.door.ids.statusIds(fresh.map(notificationRef))
    for (let i = fresh.length - 1; i >= 0; i--) {
      for (const [origin, clients] of byOrigin(listeners)) {
        const n = await this.door.builder(new URL(origin)).notification(fresh[i]!, String(ids[i]))
        for (const c of clients) this.send(c, { stream: ['user'], event: 'notification', payload: JSON.stringify(n) })
      }
    }
  }

  /** True the first time an entry shows, unless it was placed before the stream began. */
  private firstTime(source: Source, id: string, time: number): boolean {
    if (source.seen.has(id)) return false
    source.seen.add(id)
    if (source.seen.size > MAX_SEEN) source.seen.delete(source.seen.values().next().value as string)
    return time >= source.since
  }

  private send(client: Client, message: unknown): void {
    if (client.ws.readyState === client.ws.OPEN) client.ws.send(JSON.stringify(message))
  }
}

/**
 * The entries of the last read that are not in this one although they would still fit in it: deleted (or
 * hidden by a block or mute). `whole`: this read holds the whole source, so anything missing is gone.
 */
export function removed(last: ReadonlyArray<{ uri: string; time: number }>, now: ReadonlyArray<{ uri: string; time: number }>, whole: boolean): string[] {
  const present = new Set(now.map((r) => r.uri))
  const oldest = now.at(-1)?.time ?? -Infinity
  return last.filter((r) => !present.has(r.uri) && (whole || r.time > oldest)).map((r) => r.uri)
}

/** The stream's key: "user", or "hashtag:<tag>"; null for a stream rstatus does not have. */
export function streamKey(stream: string, tag: string | null): string | null {
  if (stream === 'user') return 'user'
  if ((stream === 'hashtag' || stream === 'hashtag:local') && tag && tag.trim() !== '') return `hashtag:${normalizeTag(tag.trim()).slice(0, 100)}`
  return null
}

function byOrigin(clients: Client[]): Map<string, Client[]> {
  const out = new Map<string, Client[]>()
  for (const c of clients) out.set(c.origin, [...(out.get(c.origin) ?? []), c])
  return out
}
