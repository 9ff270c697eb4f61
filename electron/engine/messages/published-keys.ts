// The two public records that messaging adds to feeds (docs/PROTOCOL.md "Messages", "Keys"): an identity's
// messaging key, in the identity feed, and a device's box key, in the device's own feed. Readers that do not
// know them skip them as unknown types. Like the feed decoder, these copy known fields only and answer null
// for anything malformed.
import ids from 'hypercore-id-encoding'
import type { IdentityKeys } from './crypto.js'

export const MESSAGING_KEY_TYPE = 'messaging-key'
export const DEVICE_BOX_KEY_TYPE = 'device-box-key'

export interface PublishedMessagingKey {
  generation: number
  /** Ed25519: verifies the bindings of the identity's conversation cores. */
  sign: Buffer
  /** X25519: conversation keys and invitations are sealed to it. */
  box: Buffer
}

export interface MessagingKeyRecord {
  type: typeof MESSAGING_KEY_TYPE
  sign: string
  box: string
  generation: number
  createdAt: number
}

export interface DeviceBoxKeyRecord {
  type: typeof DEVICE_BOX_KEY_TYPE
  box: string
  createdAt: number
}

export function messagingKeyRecord(keys: IdentityKeys, createdAt: number): MessagingKeyRecord {
  return { type: MESSAGING_KEY_TYPE, sign: ids.encode(keys.sign.publicKey), box: ids.encode(keys.box.publicKey), generation: keys.generation, createdAt }
}

export function deviceBoxKeyRecord(box: Buffer, createdAt: number): DeviceBoxKeyRecord {
  return { type: DEVICE_BOX_KEY_TYPE, box: ids.encode(box), createdAt }
}

export function parseMessagingKeyRecord(value: unknown): PublishedMessagingKey | null {
  if (!isRecord(value, MESSAGING_KEY_TYPE)) return null
  const { generation } = value
  const sign = keyBytes(value.sign)
  const box = keyBytes(value.box)
  if (!sign || !box || typeof generation !== 'number' || !Number.isSafeInteger(generation) || generation < 0) return null
  return { generation, sign, box }
}

export function parseDeviceBoxKeyRecord(value: unknown): Buffer | null {
  return isRecord(value, DEVICE_BOX_KEY_TYPE) ? keyBytes(value.box) : null
}

/**
 * An identity's messaging keys from its feed's records in block order: each record counts only if its
 * generation is higher than every earlier one, so a key once published is never replaced by another of the
 * same generation. Oldest first; the last is current.
 */
export function messagingKeysOf(records: Iterable<unknown>): PublishedMessagingKey[] {
  const out: PublishedMessagingKey[] = []
  for (const record of records) {
    const key = parseMessagingKeyRecord(record)
    if (key && (out.length === 0 || key.generation > out[out.length - 1]!.generation)) out.push(key)
  }
  return out
}

/** The latest valid device box key among a feed's records in block order. */
export function deviceBoxKeyOf(records: Iterable<unknown>): Buffer | null {
  let latest: Buffer | null = null
  for (const record of records) latest = parseDeviceBoxKeyRecord(record) ?? latest
  return latest
}

function isRecord(value: unknown, type: string): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && (value as { type?: unknown }).type === type && Number.isSafeInteger((value as { createdAt?: unknown }).createdAt)
}

const Z32 = /^[ybndrfg8ejkmcpqxot1uwisza345h769]{52}$/

/** A 32-byte key written as canonical z-base-32, as every key in a feed is. */
function keyBytes(value: unknown): Buffer | null {
  if (typeof value !== 'string' || !Z32.test(value)) return null
  try {
    const bytes = ids.decode(value)
    return ids.encode(bytes) === value ? bytes : null
  } catch {
    return null
  }
}
