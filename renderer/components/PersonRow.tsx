// A person in a list (followers, search results): avatar, name, verified handle or short key, linking to their profile.
import type { ImageAttachment } from '../../shared/protocol/records.js'
import { shortKey } from '../../shared/keys.js'
import { href } from '../navigation/routes.js'
import { Avatar } from './Avatar.js'
import { HandleMark } from './HandleMark.js'

export function PersonRow({ feed, name, bio, avatar, handle, handleVerified }: {
  feed: string; name: string | null; bio?: string; avatar?: ImageAttachment | undefined
  /** Their claimed handle, shown in place of the key once verified. */
  handle?: string | undefined; handleVerified?: true | undefined
}) {
  return (
    <a className="person" href={href.profile(feed)}>
      <Avatar feed={feed} name={name} image={avatar} />
      <span className="person-text">
        <span className="person-name">{name ?? 'Unnamed'}</span>
        {handleVerified ? <HandleMark person={{ handle, handleVerified }} /> : <span className="person-key">{shortKey(feed)}</span>}
        {bio && <span className="person-bio">{bio}</span>}
      </span>
    </a>
  )
}
