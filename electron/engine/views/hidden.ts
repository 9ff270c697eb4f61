// Blocking and muting are the person's local choices, not facts of any feed, so the views do not index them:
// reads leave the entries out. A blocked author is hidden everywhere; a muted one only where their statuses
// would come to the person unasked (home, mentions, requests, notifications), and stays visible on their
// profile, in threads and in search.
import type { StatusView } from '../../../shared/api/shapes.js'
import type { FeedKey } from '../../../shared/keys.js'

export interface Hidden {
  /** Blocked identities and feeds. */
  blocked: ReadonlySet<FeedKey>
  /** Muted identities and feeds. */
  muted: ReadonlySet<FeedKey>
}

/** Where a status is being read: which of the two lists apply there. */
export type Place = 'home' | 'mentions' | 'requests' | 'profile' | 'thread' | 'list'

const MUTED_IN: ReadonlySet<Place> = new Set<Place>(['home', 'mentions', 'requests'])

export function noneHidden(): Hidden {
  return { blocked: new Set(), muted: new Set() }
}

export function hiddenFrom(hidden: Hidden, place: Place, view: StatusView): boolean {
  const keys = [view.feed, view.author.key, ...(view.repostedBy ? [view.repostedBy.key] : [])]
  if (keys.some((k) => hidden.blocked.has(k))) return true
  return MUTED_IN.has(place) && keys.some((k) => hidden.muted.has(k))
}
