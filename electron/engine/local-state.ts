// Facts this peer learned about the network that are not in any feed and must survive a restart (a feed
// found forked stays frozen). Views can be rebuilt from the logs; this file cannot, so it is kept small.
import fs from 'node:fs'
import type { FeedKey } from '../../shared/keys.js'

interface StateFile {
  frozen: Record<FeedKey, 'forked'>
}

export class LocalState {
  private state: StateFile

  constructor(private readonly file: string) {
    this.state = load(file)
  }

  frozen(key: FeedKey): 'forked' | null {
    return Object.hasOwn(this.state.frozen, key) ? (this.state.frozen[key] ?? null) : null
  }

  freeze(key: FeedKey, reason: 'forked'): void {
    this.state.frozen[key] = reason
    this.save()
  }

  /** Forgets a freeze the feed's own core does not bear out (replica.ts showsFork). */
  thaw(key: FeedKey): void {
    if (!Object.hasOwn(this.state.frozen, key)) return
    delete this.state.frozen[key]
    this.save()
  }

  private save(): void {
    const tmp = this.file + '.tmp'
    fs.writeFileSync(tmp, JSON.stringify(this.state), { mode: 0o600 })
    fs.renameSync(tmp, this.file)
  }
}

function load(file: string): StateFile {
  try {
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<StateFile>
    const frozen: Record<string, 'forked'> = Object.create(null)
    for (const [k, v] of Object.entries(parsed.frozen ?? {})) if (v === 'forked') frozen[k] = v
    return { frozen }
  } catch {
    // Missing or damaged: start empty. A forked feed is detected again when its peers reconnect.
    return { frozen: Object.create(null) }
  }
}
