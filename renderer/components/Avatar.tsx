// A person's picture: their profile's avatar once its bytes are here, and until then (or without one) the
// name's first letter on a colour drawn from the key, so the same person always looks the same. Decorative:
// the name next to it is the link people use.
import type { ImageAttachment } from '../../shared/protocol/records.js'
import { useImage } from '../api/useImage.js'

export function Avatar({ feed, name, size = 'md', href, image }: {
  feed: string
  name: string | null
  size?: 'sm' | 'md' | 'lg'
  /** Makes the picture a mouse shortcut to the profile (kept out of the tab order: the name links there too). */
  href?: string
  /** The profile's picture, when it has one. */
  image?: ImageAttachment | undefined
}) {
  const letter = (name?.trim() || feed).slice(0, 1).toUpperCase()
  const className = `avatar avatar-${size} hue-${hueOf(feed)}`
  const content = image ? <AvatarImage feed={feed} image={image} letter={letter} /> : letter
  return href ? (
    <a className={className} href={href} tabIndex={-1} aria-hidden="true">{content}</a>
  ) : (
    <span className={className} aria-hidden="true">{content}</span>
  )
}

function AvatarImage({ feed, image, letter }: { feed: string; image: ImageAttachment; letter: string }) {
  const { url } = useImage(feed, image, 'thumb')
  return url ? <img src={url} alt="" /> : <>{letter}</>
}

function hueOf(key: string): number {
  let h = 0
  for (let i = 0; i < key.length; i++) h = (h * 31 + key.charCodeAt(i)) >>> 0
  return h % 12
}
