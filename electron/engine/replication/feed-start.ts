// When a feed began, for the doors that show an account's age (the Twitter subset's user.created_at).
import type Corestore from 'corestore'
import ids from 'hypercore-id-encoding'
import type { FeedKey } from '../../../shared/keys.js'

/** The createdAt of a feed's first record (block 1, after the header), if this peer holds that block. */
export async function feedStartedAt(store: Corestore, key: FeedKey): Promise<number | undefined> {
  // never creates a core for a feed this peer does not hold
  const core = store.get({ key: ids.decode(key), createIfMissing: false })
  try {
    await core.ready()
    const block = core.length > 1 ? await core.get(1, { wait: false }) : null
    const record = block ? (JSON.parse(block.toString('utf8')) as { createdAt?: unknown }) : null
    return typeof record?.createdAt === 'number' && Number.isSafeInteger(record.createdAt) ? record.createdAt : undefined
  } catch {
    // not held here, or a block that is not JSON: nothing says when the feed began
    return undefined
  } finally {
    await core.close().catch(() => {
      // a session that never opened has nothing to close
    })
  }
}
