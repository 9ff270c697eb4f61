// Block and mute: the person's own lists, kept on this device only (never in the public feed). A block stops
// replicating and re-serving a feed and hides it everywhere; a mute only hides it where it would come unasked.
// Both name a key as the person gave it; the engine applies them to an identity and all its devices.
import path from 'node:path'
import type { FeedKey } from '../../../shared/keys.js'
import { readJsonFile, stringsOf, writeJsonFile } from '../../platform/json-file.js'

export class ModerationList {
  private readonly file: string
  private readonly blockedKeys: Set<FeedKey>
  private readonly mutedKeys: Set<FeedKey>

  constructor(dataDir: string) {
    this.file = path.join(dataDir, 'moderation.json')
    const saved = readJsonFile(this.file)
    this.blockedKeys = new Set(stringsOf(saved, 'blocked'))
    this.mutedKeys = new Set(stringsOf(saved, 'muted'))
  }

  get blocked(): FeedKey[] {
    return [...this.blockedKeys]
  }

  get muted(): FeedKey[] {
    return [...this.mutedKeys]
  }

  set(list: 'blocked' | 'muted', key: FeedKey, on: boolean): boolean {
    const keys = list === 'blocked' ? this.blockedKeys : this.mutedKeys
    if (keys.has(key) === on) return false
    if (on) keys.add(key)
    else keys.delete(key)
    writeJsonFile(this.file, { blocked: this.blocked, muted: this.muted })
    return true
  }
}
