// One image full size, over the page. Escape or the Close button closes it, and focus returns to the image
// that opened it. The full image is fetched when the viewer opens; the thumbnail stands in until then.
import { useEffect, useRef, type KeyboardEvent } from 'react'
import { createPortal } from 'react-dom'
import type { FeedKey } from '../../../shared/keys.js'
import type { ImageAttachment } from '../../../shared/protocol/records.js'
import { useImage } from '../../api/useImage.js'
import { altOf } from './image-alt.js'

export function ImageViewer({ feed, image, onClose }: { feed: FeedKey; image: ImageAttachment; onClose: () => void }) {
  const full = useImage(feed, image, 'full')
  const thumb = useImage(feed, image, 'thumb')
  const closeRef = useRef<HTMLButtonElement>(null)
  const alt = altOf(image)
  const url = full.url ?? thumb.url

  useEffect(() => {
    const opener = document.activeElement as HTMLElement | null
    closeRef.current?.focus()
    return () => opener?.focus?.()
  }, [])

  function onKeyDown(e: KeyboardEvent) {
    if (e.key === 'Escape' || e.key === 'Tab') {
      e.preventDefault()
      e.stopPropagation()
      if (e.key === 'Escape') onClose()
    }
  }

  // React events bubble through portals: a click in here must not open the status's thread behind it.
  return createPortal(
    <div className="backdrop image-viewer" role="dialog" aria-modal="true" aria-label={alt} onKeyDown={onKeyDown}
      onMouseDown={(e) => e.target === e.currentTarget && onClose()} onClick={(e) => e.stopPropagation()}>
      <figure>
        {url ? <img src={url} alt={alt} /> : <div className="status-image placeholder loading" role="img" aria-label={`Loading image: ${alt}`} />}
        {image.alt?.trim() && <figcaption>{image.alt}</figcaption>}
      </figure>
      <button ref={closeRef} type="button" className="button" onClick={onClose}>Close</button>
    </div>,
    document.body
  )
}
