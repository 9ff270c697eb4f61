// An author's data folder for the lab figures, written offline before the lab starts: a named profile and
// `count` statuses, newest last. The LabPeer that serves it is a plain `rstatus serve`.
import { Engine } from '../electron/engine/engine.js'

export interface AuthorStore {
  key: string
  /** Blocks in the feed (header, profile, statuses). */
  length: number
  /** The text of the newest status, which a follower's timeline shows first. */
  newest: string
}

export async function buildAuthorStore(dataDir: string, count: number): Promise<AuthorStore> {
  const engine = new Engine({ dataDir })
  await engine.ready()
  try {
    await engine.writer.append({ type: 'profile', name: 'Lab author', bio: 'posts a lot' })
    // Queued together, waited on once: the writer serialises them, and the views catch up at the end.
    const appends = Array.from({ length: count }, (_, i) => engine.writer.append({ type: 'status', text: `lab status ${i + 1} of ${count}` }))
    const last = await Promise.all(appends)
    await engine.writer.settled()
    return { key: engine.key, length: last.at(-1)!.seq + 1, newest: `lab status ${count} of ${count}` }
  } finally {
    await engine.close()
  }
}
