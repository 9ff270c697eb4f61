// How this peer and each feed are connected, in plain words: the Sync page and the network indicator say the
// same thing.
import type { FeedConnection, Reach } from '../../../shared/api/follows.js'

/** One line about where this peer sits, or null when there is nothing to warn about or nothing known. */
export function reachNote(reach: Reach | undefined): string | null {
  switch (reach) {
    case 'hard-nat':
      return 'Your router blocks direct connections: people behind similar routers are reached only through a relay'
    case 'nat':
      return 'Behind a router: others reach you by holepunching through it'
    case 'open':
      return 'Directly reachable from the internet'
    default:
      return null
  }
}

/** A short tag for the side bar, only when the router gets in the way. */
export function reachTag(reach: Reach | undefined): string | null {
  return reach === 'hard-nat' ? 'strict router' : null
}

export function connectionWords(connection: FeedConnection | undefined): string | null {
  switch (connection) {
    case 'direct':
      return 'Connected directly'
    case 'relayed':
      return 'Connected through a relay'
    case 'none':
      return 'Not connected'
    default:
      return null
  }
}
