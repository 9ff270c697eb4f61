// The "…" menu of a status this device wrote: edit it, and pin it to (or unpin it from) the profile.
import { useEffect, useId, useRef, useState } from 'react'
import { createPortal } from 'react-dom'
import type { StatusView } from '../../../shared/api/shapes.js'
import { useMutation } from '../../api/mutations.js'
import { usePinned } from '../../api/queries.js'
import { useToast } from '../Toast.js'

export function OwnStatusMenu({ status }: { status: StatusView }) {
  const [open, setOpen] = useState(false)
  const [editing, setEditing] = useState(false)
  const pinned = usePinned(status.author.key).data ?? []
  const isPinned = pinned.some((p) => p.uri === status.uri)
  const pin = useMutation('pin')
  const unpin = useMutation('unpin')
  const toast = useToast()

  async function togglePin() {
    setOpen(false)
    const outcome = isPinned ? await unpin.run({ of: status.uri }) : await pin.run({ of: status.uri })
    toast(outcome.ok ? (isPinned ? 'Unpinned from your profile' : 'Pinned to your profile') : `Could not ${isPinned ? 'unpin' : 'pin'}: ${outcome.error.message}`)
  }

  return (
    <span className="own-menu">
      <button type="button" className="action act-more" aria-label="More actions" title="More actions" aria-haspopup="menu"
        aria-expanded={open} onClick={() => setOpen(!open)} />
      {open && (
        <span className="menu" role="menu">
          <button type="button" role="menuitem" onClick={() => (setOpen(false), setEditing(true))}>Edit</button>
          <button type="button" role="menuitem" onClick={() => void togglePin()}>{isPinned ? 'Unpin from profile' : 'Pin to profile'}</button>
        </span>
      )}
      {editing && <EditStatusDialog status={status} onDone={() => setEditing(false)} />}
    </span>
  )
}

function EditStatusDialog({ status, onDone }: { status: StatusView; onDone: () => void }) {
  const [text, setText] = useState(status.text)
  const [cw, setCw] = useState(status.cw ?? '')
  const [error, setError] = useState<string | null>(null)
  const edit = useMutation('edit')
  const toast = useToast()
  const titleId = useId()
  const textRef = useRef<HTMLTextAreaElement>(null)
  useEffect(() => {
    const opener = document.activeElement as HTMLElement | null
    textRef.current?.focus()
    return () => opener?.focus?.()
  }, [])

  async function save() {
    if (text.trim() === '') return setError('The status cannot be empty')
    const outcome = await edit.run({ uri: status.uri, text, ...(cw.trim() !== '' ? { cw: cw.trim() } : {}) })
    if (!outcome.ok) return setError(outcome.error.message)
    toast('Edited: followers see the new text, marked edited')
    onDone()
  }

  return createPortal(
    <div className="backdrop" onMouseDown={(e) => e.target === e.currentTarget && onDone()}>
      <form className="dialog edit-status" role="dialog" aria-modal="true" aria-labelledby={titleId}
        onKeyDown={(e) => e.key === 'Escape' && (e.stopPropagation(), onDone())}
        onSubmit={(e) => (e.preventDefault(), void save())}>
        <h2 id={titleId}>Edit status</h2>
        <label htmlFor={`${titleId}-text`} className="visually-hidden">Text</label>
        <textarea id={`${titleId}-text`} ref={textRef} className="input" rows={4} value={text} onChange={(e) => setText(e.target.value)} />
        <label htmlFor={`${titleId}-cw`}>Content warning (optional)</label>
        <input id={`${titleId}-cw`} className="input" maxLength={200} value={cw} onChange={(e) => setCw(e.target.value)} />
        <p>Everyone who holds your feed can still read the earlier versions.</p>
        {error && <p className="form-error" role="alert">{error}</p>}
        <div className="dialog-actions">
          <button type="button" className="button" onClick={onDone}>Cancel</button>
          <button type="submit" className="button primary" disabled={edit.pending}>Save</button>
        </div>
      </form>
    </div>,
    document.body
  )
}
