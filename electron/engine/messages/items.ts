// Sealed inbox items (docs/PROTOCOL.md "Invitations and hand-overs"): an invitation to a conversation, sealed
// to a member's identity box key, or the identity's messaging seeds, sealed to one of its devices. Whoever
// carries an item (a peer, a mirror) sees whom it is for, when, and its size; nothing else.
import { openSealed, seal, type KeyPair } from './crypto.js'
import { decodeItemPayload, encodeItemPayload, type Item, type ItemPayload } from './wire.js'

export type OpenedItem = { ok: true; payload: ItemPayload } | { ok: false; reason: 'undecryptable' | 'malformed' | 'oversized' }

export function sealItem(to: Buffer, box: Buffer, payload: ItemPayload): Item {
  return { to, sealed: seal(encodeItemPayload(payload), box) }
}

/** Opens an item with the first of `pairs` it was sealed to. */
export function openItem(item: Item, pairs: KeyPair[]): OpenedItem {
  for (const pair of pairs) {
    const plain = openSealed(item.sealed, pair)
    if (plain === null) continue
    const decoded = decodeItemPayload(plain)
    return decoded.ok ? { ok: true, payload: decoded.value } : decoded
  }
  return { ok: false, reason: 'undecryptable' }
}
