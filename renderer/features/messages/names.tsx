// Who is in a conversation, by the names this peer knows (a key's first characters otherwise).
import type { FeedKey } from '../../../shared/keys.js'
import { shortKey } from '../../../shared/keys.js'
import { useProfile } from '../../api/queries.js'

export function PersonName({ feed }: { feed: FeedKey }) {
  const name = useProfile(feed).data?.name
  return <>{name ?? shortKey(feed)}</>
}

/** The other members, by name, separated by commas. */
export function MemberNames({ members, me }: { members: FeedKey[]; me: FeedKey }) {
  const others = members.filter((m) => m !== me)
  if (others.length === 0) return <>Only you</>
  return (
    <>
      {others.map((m, i) => (
        <span key={m}>{i > 0 && ', '}<PersonName feed={m} /></span>
      ))}
    </>
  )
}
