// Facts this peer learned about the network that are not in any feed and must survive a restart (a feed
// found forked stays frozen). Views can be rebuilt from the logs; this file cannot, so it is kept small.
import fs from 'node:fs'
import type { FeedKey } from '../../../shared/keys.js'
import { writeFileAtomic } from '../../platform/atomic-file.js'

/** What showed the fork: Hypercore's conflict event (two signed histories) or a truncation by the author. */
export type ForkEvidence = 'conflict' | 'truncate'

interface StateFile {
  frozen: Record<FeedKey, 'forked'>
  /**
   * Why each freeze was made. A freeze without it was written before this was recorded, when a store closing
   * under a replica also counted as a fork; such a freeze is checked again (see the engine).
   */
  evidence: Record<FeedKey, ForkEvidence>
}

export class LocalState {
  private state: StateFile

  constructor(private readonly file: string) {
    this.state = load(file)
  }

  frozen(key: FeedKey): 'forked' | null {
    return Object.hasOwn(this.state.frozen, key) ? (this.state.frozen[key] ?? null) : null
  }

  /** What showed the fork of a frozen feed; null for a freeze from before that was recorded. */
  evidence(key: FeedKey): ForkEvidence | null {
    return Object.hasOwn(this.state.evidence, key) ? (this.state.evidence[key] ?? null) : null
  }

  freeze(key: FeedKey, reason: 'forked', evidence: ForkEvidence): void {
    this.state.frozen[key] = reason
    this.state.evidence[key] = evidence
    this.save()
  }

  thaw(key: FeedKey): void {
    if (!Object.hasOwn(this.state.frozen, key)) return
    delete this.state.frozen[key]
    delete this.state.evidence[key]
    this.save()
  }

  private save(): void {
    writeFileAtomic(this.file, JSON.stringify(this.state))
  }
}

function load(file: string): StateFile {
  try {
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<Record<keyof StateFile, Record<string, unknown>>>
    const frozen: Record<string, 'forked'> = Object.create(null)
    const evidence: Record<string, ForkEvidence> = Object.create(null)
    for (const [k, v] of Object.entries(parsed.frozen ?? {})) if (v === 'forked') frozen[k] = v
    for (const [k, v] of Object.entries(parsed.evidence ?? {})) if (v === 'conflict' || v === 'truncate') evidence[k] = v
    return { frozen, evidence }
  } catch {
    // Missing or damaged: start empty. A forked feed is detected again when its peers reconnect.
    return { frozen: Object.create(null), evidence: Object.create(null) }
  }
}
