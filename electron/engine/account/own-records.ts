// The records of the user's own feed, block 1 on, decoded with the readers' rules (what export and leave
// walk). Blocks that are missing or break the format are skipped, as the views skip them.
import type Hypercore from 'hypercore'
import type { FeedKey } from '../../../shared/keys.js'
import type { FeedRecord } from '../../../shared/protocol/records.js'
import { decodeBlock } from '../../../shared/protocol/validate.js'

export async function* ownRecords(feed: FeedKey, core: Hypercore): AsyncGenerator<{ seq: number; record: FeedRecord }> {
  for (let seq = 1; seq < core.length; seq++) {
    // A block not held here is skipped, as the views skip it.
    const block = await core.get(seq, { wait: false }).catch(() => null)
    if (!block) continue
    const decoded = decodeBlock(block, { feed, seq })
    if (decoded.ok && decoded.record) yield { seq, record: decoded.record }
  }
}
