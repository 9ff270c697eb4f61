// The `rstatus/dm/1` protomux channel (docs/PROTOCOL.md "Invitations and hand-overs"): on every connection,
// each side says which keys it reads sealed items for (`ask`), and the other sends the items it holds for
// them (`items`), then each new one as it is made. A side that is given a key asks again, since it skipped
// what it could not open. It runs beside `rstatus/inbox/1` on the same connections, found on the same inbox
// topics; a mirror can speak it to keep and forward items it cannot open. Items travel encoded: each is
// decoded, and counted if bad, on its own. A message that breaks the framing itself makes protomux close the
// connection, as it does for every protocol.
import Protomux from 'protomux'
import ids from 'hypercore-id-encoding'
import type { FeedKey } from '../../../shared/keys.js'
import { askEncoding, itemsEncoding, MAX_ITEMS_PER_MESSAGE } from './wire.js'

export const DM_PROTOCOL = 'rstatus/dm/1'

/** An encoded item and the key it is for. */
export interface OutgoingItem {
  to: FeedKey
  item: Buffer
}

/** What the channel needs from this peer: the keys it reads for, what it holds for others, and where items go. */
export interface ItemExchange {
  readKeys(): FeedKey[]
  itemsFor(keys: FeedKey[]): Buffer[]
  receiveItems(items: Uint8Array[]): Promise<void>
  on(event: 'items', listener: (items: OutgoingItem[]) => void): unknown
  off(event: 'items', listener: (items: OutgoingItem[]) => void): unknown
  /**
   * Calls `listener` when this peer can open items it could not open before (it was given a key): the
   * channel asks again, so the other side sends again what was skipped. Returns a way to stop.
   */
  onNewKeys?(listener: () => void): () => void
}

/**
 * Opens the channel on a connection's protomux (a Hyperswarm connection's, or a replication stream's) and
 * returns a way to close it. Items that fail to decode end the message, never the connection.
 */
export function attachItemChannel(mux: Protomux, exchange: ItemExchange, opts: { onError?: (err: unknown) => void } = {}): () => void {
  let asked: FeedKey[] = []
  const send = (items: Buffer[]) => {
    for (let i = 0; i < items.length; i += MAX_ITEMS_PER_MESSAGE) channel?.messages[1]!.send(items.slice(i, i + MAX_ITEMS_PER_MESSAGE))
  }
  let stopNewKeys: (() => void) | null = null
  const ask = () => channel?.messages[0]!.send(exchange.readKeys().map((k) => ids.decode(k)))
  const onItems = (items: OutgoingItem[]) => {
    const wanted = items.filter((i) => asked.includes(i.to)).map((i) => i.item)
    if (wanted.length > 0) send(wanted)
  }
  const channel = mux.createChannel({
    protocol: DM_PROTOCOL,
    messages: [
      {
        encoding: askEncoding,
        onmessage: (keys: Buffer[]) => {
          asked = keys.map((k) => ids.encode(k))
          send(exchange.itemsFor(asked))
        }
      },
      {
        encoding: itemsEncoding,
        onmessage: (items: Buffer[]) => void exchange.receiveItems(items).catch((err) => opts.onError?.(err))
      }
    ],
    onopen: () => {
      ask()
      exchange.on('items', onItems)
      stopNewKeys = exchange.onNewKeys?.(ask) ?? null
    },
    onclose: () => {
      exchange.off('items', onItems)
      stopNewKeys?.()
    }
  })
  if (!channel) return () => {}
  channel.open()
  return () => {
    exchange.off('items', onItems)
    stopNewKeys?.()
    channel.close()
  }
}
