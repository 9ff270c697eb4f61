// A person in a list (followers, search results): avatar, name, short key, linking to their profile.
import type { ImageAttachment } from '../../shared/protocol/records.js'
import { shortKey } from '../../shared/keys.js'
import { href } from '../navigation/routes.js'
import { Avatar } from './Avatar.js'

export function PersonRow({ feed, name, bio, avatar }: { feed: string; name: string | null; bio?: string; avatar?: ImageAttachment | undefined }) {
  return (
    <a className="person" href={href.profile(feed)}>
      <Avatar feed={feed} name={name} image={avatar} />
      <span className="person-text">
        <span className="person-name">{name ?? 'Unnamed'}</span>
        <span className="person-key">{shortKey(feed)}</span>
        {bio && <span className="person-bio">{bio}</span>}
      </span>
    </a>
  )
}
