// A block or a mute names an identity, and covers every feed of it: the devices it lists and the members
// of its device group. Read from the views alone, so a cold start can hide them before the cores are open.
import type { FeedKey } from '../../../shared/keys.js'
import type { ViewStore } from '../views/worker.js'

export type DeviceReader = Pick<ViewStore, 'listedDevices' | 'members'>

export async function withDevices(views: DeviceReader, keys: FeedKey[]): Promise<Set<FeedKey>> {
  const out = new Set<FeedKey>()
  for (const key of keys) {
    out.add(key)
    for (const d of await views.listedDevices(key)) out.add(d.key)
    for (const m of await views.members(key)) out.add(m)
  }
  return out
}
