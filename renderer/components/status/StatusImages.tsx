// A status's images: a placeholder of each image's shape until its bytes arrive from the engine (which
// fetches them from peers on demand), then the image with its alt text. Activating one opens it full size.
import { useState } from 'react'
import type { FeedKey } from '../../../shared/keys.js'
import type { ImageAttachment } from '../../../shared/protocol/records.js'
import { useImage } from '../../api/useImage.js'
import { altOf } from './image-alt.js'
import { ImageViewer } from './ImageViewer.js'

export function StatusImages({ feed, images }: { feed: FeedKey; images: ImageAttachment[] }) {
  const [open, setOpen] = useState<number | null>(null)
  const shown = images.slice(0, 4)
  return (
    <div className={`status-images count-${shown.length}`} role="group" aria-label={shown.length === 1 ? 'Image' : `${shown.length} images`}>
      {shown.map((image, i) => (
        <StatusImage key={`${image.blobs}/${image.blob.blockOffset}`} feed={feed} image={image} single={shown.length === 1} onOpen={() => setOpen(i)} />
      ))}
      {open !== null && <ImageViewer feed={feed} images={shown} start={open} onClose={() => setOpen(null)} />}
    </div>
  )
}

function StatusImage({ feed, image, single, onOpen }: { feed: FeedKey; image: ImageAttachment; single: boolean; onOpen: () => void }) {
  const { url, state, retry } = useImage(feed, image, 'thumb')
  const alt = altOf(image)
  // One image keeps its own shape (within bounds); several share a grid of equal cells.
  const ratio = single ? `${Math.max(image.width, Math.round(image.height / 2))} / ${Math.min(image.height, image.width * 2)}` : undefined
  if (state !== 'ready' || !url) {
    return (
      <div className={`status-image placeholder ${state}`} style={ratio ? { aspectRatio: ratio } : undefined}
        role="img" aria-label={state === 'failed' ? `Image not available yet: ${alt}` : `Loading image: ${alt}`}>
        {state === 'failed' && (
          <button type="button" className="button" onClick={retry}>Try again</button>
        )}
      </div>
    )
  }
  return (
    <button type="button" className="status-image" style={ratio ? { aspectRatio: ratio } : undefined} onClick={onOpen}>
      {/* The name comes from the content (this, then the image's alt), so it says what is seen. */}
      <span className="visually-hidden">View image full size: </span>
      <img src={url} alt={alt} loading="lazy" />
      {image.alt?.trim() && <span className="alt-badge" aria-hidden="true">ALT</span>}
    </button>
  )
}
