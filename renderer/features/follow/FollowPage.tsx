// Follow someone: paste a key, a link or a handle, see who it is (fetched from peers without following), then Follow.
import { useId, useState, type FormEvent } from 'react'
import type { Preview } from '../../../shared/api/follows.js'
import { handleFrom } from '../../../shared/handle.js'
import { isKey, parseRef, shortKey, URI_SCHEME, type FeedKey } from '../../../shared/keys.js'
import { useApi } from '../../api/ApiContext.js'
import { asError } from '../../api/cache.js'
import { useMutation } from '../../api/mutations.js'
import { useProfile, useWhoAmI } from '../../api/queries.js'
import { Avatar } from '../../components/Avatar.js'
import { HandleMark } from '../../components/HandleMark.js'
import { StatusCard } from '../../components/status/StatusCard.js'
import { ErrorNote, Loading } from '../../components/States.js'
import { StatusText } from '../../components/StatusText.js'
import { href } from '../../navigation/routes.js'
import { WhoToFollow } from './WhoToFollow.js'

const PREVIEW_TIMEOUT_MS = 15_000

export function FollowPage({ initialRef = '' }: { initialRef?: string }) {
  const api = useApi()
  const me = useWhoAmI().data?.key
  const inputId = useId()
  const [input, setInput] = useState(initialRef)
  const [problem, setProblem] = useState<string | null>(null)
  const [looking, setLooking] = useState<FeedKey | 'handle' | null>(null)
  const [preview, setPreview] = useState<{ key: FeedKey; data: Preview } | null>(null)

  async function lookUp(e: FormEvent) {
    e.preventDefault()
    setProblem(null)
    setPreview(null)
    let key: FeedKey
    const handle = isKey(input) || input.trim().toLowerCase().startsWith(URI_SCHEME) ? null : handleFrom(input)
    try {
      if (handle) {
        setLooking('handle')
        key = (await api.call('resolveHandle', { handle })).key
      } else {
        key = parseRef(input).key
      }
    } catch (err) {
      setLooking(null)
      return setProblem(asError(err).message)
    }
    if (key === me) return setProblem('That is your own key. Share it with others so they can follow you.')
    setLooking(key)
    try {
      const data = await api.call('preview', { key, limit: 5, timeout: PREVIEW_TIMEOUT_MS })
      setPreview({ key, data })
    } catch (err) {
      setProblem(asError(err).message)
    } finally {
      setLooking(null)
    }
  }

  return (
    <div className="follow-page">
      <header className="page-header">
        <h1>Follow someone</h1>
        <p className="muted">Paste the key or rstatus:// link someone shared with you, or their handle (a domain such as alice.example.org). You'll see who it is before you follow.</p>
      </header>
      <form className="card follow-form" onSubmit={lookUp}>
        <label htmlFor={inputId}>Key, link or handle</label>
        <div className="inline-field">
          <input id={inputId} value={input} onChange={(e) => setInput(e.target.value)}
            placeholder="rstatus://…, a 52-character key or alice.example.org" autoComplete="off" spellCheck={false} />
          <button type="submit" className="button primary" disabled={!input.trim() || looking !== null}>
            Preview
          </button>
        </div>
      </form>
      {problem && <ErrorNote error={problem} />}
      {looking === 'handle' && <Loading label="Asking the domain which key it names…" />}
      {looking && looking !== 'handle' && <Loading label="Asking peers for this feed… (up to 15 seconds)" />}
      {preview && <PreviewCard feed={preview.key} preview={preview.data} />}
      <WhoToFollow />
    </div>
  )
}

function PreviewCard({ feed, preview }: { feed: FeedKey; preview: Preview }) {
  const local = useProfile(feed)
  const follow = useMutation('follow')
  const [followed, setFollowed] = useState(false)
  const name = preview.profile.name ?? local.data?.name ?? null
  const already = followed || local.data?.following === true
  const who = name ?? shortKey(feed)

  return (
    <section className="card preview" aria-label={`Preview of ${who}`}>
      <header className="profile-header">
        <Avatar feed={feed} name={name} size="lg" image={preview.profile.avatar ?? local.data?.avatar} />
        <div className="profile-id">
          <h2>{name ?? 'No name yet'}</h2>
          <HandleMark person={preview.profile} />
          <p className="profile-key"><code title={feed}>{shortKey(feed)}…</code></p>
        </div>
        <div className="profile-actions">
          {already ? (
            <a className="button" href={href.profile(feed)}>Following · Open profile</a>
          ) : (
            <button type="button" className="button primary" disabled={follow.pending} aria-label={`Follow ${who}`}
              onClick={async () => {
                if ((await follow.run({ key: feed })).ok) setFollowed(true)
              }}>
              {follow.pending ? 'Following…' : 'Follow'}
            </button>
          )}
        </div>
        {preview.profile.bio && <StatusText text={preview.profile.bio} bio />}
      </header>
      {follow.error && <ErrorNote error={follow.error} />}
      {followed && (
        <p className="success" role="status">
          You follow {who}. Their statuses appear on your <a href={href.home()}>home timeline</a> as they arrive.
        </p>
      )}
      {!preview.reachable && (
        <p className="muted">
          No peer with this feed answered in time. You can follow anyway: rstatus keeps looking and fetches their
          statuses when they (or someone who has their feed) come online.
        </p>
      )}
      {preview.reachable && (
        <p className="muted">
          {preview.statuses.length > 0 ? 'Latest statuses:' : `${preview.profile.name ?? 'This person'} has posted nothing yet.`}
        </p>
      )}
      {preview.statuses.map((s) => <StatusCard key={s.uri} status={s} />)}
    </section>
  )
}
