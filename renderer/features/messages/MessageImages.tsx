// The images of a private message, each with its description as its alternative text; a placeholder of the
// image's size until its blocks arrive.
import { useEffect, useState } from 'react'
import type { DmImage } from '../../../shared/messages.js'
import { useApi } from '../../api/ApiContext.js'
import { messageImageUrl, revokeImageUrl } from '../../api/images.js'

const RETRY_MS = 3_000

export function MessageImages({ message, images }: { message: string; images: DmImage[] }) {
  if (images.length === 0) return null
  return (
    <div className="message-images">
      {images.map((image, i) => <MessageImage key={i} message={message} index={i} image={image} />)}
    </div>
  )
}

function MessageImage({ message, index, image }: { message: string; index: number; image: DmImage }) {
  const api = useApi()
  const [url, setUrl] = useState<string | null>(null)
  useEffect(() => {
    let live = true
    let made: string | null = null
    let timer: ReturnType<typeof setTimeout> | null = null
    const load = () =>
      void messageImageUrl(api, message, index, image.mime).then(
        (u) => {
          if (!live) return u && revokeImageUrl(u)
          if (u === null) timer = setTimeout(load, RETRY_MS)
          else setUrl((made = u))
        },
        () => {
          if (live) timer = setTimeout(load, RETRY_MS)
        }
      )
    load()
    return () => {
      live = false
      if (timer) clearTimeout(timer)
      if (made) revokeImageUrl(made)
    }
  }, [api, message, index, image.mime])
  const ratio = image.width > 0 && image.height > 0 ? image.width / image.height : 1
  return url ? (
    <img src={url} alt={image.alt} className="message-image" width={image.width} height={image.height} />
  ) : (
    <div className="message-image placeholder" role="img" aria-label={image.alt ? `Loading: ${image.alt}` : 'Loading an image'}
      data-ratio={ratio.toFixed(2)} />
  )
}
