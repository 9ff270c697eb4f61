// The box at the top of home: write a status, attach images with their descriptions, and post it to your
// own feed. Images are sent to the engine in pieces first, then the status names them.
import { uploadBytes } from '../../../shared/upload.js'
import { useApi } from '../../api/ApiContext.js'
import { Composer } from '../../components/Composer.js'
import { useMutation } from '../../api/mutations.js'
import { useToast } from '../../components/Toast.js'

export function ComposeStatus() {
  const api = useApi()
  const post = useMutation('post')
  const toast = useToast()
  return (
    <section className="compose card" aria-label="New status">
      <Composer
        label="What's happening?"
        submitLabel="Post"
        allowImages
        onSubmit={async (text, drafts, mentions) => {
          let images: Array<{ upload: string; alt: string }> = []
          try {
            for (const draft of drafts) {
              const upload = await uploadBytes(api, new Uint8Array(await draft.file.arrayBuffer()))
              images = [...images, { upload, alt: draft.alt.trim() }]
            }
          } catch (err) {
            return `Could not send the image: ${(err as Error).message}`
          }
          const outcome = await post.run({ text, ...(images.length > 0 ? { images } : {}), ...(mentions.length > 0 ? { mentions } : {}) })
          if (!outcome.ok) return outcome.error.message
          toast('Posted')
          return null
        }}
      />
    </section>
  )
}
