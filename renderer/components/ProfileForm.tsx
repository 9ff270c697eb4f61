// Display name, bio, picture and handle, for onboarding, settings and the own profile page.
import { useId, useState, type ChangeEvent, type FormEvent } from 'react'
import type { Profile } from '../../shared/api/shapes.js'
import { MAX_BIO_CHARS, MAX_IMAGE_BYTES, MAX_NAME_CHARS } from '../../shared/protocol/limits.js'
import type { ImageAttachment } from '../../shared/protocol/records.js'
import { countChars } from '../../shared/protocol/text.js'
import { uploadBytes } from '../../shared/upload.js'
import { useApi } from '../api/ApiContext.js'
import { useMutation } from '../api/mutations.js'

export function ProfileForm({ initial, submitLabel, onSaved, onCancel, askHandle = true }: {
  initial: { name: string | null; bio: string; avatar?: ImageAttachment | undefined; handle?: string | undefined }
  submitLabel: string
  onSaved?: (profile: Profile) => void
  onCancel?: () => void
  /** Onboarding asks only for what a first start needs. */
  askHandle?: boolean
}) {
  const [name, setName] = useState(initial.name ?? '')
  const [bio, setBio] = useState(initial.bio)
  const [handle, setHandle] = useState(initial.handle ?? '')
  const save = useMutation('setProfile')
  const api = useApi()
  /** null: keep the picture as it is; a file: use it; 'remove': take it away. */
  const [picture, setPicture] = useState<File | 'remove' | null>(null)
  const [pictureError, setPictureError] = useState<string | null>(null)
  const nameId = useId()
  const bioId = useId()
  const handleId = useId()
  const nameLeft = MAX_NAME_CHARS - countChars(name.trim())
  const bioLeft = MAX_BIO_CHARS - countChars(bio.trim())
  const valid = name.trim().length > 0 && nameLeft >= 0 && bioLeft >= 0

  async function submit(e: FormEvent) {
    e.preventDefault()
    if (!valid) return
    let avatar: string | undefined
    try {
      if (picture === 'remove') avatar = ''
      else if (picture) avatar = await uploadBytes(api, new Uint8Array(await picture.arrayBuffer()))
    } catch (err) {
      return setPictureError(`Could not send the picture: ${(err as Error).message}`)
    }
    const claim = handle.trim() === (initial.handle ?? '') ? {} : { handle: handle.trim() }
    const outcome = await save.run({ name: name.trim(), bio: bio.trim(), ...claim, ...(avatar !== undefined ? { avatar } : {}) })
    if (outcome.ok) {
      setPicture(null)
      onSaved?.(outcome.result)
    }
  }

  function choosePicture(e: ChangeEvent<HTMLInputElement>) {
    const file = e.target.files?.[0]
    e.target.value = ''
    if (!file) return
    if (!/^image\/(jpeg|png|webp|gif)$/.test(file.type)) return setPictureError(`${file.name} is not a JPEG, PNG, WebP or GIF image`)
    if (file.size > MAX_IMAGE_BYTES) return setPictureError(`${file.name} is larger than the limit of 10 MB`)
    setPictureError(null)
    setPicture(file)
  }

  return (
    <form className="profile-form" onSubmit={submit}>
      <div className="field">
        <label htmlFor={nameId}>Display name</label>
        <input id={nameId} value={name} onChange={(e) => setName(e.target.value)} autoComplete="nickname"
          required aria-describedby={`${nameId}-help`} />
        <span id={`${nameId}-help`} className={nameLeft < 0 ? 'field-help over' : 'field-help'}>
          {nameLeft >= 0 ? `${nameLeft} characters left` : `${-nameLeft} characters too many`}. Names need not be unique; your key is what identifies you.
        </span>
      </div>
      <div className="field">
        <label htmlFor={bioId}>Bio</label>
        <textarea id={bioId} value={bio} onChange={(e) => setBio(e.target.value)} rows={3}
          aria-describedby={`${bioId}-help`} />
        <span id={`${bioId}-help`} className={bioLeft < 0 ? 'field-help over' : 'field-help'}>
          {bioLeft >= 0 ? `${bioLeft} characters left` : `${-bioLeft} characters too many`}
        </span>
      </div>
      {askHandle ? (
        <div className="field">
          <label htmlFor={handleId}>Handle (a domain you own)</label>
          <input id={handleId} value={handle} onChange={(e) => setHandle(e.target.value)} placeholder="alice.example.org"
            autoComplete="off" spellCheck={false} aria-describedby={`${handleId}-help`} />
          <span id={`${handleId}-help`} className="field-help">
            Shown as @{handle.trim().replace(/^@/, '') || 'alice.example.org'} once the domain names your key: a TXT record
            _rstatus.&lt;domain&gt; with key=&lt;your key&gt;, or a file /.well-known/rstatus.json with {'{"key":"<your key>"}'}.
          </span>
        </div>
      ) : null}
      <div className="field">
        <span className="field-label">Profile picture</span>
        <span className="field-row">
          <label className="button file-button">
            {initial.avatar || picture instanceof File ? 'Choose another picture' : 'Choose a picture'}
            <input type="file" accept="image/jpeg,image/png,image/webp,image/gif" onChange={choosePicture} />
          </label>
          {initial.avatar && picture !== 'remove' && (
            <button type="button" className="button" onClick={() => setPicture('remove')}>Remove picture</button>
          )}
        </span>
        <span className="field-help" role="status">
          {picture instanceof File ? `${picture.name} will be your picture once you save.` : picture === 'remove' ? 'Your picture goes once you save.' : 'Shown beside your name. Its metadata (such as where it was taken) is removed.'}
        </span>
        {pictureError && <p className="form-error" role="alert">{pictureError}</p>}
      </div>
      {save.error && <p className="form-error" role="alert">{save.error.message}</p>}
      <div className="form-actions">
        {onCancel && <button type="button" className="button" onClick={onCancel}>Cancel</button>}
        <button type="submit" className="button primary" disabled={!valid || save.pending}>
          {save.pending ? 'Saving…' : submitLabel}
        </button>
      </div>
    </form>
  )
}
