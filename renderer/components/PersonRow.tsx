// A person in a list (followers, search results): avatar, name, short key, linking to their profile.
import { shortKey } from '../../shared/keys.js'
import { href } from '../navigation/routes.js'
import { Avatar } from './Avatar.js'

export function PersonRow({ feed, name, bio }: { feed: string; name: string | null; bio?: string }) {
  return (
    <a className="person" href={href.profile(feed)}>
      <Avatar feed={feed} name={name} />
      <span className="person-text">
        <span className="person-name">{name ?? 'Unnamed'}</span>
        <span className="person-key">{shortKey(feed)}</span>
        {bio && <span className="person-bio">{bio}</span>}
      </span>
    </a>
  )
}
