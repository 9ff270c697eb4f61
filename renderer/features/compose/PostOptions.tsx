// What a new status may carry besides text and images: a content warning, sensitive images, a poll and a
// quoted status. The composer's own state stays the composer's; these are held by the box that posts.
import { useId } from 'react'

export interface PostExtras {
  cw: string | null
  sensitive: boolean
  /** null: no poll; otherwise 2 to 4 choices (empty ones are dropped when posting) and how long it runs. */
  poll: { choices: string[]; hours: number } | null
  quote: string
}

export const NO_EXTRAS: PostExtras = { cw: null, sensitive: false, poll: null, quote: '' }

const DURATIONS = [
  { hours: 1, label: '1 hour' },
  { hours: 6, label: '6 hours' },
  { hours: 24, label: '1 day' },
  { hours: 72, label: '3 days' },
  { hours: 168, label: '7 days' }
]

/** The post method's params for these extras, or an error message a person can act on. */
export function extrasParams(x: PostExtras): { params: { cw?: string; sensitive?: boolean; poll?: { choices: string[]; hours: number }; quote?: string } } | { error: string } {
  const params: { cw?: string; sensitive?: boolean; poll?: { choices: string[]; hours: number }; quote?: string } = {}
  if (x.cw !== null) {
    if (x.cw.trim() === '') return { error: 'Write the content warning, or remove it' }
    params.cw = x.cw.trim()
  }
  if (x.sensitive) params.sensitive = true
  if (x.poll) {
    const choices = x.poll.choices.map((c) => c.trim()).filter((c) => c !== '')
    if (choices.length < 2) return { error: 'A poll needs at least 2 choices' }
    params.poll = { choices, hours: x.poll.hours }
  }
  if (x.quote.trim() !== '') params.quote = x.quote.trim()
  return { params }
}

export function PostOptions({ value, onChange, hasImages }: { value: PostExtras; onChange: (x: PostExtras) => void; hasImages: boolean }) {
  const id = useId()
  const set = (patch: Partial<PostExtras>) => onChange({ ...value, ...patch })
  const poll = value.poll
  return (
    <div className="post-options">
      <div className="post-option-buttons" role="group" aria-label="Add to the status">
        <button type="button" className="button" aria-pressed={value.cw !== null} onClick={() => set({ cw: value.cw === null ? '' : null })}>
          {value.cw === null ? 'Add a content warning' : 'Remove the content warning'}
        </button>
        <button type="button" className="button" aria-pressed={poll !== null}
          onClick={() => set({ poll: poll === null ? { choices: ['', ''], hours: 24 } : null })}>
          {poll === null ? 'Add a poll' : 'Remove the poll'}
        </button>
        {hasImages && (
          <label className="check">
            <input type="checkbox" checked={value.sensitive} onChange={(e) => set({ sensitive: e.target.checked })} />
            Mark images as sensitive
          </label>
        )}
      </div>
      {value.cw !== null && (
        <p>
          <label htmlFor={`${id}-cw`}>Content warning</label>
          <input id={`${id}-cw`} className="input" maxLength={200} value={value.cw} placeholder="What readers see before they open it"
            onChange={(e) => set({ cw: e.target.value })} />
        </p>
      )}
      {poll !== null && (
        <fieldset className="poll-editor">
          <legend>Poll (votes are public: anyone who holds a voter's feed sees the vote)</legend>
          {poll.choices.map((c, i) => (
            <p key={i}>
              <label htmlFor={`${id}-choice-${i}`}>{`Choice ${i + 1}`}</label>
              <input id={`${id}-choice-${i}`} className="input" maxLength={50} value={c}
                onChange={(e) => set({ poll: { ...poll, choices: poll.choices.map((x, j) => (j === i ? e.target.value : x)) } })} />
            </p>
          ))}
          {poll.choices.length < 4 && (
            <button type="button" className="button" onClick={() => set({ poll: { ...poll, choices: [...poll.choices, ''] } })}>Add a choice</button>
          )}
          <p>
            <label htmlFor={`${id}-hours`}>Runs for</label>
            <select id={`${id}-hours`} value={poll.hours} onChange={(e) => set({ poll: { ...poll, hours: Number(e.target.value) } })}>
              {DURATIONS.map((d) => <option key={d.hours} value={d.hours}>{d.label}</option>)}
            </select>
          </p>
        </fieldset>
      )}
      <p>
        <label htmlFor={`${id}-quote`}>Quote a status (its link)</label>
        <input id={`${id}-quote`} className="input" value={value.quote} placeholder="rstatus://…"
          onChange={(e) => set({ quote: e.target.value })} />
      </p>
    </div>
  )
}
