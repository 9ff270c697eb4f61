// Who to follow: people that the people you follow follow, with how many of them do, and a preview of each
// (fetched from peers without following), so a person can look before they follow.
import { useState } from 'react'
import type { Suggestion } from '../../../shared/api/follows.js'
import { shortKey } from '../../../shared/keys.js'
import { useMutation } from '../../api/mutations.js'
import { usePreview, useSuggestions } from '../../api/queries.js'
import { PersonRow } from '../../components/PersonRow.js'
import { StatusCard } from '../../components/status/StatusCard.js'
import { ErrorNote, Loading } from '../../components/States.js'
import { useToast } from '../../components/Toast.js'

export function WhoToFollow() {
  const suggestions = useSuggestions()
  if (suggestions.loading) return null
  if (suggestions.error) return <ErrorNote error={suggestions.error} onRetry={() => void suggestions.refetch()} />
  const list = suggestions.data ?? []
  return (
    <section className="card" aria-labelledby="who-to-follow">
      <h2 id="who-to-follow">Who to follow</h2>
      {list.length === 0 ? (
        <p className="muted">Suggestions come from the public follow lists of the people you follow. Follow someone first.</p>
      ) : (
        list.map((s) => <SuggestionRow key={s.profile.key} suggestion={s} />)
      )}
    </section>
  )
}

function SuggestionRow({ suggestion }: { suggestion: Suggestion }) {
  const { profile, count, followedBy } = suggestion
  const [open, setOpen] = useState(false)
  const follow = useMutation('follow')
  const toast = useToast()
  const preview = usePreview(open || profile.name === null ? profile.key : null)
  const name = profile.name ?? preview.data?.profile.name ?? null
  const who = name ?? shortKey(profile.key)
  const names = followedBy.map((a) => a.name ?? shortKey(a.key))
  const others = count - names.length
  return (
    <div className="suggestion" aria-label={`Suggestion: ${who}`}>
      <div className="suggestion-head">
        <PersonRow feed={profile.key} name={name} bio={profile.bio || preview.data?.profile.bio || ''}
          avatar={profile.avatar ?? preview.data?.profile.avatar} handle={profile.handle} handleVerified={profile.handleVerified} />
        <button type="button" className="button small" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
          {open ? 'Hide preview' : 'Preview'}
        </button>
        <button type="button" className="button small primary" disabled={follow.pending} aria-label={`Follow ${who}`}
          onClick={async () => {
            const o = await follow.run({ key: profile.key })
            toast(o.ok ? `Following ${who}` : o.error.message)
          }}>
          Follow
        </button>
      </div>
      <p className="muted">
        Followed by {names.join(', ')}
        {others > 0 ? ` and ${others} other${others === 1 ? '' : 's'}` : ''} you follow
      </p>
      {open && preview.loading && <Loading label="Asking peers for their latest statuses…" />}
      {open && preview.data && preview.data.statuses.length === 0 && <p className="muted">No statuses could be fetched right now.</p>}
      {open && preview.data?.statuses.map((s) => <StatusCard key={s.uri} status={s} />)}
    </div>
  )
}
