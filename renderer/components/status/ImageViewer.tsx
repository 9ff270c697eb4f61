// A status's images full size, one at a time, over a dark, opaque backdrop (the feed behind would show through
// and fight the caption). Escape or Close closes it and focus returns to the image that opened it; the arrow
// keys and the Previous/Next buttons move between the status's images. The full image is fetched when shown;
// the thumbnail stands in until then.
import { useEffect, useRef, useState, type KeyboardEvent } from 'react'
import { createPortal } from 'react-dom'
import type { FeedKey } from '../../../shared/keys.js'
import type { ImageAttachment } from '../../../shared/protocol/records.js'
import { useImage } from '../../api/useImage.js'
import { altOf } from './image-alt.js'

export function ImageViewer({ feed, images, start, onClose }: {
  feed: FeedKey
  images: ImageAttachment[]
  start: number
  onClose: () => void
}) {
  const [index, setIndex] = useState(start)
  const image = images[index] ?? images[0]!
  const full = useImage(feed, image, 'full')
  const thumb = useImage(feed, image, 'thumb')
  const boxRef = useRef<HTMLDivElement>(null)
  const closeRef = useRef<HTMLButtonElement>(null)
  const alt = altOf(image)
  const url = full.url ?? thumb.url
  const many = images.length > 1
  const go = (step: number) => setIndex((i) => (i + step + images.length) % images.length)

  useEffect(() => {
    const opener = document.activeElement as HTMLElement | null
    closeRef.current?.focus()
    return () => opener?.focus?.()
  }, [])

  function onKeyDown(e: KeyboardEvent) {
    if (e.key === 'Escape') {
      e.preventDefault()
      e.stopPropagation()
      onClose()
    } else if (many && (e.key === 'ArrowRight' || e.key === 'ArrowLeft')) {
      e.preventDefault()
      e.stopPropagation()
      go(e.key === 'ArrowRight' ? 1 : -1)
    } else if (e.key === 'Tab') {
      // Focus stays among the viewer's buttons.
      const buttons = [...(boxRef.current?.querySelectorAll<HTMLElement>('button') ?? [])]
      const at = buttons.indexOf(document.activeElement as HTMLElement)
      e.preventDefault()
      e.stopPropagation()
      buttons[(at + (e.shiftKey ? -1 : 1) + buttons.length) % buttons.length]?.focus()
    }
  }

  // React events bubble through portals: a click in here must not open the status's thread behind it.
  return createPortal(
    <div ref={boxRef} className="backdrop image-viewer" role="dialog" aria-modal="true"
      aria-label={many ? `Image ${index + 1} of ${images.length}: ${alt}` : alt} onKeyDown={onKeyDown}
      onMouseDown={(e) => e.target === e.currentTarget && onClose()} onClick={(e) => e.stopPropagation()}>
      <figure>
        {url ? <img src={url} alt={alt} /> : <div className="status-image placeholder loading" role="img" aria-label={`Loading image: ${alt}`} />}
        {image.alt?.trim() && <figcaption>{image.alt}</figcaption>}
      </figure>
      <div className="image-viewer-actions">
        {many && <button type="button" className="button" onClick={() => go(-1)}>Previous image</button>}
        {many && <span className="image-viewer-count" aria-hidden="true">{index + 1} / {images.length}</span>}
        {many && <button type="button" className="button" onClick={() => go(1)}>Next image</button>}
        <button ref={closeRef} type="button" className="button" onClick={onClose}>Close</button>
      </div>
    </div>,
    document.body
  )
}
