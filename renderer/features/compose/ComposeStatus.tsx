// The box at the top of home: write a status, attach images with their descriptions, and post it to your
// own feed. Images are sent to the engine in pieces first, then the status names them. What is typed is kept
// as a draft as you type (a pause of DRAFT_PAUSE_MS), so it survives a reload, a crash and a switch of device,
// and the draft is deleted once the status is posted.
import { uploadBytes } from '../../../shared/upload.js'
import { useApi } from '../../api/ApiContext.js'
import { Composer } from '../../components/Composer.js'
import { useMutation } from '../../api/mutations.js'
import { useDrafts } from '../../api/queries.js'
import { useToast } from '../../components/Toast.js'
import { useEffect, useRef, useState } from 'react'
import { linksOf } from '../../../shared/protocol/text.js'
import { readPostSettings } from '../../components/status/post-settings.js'
import { Loading } from '../../components/States.js'
import { NO_EXTRAS, PostOptions, extrasParams, type PostExtras } from './PostOptions.js'

const DRAFT_PAUSE_MS = 700

export function ComposeStatus({ draft = null, quote = null }: { draft?: string | null; quote?: string | null }) {
  const drafts = useDrafts()
  if (draft === null) return <ComposeBox draftId={null} initialText="" initialExtras={quote ? { ...NO_EXTRAS, quote } : NO_EXTRAS} />
  if (!drafts.data) return <Loading />
  const held = drafts.data.find((d) => d.id === draft)
  if (!held) return <ComposeBox draftId={null} initialText="" initialExtras={NO_EXTRAS} />
  return (
    <ComposeBox key={held.id} draftId={held.id} initialText={held.text}
      initialExtras={{ ...NO_EXTRAS, cw: held.cw ?? null, sensitive: held.sensitive ?? false, quote: held.quote ?? '' }} />
  )
}

function ComposeBox({ draftId, initialText, initialExtras }: { draftId: string | null; initialText: string; initialExtras: PostExtras }) {
  const api = useApi()
  const post = useMutation('post')
  const putDraft = useMutation('draftPut')
  const deleteDraft = useMutation('draftDelete')
  const toast = useToast()
  const [extras, setExtras] = useState<PostExtras>(initialExtras)
  const draft = useRef<{ id: string | null; timer: ReturnType<typeof setTimeout> | null; save: (() => void) | null; saving: Promise<unknown> }>({
    id: draftId,
    timer: null,
    save: null,
    saving: Promise.resolve()
  })
  const extrasRef = useRef(extras)
  extrasRef.current = extras

  // Leaving the page (or closing the app's view) saves what waited for the pause at once.
  useEffect(() => () => {
    const d = draft.current
    if (d.timer) clearTimeout(d.timer)
    d.timer = null
    d.save?.()
  }, [])

  function keepDraft(text: string) {
    const d = draft.current
    if (d.timer) clearTimeout(d.timer)
    d.save = () => {
      d.save = null
      if (text.trim() === '' && d.id === null) return
      const x = extrasRef.current
      d.saving = d.saving.then(async () => {
        const outcome = await putDraft.run({
          ...(d.id ? { id: d.id } : {}),
          text,
          ...(x.cw ? { cw: x.cw } : {}),
          ...(x.sensitive ? { sensitive: true } : {}),
          ...(x.quote.trim() ? { quote: x.quote.trim() } : {})
        })
        if (outcome.ok) d.id = outcome.result.id
      })
    }
    d.timer = setTimeout(() => {
      d.timer = null
      d.save?.()
    }, DRAFT_PAUSE_MS)
  }

  async function posted() {
    const d = draft.current
    if (d.timer) clearTimeout(d.timer)
    d.timer = null
    d.save = null
    await d.saving
    if (d.id) await deleteDraft.run({ id: d.id })
    d.id = null
  }

  return (
    <section className="compose card" aria-label="New status">
      <Composer
        label="What's happening?"
        submitLabel="Post"
        allowImages
        initialText={initialText}
        onTextChange={keepDraft}
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
          await posted()
          setExtras(NO_EXTRAS)
          toast('Posted')
          return null
        }}
      />
    </section>
  )
}
