// One image's URL for a component: null with state 'loading' until the bytes arrive (the component shows a
// placeholder of the image's size), 'failed' when no one online has them, with a retry.
import { useCallback, useEffect, useState } from 'react'
import type { FeedKey } from '../../shared/keys.js'
import type { ImageAttachment } from '../../shared/protocol/records.js'
import { useApi } from './ApiContext.js'
import { imageUrl, type ImageSize } from './images.js'

export interface ImageState {
  url: string | null
  state: 'loading' | 'ready' | 'failed'
  retry: () => void
}

export function useImage(feed: FeedKey, image: ImageAttachment | undefined, size: ImageSize): ImageState {
  const api = useApi()
  const [url, setUrl] = useState<string | null>(null)
  const [state, setState] = useState<ImageState['state']>('loading')
  const [attempt, setAttempt] = useState(0)

  useEffect(() => {
    if (!image) return
    let live = true
    setState('loading')
    imageUrl(api, feed, image, size).then(
      (u) => {
        if (!live) return
        setUrl(u)
        setState('ready')
      },
      () => live && setState('failed')
    )
    return () => {
      live = false
    }
    // An image is identified by where it lies; the object itself is new on every fetch of its status.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api, feed, image?.blobs, image?.blob.blockOffset, image?.blob.blockLength, size, attempt])

  const retry = useCallback(() => setAttempt((n) => n + 1), [])
  return { url, state, retry }
}
