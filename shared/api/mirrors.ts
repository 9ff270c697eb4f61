// The contract's mirrors: always-on blind peers a person asks to keep their feed, images and linked devices'
// feeds (docs/NETWORK.md). Managing them is for the person only.
import type { FeedKey } from '../keys.js'
import { method } from './method.js'
import { key } from './params.js'
import { object } from './schema.js'

export interface MirrorState {
  /** The mirror's key, z-base-32. */
  key: FeedKey
  /** This peer has a connection to it now. */
  reachable: boolean
  /** Blocks of the kept cores (feed, images, linked devices' feeds) the mirror holds, from the first on. */
  held: number
  /** Blocks of the kept cores it does not hold yet; 0 means it holds everything. */
  behind: number
}

export interface MirrorRemoved {
  key: FeedKey
  /** It was in the list (and is not any more). */
  listed: boolean
  /** The mirror answered that it deleted what it held of these cores. */
  deleted: boolean
  /** Why it did not, in words. */
  reason?: string
}

export const mirrors = {
  mirrors: method<MirrorState[]>()(object({}), { scope: 'person' }),
  mirrorAdd: method<MirrorState[]>()(object({ key }), { scope: 'person', invalidates: ['mirrors'] }),
  mirrorRemove: method<MirrorRemoved>()(object({ key }), { scope: 'person', invalidates: ['mirrors'] })
} as const
