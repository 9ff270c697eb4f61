// Every version of an edited status, oldest first, in a dialog (Escape or the button closes it).
import { useEffect, useId, useRef } from 'react'
import { createPortal } from 'react-dom'
import { useEditHistory } from '../../api/queries.js'
import { RelativeTime } from '../RelativeTime.js'
import { StatusText } from '../StatusText.js'

export function EditHistoryDialog({ uri, onClose }: { uri: string; onClose: () => void }) {
  const history = useEditHistory(uri)
  const titleId = useId()
  const closeRef = useRef<HTMLButtonElement>(null)
  useEffect(() => {
    const opener = document.activeElement as HTMLElement | null
    closeRef.current?.focus()
    return () => opener?.focus?.()
  }, [])
  return createPortal(
    <div className="backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div className="dialog edit-history" role="dialog" aria-modal="true" aria-labelledby={titleId}
        onKeyDown={(e) => e.key === 'Escape' && (e.stopPropagation(), onClose())}>
        <h2 id={titleId}>Edit history</h2>
        {history.error ? (
          <p role="alert">Could not load the history: {history.error.message}</p>
        ) : history.data === undefined ? (
          <p>Loading…</p>
        ) : (
          <ol className="versions">
            {history.data.map((v, i) => (
              <li key={i}>
                <p className="version-when">{i === 0 ? 'Original' : `Edit ${i}`}, <RelativeTime at={v.createdAt} /></p>
                {v.cw !== undefined && <p className="status-cw">{v.cw}</p>}
                <StatusText text={v.text} />
              </li>
            ))}
          </ol>
        )}
        <div className="dialog-actions">
          <button ref={closeRef} type="button" className="button" onClick={onClose}>Close</button>
        </div>
      </div>
    </div>,
    document.body
  )
}
