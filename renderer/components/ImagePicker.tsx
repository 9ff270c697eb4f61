// Choosing images for a status: up to four, each with a preview, a description for people who cannot see it
// (required before posting), and a way to take it out again. Size and type are checked here first, so a
// person learns at once; the engine checks again.
import { useEffect, useId, useMemo, type ChangeEvent } from 'react'
import { MAX_ALT_CHARS, MAX_ATTACHMENTS, MAX_IMAGE_BYTES } from '../../shared/protocol/limits.js'
import { countChars } from '../../shared/protocol/text.js'

export interface DraftImage {
  id: number
  file: File
  alt: string
}

const TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/gif']
let nextId = 1

/** True when an image still lacks its description (or it is too long). */
export function altMissing(images: readonly DraftImage[]): boolean {
  return images.some((i) => i.alt.trim() === '' || countChars(i.alt) > MAX_ALT_CHARS)
}

export function ImagePicker({ images, onChange, onError }: {
  images: DraftImage[]
  onChange: (images: DraftImage[]) => void
  onError: (message: string | null) => void
}) {
  const full = images.length >= MAX_ATTACHMENTS

  function add(e: ChangeEvent<HTMLInputElement>) {
    const files = [...(e.target.files ?? [])]
    e.target.value = ''
    const problems: string[] = []
    const added: DraftImage[] = []
    for (const file of files) {
      if (!TYPES.includes(file.type)) problems.push(`${file.name} is not a JPEG, PNG, WebP or GIF image`)
      else if (file.size > MAX_IMAGE_BYTES) problems.push(`${file.name} is ${megabytes(file.size)}; the limit is ${megabytes(MAX_IMAGE_BYTES)} per image`)
      else added.push({ id: nextId++, file, alt: '' })
    }
    const room = MAX_ATTACHMENTS - images.length
    if (added.length > room) problems.push(`A status can have at most ${MAX_ATTACHMENTS} images`)
    onError(problems.length > 0 ? problems.join('. ') : null)
    if (added.length > 0) onChange([...images, ...added.slice(0, room)])
  }

  return (
    <div className="composer-images">
      {images.length > 0 && (
        <ul className="plain-list" aria-label="Images to attach">
          {images.map((image, i) => (
            <DraftRow key={image.id} image={image} n={i + 1}
              onAlt={(alt) => onChange(images.map((x) => (x.id === image.id ? { ...x, alt } : x)))}
              onRemove={() => onChange(images.filter((x) => x.id !== image.id))} />
          ))}
        </ul>
      )}
      <div>
        <label className={full ? 'button file-button disabled' : 'button file-button'}>
          Add images
          <input type="file" accept={TYPES.join(',')} multiple disabled={full} onChange={add} />
        </label>
      </div>
    </div>
  )
}

function DraftRow({ image, n, onAlt, onRemove }: { image: DraftImage; n: number; onAlt: (alt: string) => void; onRemove: () => void }) {
  const altId = useId()
  const preview = usePreviewUrl(image.file)
  const missing = image.alt.trim() === ''
  const over = countChars(image.alt) - MAX_ALT_CHARS
  return (
    <li className="composer-image">
      {preview ? <img src={preview} alt="" /> : <span className="status-image placeholder" aria-hidden="true" />}
      <div>
        <label htmlFor={altId}>Describe image {n}</label>
        <textarea id={altId} value={image.alt} onChange={(e) => onAlt(e.target.value)} rows={2}
          placeholder="What does it show? People who cannot see it hear this." aria-invalid={missing || over > 0}
          aria-describedby={`${altId}-note`} />
        <p id={`${altId}-note`} className="alt-missing">
          {missing ? 'A description is needed before you post.' : over > 0 ? `${over} characters too many.` : ''}
        </p>
      </div>
      <button type="button" className="button" onClick={onRemove} aria-label={`Remove image ${n}`}>Remove</button>
    </li>
  )
}

function usePreviewUrl(file: File): string | null {
  const url = useMemo(() => (typeof URL.createObjectURL === 'function' ? URL.createObjectURL(file) : null), [file])
  useEffect(() => () => {
    if (url) URL.revokeObjectURL(url)
  }, [url])
  return url
}

function megabytes(bytes: number): string {
  const mb = bytes / (1024 * 1024)
  return `${mb >= 10 ? Math.round(mb) : Math.round(mb * 10) / 10} MB`
}
