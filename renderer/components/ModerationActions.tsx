// Mute and block, for a person: on their profile as buttons, and behind ⋯ on each of their statuses. Both
// lists stay on this device. Blocking asks first, and can also delete what this device holds of them.
import { useState } from 'react'
import { shortKey, type FeedKey } from '../../shared/keys.js'
import { useMutation } from '../api/mutations.js'
import { useModeration } from '../api/queries.js'
import { ConfirmDialog } from './ConfirmDialog.js'
import { useToast } from './Toast.js'

export function useModerationState(feed: FeedKey): { blocked: boolean; muted: boolean } {
  const lists = useModeration().data
  return {
    blocked: lists?.blocked.some((p) => p.key === feed) ?? false,
    muted: lists?.muted.some((p) => p.key === feed) ?? false
  }
}

/** The buttons on a profile. */
export function ModerationButtons({ feed, name }: { feed: FeedKey; name: string | null }) {
  const { blocked, muted } = useModerationState(feed)
  const mute = useMutation(muted ? 'unmute' : 'mute')
  const unblock = useMutation('unblock')
  const toast = useToast()
  const [blocking, setBlocking] = useState(false)
  const who = name ?? shortKey(feed)
  return (
    <div className="moderation-actions">
      <button type="button" className="button small" disabled={mute.pending} aria-label={`${muted ? 'Unmute' : 'Mute'} ${who}`}
        onClick={async () => {
          const o = await mute.run({ key: feed })
          toast(o.ok ? (muted ? `Unmuted ${who}` : `Muted ${who}: hidden from your home and notifications`) : o.error.message)
        }}>
        {muted ? 'Unmute' : 'Mute'}
      </button>
      {blocked ? (
        <button type="button" className="button small" disabled={unblock.pending} aria-label={`Unblock ${who}`}
          onClick={async () => {
            const o = await unblock.run({ key: feed })
            toast(o.ok ? `Unblocked ${who}` : o.error.message)
          }}>
          Unblock
        </button>
      ) : (
        <button type="button" className="button small danger" aria-label={`Block ${who}`} onClick={() => setBlocking(true)}>
          Block
        </button>
      )}
      {blocking && <BlockDialog feed={feed} who={who} onDone={() => setBlocking(false)} />}
    </div>
  )
}

/** Behind ⋯ on a status: mute or block its author. */
export function StatusModerationDialog({ feed, name, onDone }: { feed: FeedKey; name: string | null; onDone: () => void }) {
  const [step, setStep] = useState<'choose' | 'block'>('choose')
  const { muted } = useModerationState(feed)
  const mute = useMutation(muted ? 'unmute' : 'mute')
  const toast = useToast()
  const who = name ?? shortKey(feed)
  if (step === 'block') return <BlockDialog feed={feed} who={who} onDone={onDone} />
  return (
    <ConfirmDialog
      title={`${who}`}
      body={muted ? `You muted ${who}.` : `Mute ${who} to hide their statuses from your home and notifications, or block them to stop getting their feed at all.`}
      confirmLabel={muted ? 'Unmute' : 'Mute'}
      onCancel={onDone}
      onConfirm={async () => {
        onDone()
        const o = await mute.run({ key: feed })
        toast(o.ok ? `${muted ? 'Unmuted' : 'Muted'} ${who}` : o.error.message)
      }}
    >
      <p>
        <button type="button" className="button small danger" onClick={() => setStep('block')}>Block {who}…</button>
      </p>
    </ConfirmDialog>
  )
}

function BlockDialog({ feed, who, onDone }: { feed: FeedKey; who: string; onDone: () => void }) {
  const block = useMutation('block')
  const toast = useToast()
  const [deleteData, setDeleteData] = useState(true)
  return (
    <ConfirmDialog
      title={`Block ${who}?`}
      body="Their statuses are hidden everywhere, and this device stops fetching their feed and passing it on to others. They are not told."
      confirmLabel="Block"
      danger
      onCancel={onDone}
      onConfirm={async () => {
        onDone()
        const o = await block.run({ key: feed, deleteData })
        toast(o.ok ? `Blocked ${who}` : `Could not block: ${o.error.message}`)
      }}
    >
      <label className="check-row">
        <input type="checkbox" checked={deleteData} onChange={(e) => setDeleteData(e.target.checked)} />
        Also delete what this device holds of their feed
      </label>
    </ConfirmDialog>
  )
}
