// One status as every list shows it: who, when, what, and what can be done with it.
import { memo, useState, type MouseEvent } from 'react'
import type { StatusView } from '../../../shared/api/shapes.js'
import { shortKey } from '../../../shared/keys.js'
import { useMutation } from '../../api/mutations.js'
import { useWhoAmI } from '../../api/queries.js'
import { href, navigate, statusHref } from '../../navigation/routes.js'
import { HandleMark } from '../HandleMark.js'
import { Avatar } from '../Avatar.js'
import { copyText } from '../clipboard.js'
import { ConfirmDialog } from '../ConfirmDialog.js'
import { StatusModerationDialog } from '../ModerationActions.js'
import { RelativeTime } from '../RelativeTime.js'
import { cleanName } from '../../../shared/mention-display.js'
import { BookmarkButton } from './BookmarkButton.js'
import { OwnStatusMenu } from './OwnStatusMenu.js'
import { StatusBody } from './StatusBody.js'
import { useToast } from '../Toast.js'

export interface StatusCardProps {
  status: StatusView
  /** Highlighted as the status a thread is about. */
  focus?: boolean
  /** Shown under the status it answers, so "Replying to" would say nothing new. */
  underParent?: boolean
}

export const StatusCard = memo(function StatusCard({ status, focus = false, underParent = false }: StatusCardProps) {
  const whoami = useWhoAmI().data
  const me = whoami?.key
  const name = cleanName(status.author.name) ?? 'Unnamed'
  // Deletable only on the device that wrote it (its own feed); the author may be this identity's other device.
  const own = whoami !== undefined && status.feed === whoami.device
  const mine = me !== undefined && status.author.key === me
  const statusLink = href.status(status.feed, status.seq)

  function openThread(e: MouseEvent<HTMLElement>) {
    const target = e.target as HTMLElement
    if (focus || target.closest('a, button, [role="alertdialog"]') || window.getSelection()?.toString()) return
    navigate(statusLink)
  }

  return (
    <article
      className={focus ? 'status status-focus' : 'status'}
      aria-label={`Status by ${name}`}
      tabIndex={-1}
      onClick={openThread}
    >
      {status.repostedBy && (
        <p className="status-context reposted-by">
          <a href={href.profile(status.repostedBy.key)}><bdi>{cleanName(status.repostedBy.name) ?? shortKey(status.repostedBy.key)}</bdi></a>
          &nbsp;reposted
        </p>
      )}
      <Avatar feed={status.author.key} name={status.author.name} image={status.author.avatar} href={href.profile(status.author.key)} />
      <header className="status-header">
        <a href={href.profile(status.author.key)} className="status-author"><bdi>{name}</bdi></a>
        {status.author.handleVerified ? <HandleMark person={status.author} /> : <span className="status-key">{shortKey(status.author.key)}</span>}
        <a href={statusLink} className="status-time">
          <RelativeTime at={status.createdAt} />
        </a>
      </header>
      {status.replyTo && !focus && !underParent && (
        <p className="status-context">
          <a href={statusHref(status.replyTo)}>
            {me !== undefined && (status.replyTo.startsWith(`rstatus://${me}/`) || status.replyToAuthor?.key === me)
              ? 'Replying to you'
              : cleanName(status.replyToAuthor?.name) ? <>Replying to <bdi>{cleanName(status.replyToAuthor?.name)}</bdi></> : 'Replying to a status'}
          </a>
        </p>
      )}
      <StatusBody status={status} />
      <StatusActions status={status} own={own} mine={mine} />
    </article>
  )
})

function StatusActions({ status, own, mine }: { status: StatusView; own: boolean; mine: boolean }) {
  const toast = useToast()
  const like = useMutation('like')
  const unlike = useMutation('unlike')
  const repost = useMutation('repost')
  const unrepost = useMutation('unrepost')
  const remove = useMutation('delete')
  const [confirming, setConfirming] = useState(false)
  const [moderating, setModerating] = useState(false)
  // Shown at once; the engine's answer replaces it when the status is fetched again.
  // It holds until the status as the engine has it changes, whichever way.
  const [optimistic, setOptimistic] = useState<{ value: Shown; base: Shown } | null>(null)
  const server: Shown = {
    liked: status.likedByMe, likes: status.counts.likes, reposted: status.repostedByMe, reposts: status.counts.reposts
  }
  const shown = optimistic && sameAs(optimistic.base, server) ? optimistic.value : server
  const { replies, quotes = 0 } = status.counts

  async function toggleLike() {
    const wasLiked = shown.liked
    setOptimistic({ base: server, value: { ...shown, liked: !wasLiked, likes: Math.max(0, shown.likes + (wasLiked ? -1 : 1)) } })
    const outcome = wasLiked ? await unlike.run({ of: status.uri }) : await like.run({ of: status.uri })
    if (!outcome.ok) {
      setOptimistic(null)
      toast(`Could not ${wasLiked ? 'unlike' : 'like'}: ${outcome.error.message}`)
    }
  }

  async function toggleRepost() {
    const wasReposted = shown.reposted
    setOptimistic({ base: server, value: { ...shown, reposted: !wasReposted, reposts: Math.max(0, shown.reposts + (wasReposted ? -1 : 1)) } })
    const outcome = wasReposted ? await unrepost.run({ of: status.uri }) : await repost.run({ of: status.uri })
    if (!outcome.ok) {
      setOptimistic(null)
      toast(`Could not ${wasReposted ? 'undo the repost' : 'repost'}: ${outcome.error.message}`)
    } else toast(wasReposted ? 'Repost undone' : 'Reposted to your followers')
  }

  async function copyLink() {
    toast((await copyText(status.uri)) ? 'Link copied' : `Copy this link: ${status.uri}`)
  }

  async function confirmDelete() {
    setConfirming(false)
    const outcome = await remove.run({ uri: status.uri })
    toast(outcome.ok ? 'Status deleted' : `Could not delete: ${outcome.error.message}`)
  }

  return (
    <div className="status-actions" role="group" aria-label="Status actions">
      <a className="action act-reply" href={href.status(status.feed, status.seq, { reply: true })}
        aria-label={`Reply, ${plural(replies, 'reply', 'replies')}`}>
        <Count n={replies} />
      </a>
      <button type="button" className={shown.reposted ? 'action act-repost reposted' : 'action act-repost'}
        aria-pressed={shown.reposted} disabled={repost.pending || unrepost.pending}
        aria-label={`${shown.reposted ? 'Undo repost' : 'Repost'}, ${plural(shown.reposts, 'repost', 'reposts')}`}
        onClick={() => void toggleRepost()}>
        <Count n={shown.reposts} />
      </button>
      <button type="button" className={shown.liked ? 'action act-like liked' : 'action act-like'}
        aria-pressed={shown.liked} disabled={like.pending || unlike.pending}
        aria-label={`${shown.liked ? 'Unlike' : 'Like'}, ${plural(shown.likes, 'like', 'likes')}`}
        onClick={() => void toggleLike()}>
        <Count n={shown.likes} />
      </button>
      <a className="action act-quote" href={href.quote(status.uri)} aria-label={`Quote, ${plural(quotes, 'quote', 'quotes')}`} title="Quote">
        <Count n={quotes} />
      </a>
      <BookmarkButton uri={status.uri} />
      <button type="button" className="action act-copy" aria-label="Copy link" title="Copy link"
        onClick={() => void copyLink()} />
      {!mine && (
        <button type="button" className="action act-more" aria-label={`Mute or block ${status.author.name ?? 'the author'}`}
          title="Mute or block" onClick={() => setModerating(true)} />
      )}
      {moderating && <StatusModerationDialog feed={status.author.key} name={status.author.name} onDone={() => setModerating(false)} />}
      {own && <OwnStatusMenu status={status} />}
      {own && (
        <button type="button" className="action act-delete danger" aria-label="Delete" title="Delete"
          disabled={remove.pending} onClick={() => setConfirming(true)} />
      )}
      {confirming && (
        <ConfirmDialog
          title="Delete this status?"
          body="Followers' apps hide it when they get the deletion. Copies people already hold may still show it in other apps."
          confirmLabel="Delete"
          danger
          onConfirm={() => void confirmDelete()}
          onCancel={() => setConfirming(false)}
        />
      )}
    </div>
  )
}

interface Shown {
  liked: boolean
  likes: number
  reposted: boolean
  reposts: number
}

/** Zero is shown as nothing; the control's name says the number either way. */
function Count({ n }: { n: number }) {
  return n > 0 ? <span className="count" aria-hidden="true">{n}</span> : null
}

function sameAs(a: Shown, b: Shown): boolean {
  return a.liked === b.liked && a.likes === b.likes && a.reposted === b.reposted && a.reposts === b.reposts
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`
}
