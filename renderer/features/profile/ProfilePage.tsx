// A person: name, bio, key, follow or unfollow, their statuses, who they follow and the followers we can see.
// For someone not followed yet, the preview fills in what this peer does not hold.
import { ListMembership } from '../../components/ListMembership.js'
import { useCallback, useState } from 'react'
import type { FeedKey } from '../../../shared/keys.js'
import { shortKey } from '../../../shared/keys.js'
import type { ImageAttachment } from '../../../shared/protocol/records.js'
import { useApi } from '../../api/ApiContext.js'
import { useMutation } from '../../api/mutations.js'
import { usePreview, useProfile } from '../../api/queries.js'
import { useQuery } from '../../api/useQuery.js'
import { href } from '../../navigation/routes.js'
import { Avatar } from '../../components/Avatar.js'
import { CheckIcon } from '../../components/icons.js'
import { copyText } from '../../components/clipboard.js'
import { newerVersionNote } from '../../components/newer-version.js'
import { KeyShare } from '../../components/KeyShare.js'
import { cleanName } from '../../../shared/mention-display.js'
import { ModerationButtons } from '../../components/ModerationActions.js'
import { PersonRow } from '../../components/PersonRow.js'
import { ProfileForm } from '../../components/ProfileForm.js'
import { StatusCard } from '../../components/status/StatusCard.js'
import { StatusFeed } from '../../components/status/StatusFeed.js'
import { PinnedStatuses } from './PinnedStatuses.js'
import { EmptyState, ErrorNote, Loading } from '../../components/States.js'
import { StatusText } from '../../components/StatusText.js'
import { useToast } from '../../components/Toast.js'

type Tab = 'statuses' | 'following' | 'followers'

export function ProfilePage({ feed }: { feed: FeedKey }) {
  const profile = useProfile(feed)
  const [tab, setTab] = useState<Tab>('statuses')
  const [editing, setEditing] = useState(false)

  if (profile.loading) return <Loading />
  if (!profile.data) return <ErrorNote error={profile.error ?? 'Could not load this profile'} onRetry={() => void profile.refetch()} />
  const p = profile.data
  // A device key stands for its identity: the profile, its statuses and its key are the identity's.
  const id = p.key
  const known = p.isMe || p.following
  return (
    <div className="profile" key={feed}>
      {known ? (
        <ProfileHeader feed={id} name={p.name} bio={p.bio} avatar={p.avatar} left={p.left === true} statuses={p.statuses} following={p.following}
          handle={p.handle} handleVerified={p.handleVerified === true}
          isMe={p.isMe} followsMe={p.followsMe} onEdit={() => setEditing(true)} />
      ) : (
        <StrangerHeader feed={id} localName={p.name} localBio={p.bio} />
      )}
      {p.newerVersion !== undefined && <p className="card warn" role="note">{newerVersionNote(p.newerVersion)}.</p>}
      {p.isMe && editing && (
        <section className="card" aria-label="Edit profile">
          <ProfileForm initial={p} submitLabel="Save profile" onSaved={() => setEditing(false)} onCancel={() => setEditing(false)} />
        </section>
      )}
      {p.isMe && !editing && (
        <details className="card share-details">
          <summary>Share your key</summary>
          <KeyShare feed={id} />
        </details>
      )}
      <div className="tabs" role="tablist" aria-label="Profile sections">
        {(['statuses', 'following', 'followers'] as const).map((t) => (
          <button key={t} type="button" role="tab" id={`tab-${t}`} aria-selected={tab === t}
            aria-controls={`panel-${t}`} className={tab === t ? 'tab active' : 'tab'} onClick={() => setTab(t)}>
            {t === 'statuses' ? 'Statuses' : t === 'following' ? `Following (${p.followingKeys.length})` : `Followers (${p.followerKeys.length})`}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`}>
        {tab === 'statuses' && (known ? <ProfileStatuses feed={id} /> : <PreviewStatuses feed={id} />)}
        {tab === 'following' && (
          <People keys={p.followingKeys} empty={known ? 'Not following anyone yet.' : 'Follow them to see who they follow.'} />
        )}
        {tab === 'followers' && (
          <People keys={p.followerKeys} empty="No followers that this device can see. Only follow lists of feeds you hold are known here." />
        )}
      </div>
    </div>
  )
}

function ProfileHeader(props: {
  feed: FeedKey; name: string | null; bio: string; statuses: number; following: boolean; isMe: boolean; followsMe: boolean
  avatar?: ImageAttachment | undefined; left: boolean; handle?: string | undefined; handleVerified: boolean
  onEdit: () => void
}) {
  // Just followed, their profile record may not have arrived yet: the preview already had it.
  const preview = usePreview(props.name === null && !props.isMe ? props.feed : null)
  const name = props.name ?? preview.data?.profile.name ?? null
  return (
    <header className="profile-header card">
      <Avatar feed={props.feed} name={name} size="lg" image={props.avatar} />
      <div className="profile-id">
        <h1><bdi>{cleanName(name) ?? 'Unnamed'}</bdi></h1>
        {props.handle && <HandleLine handle={props.handle} verified={props.handleVerified} />}
        <KeyLine feed={props.feed} />
        {props.followsMe && <span className="badge-soft">Follows you</span>}
        {props.left && <span className="badge-soft">This account was deleted by its owner</span>}
      </div>
      <div className="profile-actions">
        {props.isMe ? (
          <button type="button" className="button" onClick={props.onEdit}>Edit profile</button>
        ) : (
          <>
            <FollowButton feed={props.feed} following={props.following} name={name} />
            {!props.left && <a className="button" href={href.messages({ to: props.feed })}>Message</a>}
            <ModerationButtons feed={props.feed} name={name} />
          </>
        )}
      </div>
      {props.bio ? <StatusText text={props.bio} bio /> : props.isMe ? <p className="profile-bio muted">Add a bio so people know who you are.</p> : null}
      {!props.isMe && <ListMembership person={props.feed} />}
    </header>
  )
}

/** Someone not followed: what a peer that has their feed tells us, fetched without following. */
function StrangerHeader({ feed, localName, localBio }: { feed: FeedKey; localName: string | null; localBio: string }) {
  const preview = usePreview(feed)
  const name = preview.data?.profile.name ?? localName
  const bio = preview.data?.profile.bio || localBio
  return (
    <header className="profile-header card">
      <Avatar feed={feed} name={name} size="lg" image={preview.data?.profile.avatar} />
      <div className="profile-id">
        <h1>{name ?? 'Unknown person'}</h1>
        <KeyLine feed={feed} />
      </div>
      <div className="profile-actions">
        <FollowButton feed={feed} following={false} name={name} />
        <a className="button" href={href.messages({ to: feed })}>Message</a>
        <ModerationButtons feed={feed} name={name} />
      </div>
      {bio && <StatusText text={bio} bio />}
      <ListMembership person={feed} />
      {preview.loading && <p className="muted" role="status">Looking for a peer that has this feed…</p>}
      {preview.data && !preview.data.reachable && (
        <p className="muted">No peer with this feed answered yet. You can follow anyway: their statuses arrive when one comes online.</p>
      )}
    </header>
  )
}

/** A claimed domain: @handle with a mark once the domain names this key; otherwise said to be unverified. */
function HandleLine({ handle, verified }: { handle: string; verified: boolean }) {
  return verified ? (
    <p className="profile-handle">
      <span>@{handle}</span>
      <span className="verified-mark" role="img" aria-label="verified" title={`${handle} names this key`}><CheckIcon /></span>
    </p>
  ) : (
    <p className="profile-handle muted" title="The domain does not name this key, or has not been asked yet">
      {handle} (not verified)
    </p>
  )
}

function KeyLine({ feed }: { feed: FeedKey }) {
  const toast = useToast()
  return (
    <p className="profile-key">
      <code title={feed}>{shortKey(feed)}…</code>
      <button type="button" className="link-button" onClick={async () => toast((await copyText(feed)) ? 'Key copied' : feed)}>
        Copy key
      </button>
    </p>
  )
}

function FollowButton({ feed, following, name }: { feed: FeedKey; following: boolean; name: string | null }) {
  const follow = useMutation('follow')
  const unfollow = useMutation('unfollow')
  const toast = useToast()
  const who = name ?? shortKey(feed)
  const busy = follow.pending || unfollow.pending
  return (
    <>
      {following ? (
        <button type="button" className="button" disabled={busy} aria-label={`Unfollow ${who}`}
          onClick={async () => {
            const o = await unfollow.run({ key: feed })
            toast(o.ok ? `Unfollowed ${who}` : o.error.message)
          }}>
          Unfollow
        </button>
      ) : (
        <button type="button" className="button primary" disabled={busy} aria-label={`Follow ${who}`}
          onClick={async () => {
            const o = await follow.run({ key: feed })
            toast(o.ok ? `Following ${who}` : o.error.message)
          }}>
          Follow
        </button>
      )}
    </>
  )
}

function ProfileStatuses({ feed }: { feed: FeedKey }) {
  const api = useApi()
  const fetchPage = useCallback(
    (cursor: string | undefined) => api.call('profileStatuses', { key: feed, limit: 30, ...(cursor ? { cursor } : {}) }),
    [api, feed]
  )
  return (
    <>
      <PinnedStatuses feed={feed} />
      <StatusFeed queryKey={`profile:${feed}`} fetchPage={fetchPage} methods={['profileStatuses']}
        label="Statuses" empty={<EmptyState title="No statuses yet" />} />
    </>
  )
}

function PreviewStatuses({ feed }: { feed: FeedKey }) {
  const preview = usePreview(feed)
  if (preview.loading) return <Loading label="Fetching their latest statuses…" />
  if (preview.error) return <ErrorNote error={preview.error} onRetry={() => void preview.refetch()} />
  const statuses = preview.data?.statuses ?? []
  if (statuses.length === 0) {
    return <EmptyState title="Nothing to preview"><p>No statuses could be fetched yet. Follow to get them when a peer is online.</p></EmptyState>
  }
  return (
    <div>
      <p className="muted preview-note">A preview of their latest statuses. Follow to get the rest and new ones.</p>
      {statuses.map((s) => <StatusCard key={s.uri} status={s} />)}
    </div>
  )
}

const PEOPLE_PAGE = 50

function People({ keys, empty }: { keys: FeedKey[]; empty: string }) {
  const [shown, setShown] = useState(PEOPLE_PAGE)
  if (keys.length === 0) return <EmptyState title={empty} />
  return (
    <div className="people">
      {keys.slice(0, shown).map((k) => <KnownPerson key={k} feed={k} />)}
      {keys.length > shown && (
        <button type="button" className="button" onClick={() => setShown((n) => n + PEOPLE_PAGE)}>Show more</button>
      )}
    </div>
  )
}

function KnownPerson({ feed }: { feed: FeedKey }) {
  const profile = useQuery('profile', { key: feed })
  return <PersonRow feed={feed} name={profile.data?.name ?? null} bio={profile.data?.bio ?? ''} avatar={profile.data?.avatar}
    handle={profile.data?.handle} handleVerified={profile.data?.handleVerified} />
}
