// Writing a status or a reply: the characters left by the protocol's own count, Post (or Ctrl/Cmd+Enter),
// and @mention suggestions from the people this peer knows (the name is written, the key is sent with it).
import { useEffect, useId, useRef, useState, type ChangeEvent, type FormEvent, type KeyboardEvent, type ReactNode } from 'react'
import type { Profile } from '../../shared/api/shapes.js'
import { shortKey } from '../../shared/keys.js'
import { MAX_STATUS_CHARS } from '../../shared/protocol/limits.js'
import { countChars } from '../../shared/protocol/text.js'
import { usePeople } from '../api/queries.js'
import { Avatar } from './Avatar.js'
import { HandleMark } from './HandleMark.js'
import { ImagePicker, altMissing, type DraftImage } from './ImagePicker.js'
import { mentionToken, mentionsToSend, type ChosenMention } from './mention-draft.js'

export interface ComposerProps {
  /** The text box's accessible name, also its placeholder. */
  label: string
  submitLabel: string
  /** Resolves with an error message to show, or null when the text went out (the box then clears). */
  onSubmit: (text: string, images: DraftImage[], mentions: ChosenMention[]) => Promise<string | null>
  autoFocus?: boolean
  /** Offer to attach images (each needs a description before the status can go out). */
  allowImages?: boolean
  /** More to add to the status (a warning, a poll), shown under the images; told whether images are attached. */
  extras?: (hasImages: boolean) => ReactNode
  /** The text to start from (a draft reopened). */
  initialText?: string
  /** Told of every change of the text, to keep a draft. */
  onTextChange?: (text: string) => void
}

const MENTION_AT_CARET = /(?<![\p{L}\p{N}_@])@([\p{L}\p{N}_.-]{0,64})$/u
const SUGGEST_DELAY_MS = 120
const SHORTCUT = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform) ? '⌘ Enter' : 'Ctrl+Enter'

export function Composer({ label, submitLabel, onSubmit, autoFocus = false, allowImages = false, extras, initialText = '', onTextChange }: ComposerProps) {
  const [text, setTextState] = useState(initialText)
  const setText = (next: string) => {
    setTextState(next)
    onTextChange?.(next)
  }
  const [images, setImages] = useState<DraftImage[]>([])
  const [sending, setSending] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [mention, setMention] = useState<{ prefix: string; start: number; end: number } | null>(null)
  const [prefix, setPrefix] = useState<string | null>(null)
  const [active, setActive] = useState(0)
  const [chosen, setChosen] = useState<ChosenMention[]>([])
  const boxRef = useRef<HTMLTextAreaElement>(null)
  const listId = useId()
  const counterId = useId()

  const left = MAX_STATUS_CHARS - countChars(text)
  const empty = text.trim().length === 0
  const canPost = !empty && left >= 0 && !sending && !altMissing(images)

  // Suggestions follow the typed prefix after a short pause, not on every key.
  useEffect(() => {
    if (!mention) return setPrefix(null)
    const t = setTimeout(() => setPrefix(mention.prefix), SUGGEST_DELAY_MS)
    return () => clearTimeout(t)
  }, [mention])
  const people = usePeople(mention ? prefix : null).data ?? []
  const options = mention && prefix !== null ? people : []
  const open = options.length > 0

  useEffect(() => setActive(0), [prefix])

  function findMention(value: string, caret: number) {
    const m = MENTION_AT_CARET.exec(value.slice(0, caret))
    setMention(m ? { prefix: m[1] ?? '', start: caret - m[0].length, end: caret } : null)
  }

  function onChange(e: ChangeEvent<HTMLTextAreaElement>) {
    setText(e.target.value)
    setError(null)
    findMention(e.target.value, e.target.selectionStart ?? e.target.value.length)
  }

  function choose(person: Profile) {
    if (!mention) return
    const token = mentionToken(person, chosen)
    if (token !== person.key) setChosen((c) => [...c, { name: token, key: person.key }])
    const next = text.slice(0, mention.start) + '@' + token + ' ' + text.slice(mention.end)
    const caret = mention.start + token.length + 2
    setText(next)
    setMention(null)
    requestAnimationFrame(() => {
      boxRef.current?.focus()
      boxRef.current?.setSelectionRange(caret, caret)
    })
  }

  async function submit() {
    if (!canPost) return
    setSending(true)
    const problem = await onSubmit(text, images, mentionsToSend(text, chosen))
    setSending(false)
    if (problem) setError(problem)
    else {
      setText('')
      setImages([])
      setChosen([])
      setMention(null)
    }
  }

  function onKeyDown(e: KeyboardEvent<HTMLTextAreaElement>) {
    if (open) {
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault()
        const step = e.key === 'ArrowDown' ? 1 : -1
        setActive((i) => (i + step + options.length) % options.length)
        return
      }
      if ((e.key === 'Enter' && !e.ctrlKey && !e.metaKey) || e.key === 'Tab') {
        const person = options[active]
        if (person) {
          e.preventDefault()
          choose(person)
          return
        }
      }
      if (e.key === 'Escape') {
        e.preventDefault()
        setMention(null)
        return
      }
    }
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault()
      void submit()
    }
  }

  function onFormSubmit(e: FormEvent) {
    e.preventDefault()
    void submit()
  }

  const counterText = left >= 0 ? `${left} characters left` : `${-left} characters over the limit`
  return (
    <form className="composer" onSubmit={onFormSubmit}>
      <div className="composer-box">
        <textarea
          ref={boxRef}
          value={text}
          onChange={onChange}
          onKeyDown={onKeyDown}
          onSelect={(e) => findMention(e.currentTarget.value, e.currentTarget.selectionStart ?? 0)}
          onBlur={() => setTimeout(() => setMention(null), 150)}
          placeholder={label}
          aria-label={label}
          aria-describedby={counterId}
          aria-autocomplete="list"
          aria-controls={open ? listId : undefined}
          aria-activedescendant={open ? `${listId}-${active}` : undefined}
          rows={3}
          autoFocus={autoFocus}
        />
        {open && (
          <ul className="suggestions" role="listbox" id={listId} aria-label="People to mention">
            {options.map((p, i) => (
              <li
                key={p.key}
                id={`${listId}-${i}`}
                role="option"
                aria-selected={i === active}
                className={i === active ? 'suggestion active' : 'suggestion'}
                onMouseDown={(e) => {
                  e.preventDefault()
                  choose(p)
                }}
              >
                <Avatar feed={p.key} name={p.name} size="sm" image={p.avatar} />
                <span className="suggestion-name">{p.name ?? 'Unnamed'}</span>
                {p.handleVerified ? <HandleMark person={p} /> : <span className="suggestion-key">{shortKey(p.key)}</span>}
              </li>
            ))}
          </ul>
        )}
      </div>
      {allowImages && <ImagePicker images={images} onChange={setImages} onError={setError} />}
      {extras?.(images.length > 0)}
      {error && <p className="form-error" role="alert">{error}</p>}
      <div className="composer-bar">
        <span id={counterId} className={left < 0 ? 'counter over' : left <= 20 ? 'counter near' : 'counter'}
          aria-live={left <= 20 ? 'polite' : 'off'}>
          <span aria-hidden="true">{left}</span>
          <span className="visually-hidden">{counterText}</span>
        </span>
        <span className="hint shortcut-hint" aria-hidden="true">{SHORTCUT}</span>
        <button type="submit" className="button primary" disabled={!canPost}>
          {sending ? 'Posting…' : submitLabel}
        </button>
      </div>
    </form>
  )
}
