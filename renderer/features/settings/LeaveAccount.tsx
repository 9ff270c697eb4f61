// Deleting the account, with what it can and cannot undo said plainly before anything happens.
import { useState } from 'react'
import type { LeaveResult } from '../../../shared/api/account.js'
import { LEAVE_CONFIRMATION } from '../../../shared/api/account.js'
import { useApi, useCache } from '../../api/ApiContext.js'
import { ConfirmDialog } from '../../components/ConfirmDialog.js'

export function LeaveAccount({ left }: { left: boolean }) {
  const api = useApi()
  const cache = useCache()
  const [confirming, setConfirming] = useState(false)
  const [busy, setBusy] = useState(false)
  const [result, setResult] = useState<LeaveResult | null>(null)
  const [error, setError] = useState<string | null>(null)

  async function leave() {
    setConfirming(false)
    setBusy(true)
    setError(null)
    try {
      setResult(await api.call('leave', { confirm: LEAVE_CONFIRMATION }))
      cache.invalidate(['whoami', 'timeline', 'profile', 'profileStatuses', 'following', 'storage'])
    } catch (err) {
      setError((err as Error).message)
    } finally {
      setBusy(false)
    }
  }

  return (
    <div>
      <p>Deleting your account:</p>
      <ul>
        <li>adds a tombstone for every status and repost you made, withdraws your likes, empties your follow list, and replaces your profile with “Deleted account”;</li>
        <li>then stops sharing your feed from this device. Apps that follow the rstatus rules hide everything the tombstones name.</li>
      </ul>
      <p>It cannot undo:</p>
      <ul>
        <li>copies other people already hold: a feed cannot be unpublished, and an app that ignores tombstones can still show them;</li>
        <li>screenshots, quotes and replies others wrote;</li>
        <li>it cannot be reversed: this account can no longer post. Your feed stays on this computer until you delete rstatus's data folder.</li>
      </ul>
      {left && !result ? (
        <p role="status">You deleted this account. Running it again while online helps the tombstones reach your followers.</p>
      ) : null}
      <button type="button" className="button danger" disabled={busy} onClick={() => setConfirming(true)}>
        {busy ? 'Deleting…' : left ? 'Share the tombstones again' : 'Delete my account…'}
      </button>
      {result && (
        <p role="status">
          Your account is deleted ({result.records} records written).{' '}
          {result.handedOff ? 'A peer took them and passes them on.' : 'No peer was online to take them yet: keep rstatus open while online, or run this again later.'}
        </p>
      )}
      {error && <p className="form-error" role="alert">{error}</p>}
      {confirming && (
        <ConfirmDialog
          title="Delete your account?"
          body="Every status gets a tombstone and your feed stops being shared. People who already hold copies keep them. This cannot be undone."
          confirmLabel="Delete my account"
          danger
          onConfirm={() => void leave()}
          onCancel={() => setConfirming(false)}
        />
      )}
    </div>
  )
}
