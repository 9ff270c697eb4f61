// The box at the top of home: write a status, attach images with their descriptions, and post it to your
// own feed. Images are sent to the engine in pieces first, then the status names them.
import { uploadBytes } from '../../../shared/upload.js'
import { useApi } from '../../api/ApiContext.js'
import { Composer } from '../../components/Composer.js'
import { useMutation } from '../../api/mutations.js'
import { useToast } from '../../components/Toast.js'
import { useState } from 'react'
import { linksOf } from '../../../shared/protocol/text.js'
import { readPostSettings } from '../../components/status/post-settings.js'
import { NO_EXTRAS, PostOptions, extrasParams, type PostExtras } from './PostOptions.js'

export function ComposeStatus() {
  const api = useApi()
  const post = useMutation('post')
  const toast = useToast()
  const [extras, setExtras] = useState<PostExtras>(NO_EXTRAS)
  return (
    <section className="compose card" aria-label="New status">
      <Composer
        label="What's happening?"
        submitLabel="Post"
        allowImages
        extras={(hasImages) => <PostOptions value={extras} onChange={setExtras} hasImages={hasImages} />}
        onSubmit={async (text, drafts, mentions) => {
          const extra = extrasParams({ ...extras, sensitive: extras.sensitive && drafts.length > 0 })
          if ('error' in extra) return extra.error
          let images: Array<{ upload: string; alt: string }> = []
          try {
            for (const draft of drafts) {
              const upload = await uploadBytes(api, new Uint8Array(await draft.file.arrayBuffer()))
              images = [...images, { upload, alt: draft.alt.trim() }]
            }
          } catch (err) {
            return `Could not send the image: ${(err as Error).message}`
          }
          const card = readPostSettings().linkCards && linksOf(text).length > 0
          const outcome = await post.run({
            text,
            ...(images.length > 0 ? { images } : {}),
            ...(mentions.length > 0 ? { mentions } : {}),
            ...extra.params,
            ...(card ? { card } : {})
          })
          if (!outcome.ok) return outcome.error.message
          setExtras(NO_EXTRAS)
          toast('Posted')
          return null
        }}
      />
    </section>
  )
}
