// Keyboard shortcuts, as Mastodon and Twitter have them: j/k move between statuses, l likes and r replies to
// the focused one, n writes a new status, / goes to search, ? lists them, and g then h, n or p goes home, to
// notifications or to the profile. Keys typed into a field, or with Ctrl, Alt or Meta, are left alone.
import { useEffect, useState } from 'react'
import { createPortal } from 'react-dom'
import { href, navigate } from '../navigation/routes.js'

export const SHORTCUTS: ReadonlyArray<readonly [string, string]> = [
  ['j', 'Next status'],
  ['k', 'Previous status'],
  ['l', 'Like the focused status'],
  ['r', 'Reply to the focused status'],
  ['n', 'New status'],
  ['/', 'Search'],
  ['g h', 'Go home'],
  ['g n', 'Go to notifications'],
  ['g p', 'Go to your profile'],
  ['?', 'This list']
]

const CHORD_MS = 1500

export function KeyboardShortcuts({ me }: { me: string }) {
  const [helpOpen, setHelpOpen] = useState(false)

  useEffect(() => {
    let chordAt = 0
    function onKeyDown(e: KeyboardEvent) {
      if (e.ctrlKey || e.altKey || e.metaKey || e.defaultPrevented || typing(e.target)) return
      if (document.querySelector('[aria-modal="true"]')) return
      const chord = Date.now() - chordAt < CHORD_MS
      chordAt = 0
      if (chord) {
        const to = e.key === 'h' ? href.home() : e.key === 'n' ? href.notifications() : e.key === 'p' ? href.profile(me) : null
        if (to) {
          e.preventDefault()
          navigate(to)
        }
        return
      }
      const act: Record<string, () => void> = {
        j: () => moveFocus(1),
        k: () => moveFocus(-1),
        l: () => focusedStatus()?.querySelector<HTMLElement>('.act-like')?.click(),
        r: () => focusedStatus()?.querySelector<HTMLElement>('.act-reply')?.click(),
        n: () => newStatus(),
        '/': () => document.querySelector<HTMLInputElement>('[role="search"] input')?.focus(),
        '?': () => setHelpOpen(true),
        g: () => (chordAt = Date.now())
      }
      const run = act[e.key]
      if (!run) return
      e.preventDefault()
      run()
    }
    document.addEventListener('keydown', onKeyDown)
    return () => document.removeEventListener('keydown', onKeyDown)
  }, [me])

  return helpOpen ? <ShortcutList onClose={() => setHelpOpen(false)} /> : null
}

function typing(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null
  return !!el && (el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName))
}

function statuses(): HTMLElement[] {
  return [...document.querySelectorAll<HTMLElement>('main article')]
}

function focusedStatus(): HTMLElement | null {
  return (document.activeElement as HTMLElement | null)?.closest<HTMLElement>('main article') ?? null
}

/** The next (or previous) status after the focused one; the first one on screen when none is focused. */
function moveFocus(step: 1 | -1): void {
  const all = statuses()
  if (all.length === 0) return
  const current = focusedStatus()
  const at = current ? all.indexOf(current) : -1
  const next = at < 0 ? all.find((a) => a.getBoundingClientRect().bottom > 0) ?? all[0] : all[Math.min(all.length - 1, Math.max(0, at + step))]
  next?.focus({ preventScroll: true })
  next?.scrollIntoView({ block: 'nearest' })
}

function newStatus(): void {
  const box = () => document.querySelector<HTMLTextAreaElement>('.compose textarea')
  if (box()) return box()?.focus()
  navigate(href.home())
  requestAnimationFrame(() => requestAnimationFrame(() => box()?.focus()))
}

function ShortcutList({ onClose }: { onClose: () => void }) {
  useEffect(() => {
    const opener = document.activeElement as HTMLElement | null
    document.getElementById('shortcuts-close')?.focus()
    return () => opener?.focus?.()
  }, [])
  return createPortal(
    <div className="backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div className="dialog" role="dialog" aria-modal="true" aria-labelledby="shortcuts-title"
        onKeyDown={(e) => {
          if (e.key === 'Escape' || e.key === 'Tab') {
            e.preventDefault()
            if (e.key === 'Escape') onClose()
          }
        }}>
        <h2 id="shortcuts-title">Keyboard shortcuts</h2>
        <dl className="shortcut-list">
          {SHORTCUTS.map(([keys, what]) => (
            <div key={keys}><dt><kbd>{keys}</kbd></dt><dd>{what}</dd></div>
          ))}
        </dl>
        <div className="dialog-actions">
          <button id="shortcuts-close" type="button" className="button" onClick={onClose}>Close</button>
        </div>
      </div>
    </div>,
    document.body
  )
}
