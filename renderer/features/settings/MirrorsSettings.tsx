// Mirrors: always-on machines that keep this person's feed, images and devices' feeds while their computers
// are off. Adding one asks it to keep them; removing one asks it to delete what it holds, where it allows that.
import { useId, useState, type FormEvent } from 'react'
import type { MirrorState } from '../../../shared/api/mirrors.js'
import { useMutation } from '../../api/mutations.js'
import { useQuery } from '../../api/useQuery.js'
import { ConfirmDialog } from '../../components/ConfirmDialog.js'
import { EmptyState, ErrorNote, Loading } from '../../components/States.js'
import { useToast } from '../../components/Toast.js'

export function MirrorsSettings({ peer }: { peer: string }) {
  const mirrors = useQuery('mirrors', {})
  return (
    <>
      <p className="muted">
        A mirror keeps your feed readable while your computers are off. Run one on an always-on machine with{' '}
        <code>rstatus mirror serve --trust {peer}</code> (this device's network key), then add the key it prints.
      </p>
      {mirrors.loading ? (
        <Loading />
      ) : mirrors.error ? (
        <ErrorNote error={mirrors.error} onRetry={() => void mirrors.refetch()} />
      ) : mirrors.data && mirrors.data.length > 0 ? (
        <ul className="mirrors" aria-label="Your mirrors">
          {mirrors.data.map((m) => <MirrorRow key={m.key} mirror={m} />)}
        </ul>
      ) : (
        <EmptyState title="No mirrors yet">While you are offline, your feed is readable only from your followers.</EmptyState>
      )}
      <AddMirrorForm />
    </>
  )
}

/** What a mirror holds, in words. */
export function mirrorStateWords(m: MirrorState): string {
  const reach = m.reachable ? 'Reachable' : 'Not reachable now'
  if (!m.reachable && m.held === 0) return reach
  return m.behind === 0 ? `${reach} · holds everything (${m.held} blocks)` : `${reach} · holds ${m.held} blocks, ${m.behind} behind`
}

function MirrorRow({ mirror }: { mirror: MirrorState }) {
  const remove = useMutation('mirrorRemove')
  const toast = useToast()
  const [confirming, setConfirming] = useState(false)
  return (
    <li className="mirror">
      <code className="key-value">{mirror.key}</code>
      <span className={mirror.reachable && mirror.behind === 0 ? 'hint' : 'hint warn'}>{mirrorStateWords(mirror)}</span>
      <button type="button" className="button small" disabled={remove.pending} aria-label={`Remove mirror ${mirror.key}`} onClick={() => setConfirming(true)}>
        Remove
      </button>
      {remove.error && <ErrorNote error={remove.error} />}
      {confirming && (
        <ConfirmDialog
          title="Remove this mirror?"
          body="It stops keeping your feed, and is asked to delete what it holds. A mirror that does not trust you, or cannot be reached, keeps its copy until its own clean-up."
          confirmLabel="Remove"
          danger
          onCancel={() => setConfirming(false)}
          onConfirm={async () => {
            setConfirming(false)
            const outcome = await remove.run({ key: mirror.key })
            if (outcome.ok) toast(outcome.result.deleted ? 'Mirror removed; it deleted what it held' : `Mirror removed; ${outcome.result.reason ?? 'it kept its copy'}`)
          }}
        />
      )}
    </li>
  )
}

function AddMirrorForm() {
  const keyId = useId()
  const [key, setKey] = useState('')
  const add = useMutation('mirrorAdd')
  const toast = useToast()

  async function submit(e: FormEvent) {
    e.preventDefault()
    if ((await add.run({ key: key.trim() })).ok) {
      setKey('')
      toast('Mirror added')
    }
  }

  return (
    <form onSubmit={submit} className="mirror-add">
      <div className="field">
        <label htmlFor={keyId}>Mirror key</label>
        <input id={keyId} value={key} autoComplete="off" spellCheck={false} placeholder="the key rstatus mirror serve printed"
          onChange={(e) => {
            setKey(e.target.value)
            add.reset()
          }} />
      </div>
      {add.error && <p className="form-error" role="alert">{add.error.message}</p>}
      <div className="form-actions">
        <button type="submit" className="button primary" disabled={key.trim() === '' || add.pending}>{add.pending ? 'Adding…' : 'Add mirror'}</button>
      </div>
    </form>
  )
}
