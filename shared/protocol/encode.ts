// Writing blocks: the one place a record becomes bytes.
import { PROTOCOL_NAME, PROTOCOL_VERSION } from './limits.js'
import type { FeedRecord, HeaderRecord } from './records.js'

export function headerRecord(): HeaderRecord {
  return { type: 'header', protocol: PROTOCOL_NAME, version: PROTOCOL_VERSION }
}

export function encodeRecord(record: FeedRecord): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(record))
}
