// Online or offline, how many peers, and a router that blocks direct connections: always visible in the side bar.
import { useSyncState } from '../../api/queries.js'
import { href } from '../../navigation/routes.js'
import { reachTag } from './connection-words.js'

export function NetworkIndicator() {
  const sync = useSyncState().data
  const online = sync?.online ?? false
  const tag = online ? reachTag(sync?.reach) : null
  const label =
    sync === undefined ? 'Connecting…' : online ? `Online · ${sync.peers} ${sync.peers === 1 ? 'peer' : 'peers'}${tag ? ` · ${tag}` : ''}` : 'Offline'
  return (
    <a className={online ? 'net online' : 'net offline'} href={href.sync()} aria-label={`Network: ${label}. Open sync details`}>
      <span className="net-dot" aria-hidden="true" />
      <span>{label}</span>
    </a>
  )
}
