// A modal question with two answers. Focus starts on the safe answer, Escape cancels, Tab stays inside,
// and focus returns to what opened it. It renders into <body>: inside a virtualized row (transformed), a
// fixed backdrop would only cover that row.
import { useEffect, useId, useRef, type KeyboardEvent, type ReactNode } from 'react'
import { createPortal } from 'react-dom'

export function ConfirmDialog(props: {
  title: string
  body: string
  confirmLabel: string
  onConfirm: () => void
  onCancel: () => void
  danger?: boolean
  /** More to choose before confirming (a checkbox), between the body and the answers. */
  children?: ReactNode
}) {
  const titleId = useId()
  const bodyId = useId()
  const cancelRef = useRef<HTMLButtonElement>(null)
  const boxRef = useRef<HTMLDivElement>(null)

  useEffect(() => {
    const opener = document.activeElement as HTMLElement | null
    cancelRef.current?.focus()
    return () => opener?.focus?.()
  }, [])

  function onKeyDown(e: KeyboardEvent) {
    if (e.key === 'Escape') {
      e.stopPropagation()
      props.onCancel()
    } else if (e.key === 'Tab') {
      const buttons = boxRef.current?.querySelectorAll<HTMLElement>('button, input')
      if (!buttons || buttons.length === 0) return
      const first = buttons[0]!
      const last = buttons[buttons.length - 1]!
      if (e.shiftKey && document.activeElement === first) {
        e.preventDefault()
        last.focus()
      } else if (!e.shiftKey && document.activeElement === last) {
        e.preventDefault()
        first.focus()
      }
    }
  }

  return createPortal(
    <div className="backdrop" onMouseDown={(e) => e.target === e.currentTarget && props.onCancel()}>
      <div
        ref={boxRef}
        className="dialog"
        role="alertdialog"
        aria-modal="true"
        aria-labelledby={titleId}
        aria-describedby={bodyId}
        onKeyDown={onKeyDown}
      >
        <h2 id={titleId}>{props.title}</h2>
        <p id={bodyId}>{props.body}</p>
        {props.children}
        <div className="dialog-actions">
          <button ref={cancelRef} type="button" className="button" onClick={props.onCancel}>
            Cancel
          </button>
          <button type="button" className={props.danger ? 'button danger' : 'button primary'} onClick={props.onConfirm}>
            {props.confirmLabel}
          </button>
        </div>
      </div>
    </div>,
    document.body
  )
}
