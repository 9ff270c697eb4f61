// Apps: the access tokens other apps on this computer use to reach rstatus. Each app gets its own
// token, read-only or not, shown once when it is made; revoking one cuts that app off at once. An app the
// person let into their private messages says so, and they can take the messages back without revoking.
import { useId, useState, type FormEvent } from 'react'
import type { AppToken } from '../../../shared/api/tokens.js'
import { useMutation } from '../../api/mutations.js'
import { useAppTokens } from '../../api/queries.js'
import { copyText } from '../../components/clipboard.js'
import { ConfirmDialog } from '../../components/ConfirmDialog.js'
import { RelativeTime } from '../../components/RelativeTime.js'
import { EmptyState, ErrorNote, Loading } from '../../components/States.js'
import { useToast } from '../../components/Toast.js'

export function AppsPage() {
  const tokens = useAppTokens()
  const [created, setCreated] = useState<{ name: string; token: string; readOnly: boolean } | null>(null)

  return (
    <div className="apps-page">
      <header className="page-header">
        <h1>Apps</h1>
        <p className="muted">
          Scripts, feed readers and Twitter clients on this computer can use rstatus while <code>rstatus serve</code> runs.
          Give each app a token of its own, so you can take it back from that app alone.
        </p>
      </header>
      <CreateTokenForm onCreated={setCreated} />
      {created && <NewToken {...created} onDone={() => setCreated(null)} />}
      <section className="card" aria-labelledby="apps-list">
        <h2 id="apps-list">Tokens</h2>
        {tokens.loading ? (
          <Loading />
        ) : tokens.error ? (
          <ErrorNote error={tokens.error} onRetry={() => void tokens.refetch()} />
        ) : tokens.data && tokens.data.length > 0 ? (
          <ul className="app-tokens">
            {tokens.data.map((t) => <TokenRow key={t.name} token={t} />)}
          </ul>
        ) : (
          <EmptyState title="No app tokens yet">Create one above for each app that should reach rstatus.</EmptyState>
        )}
      </section>
    </div>
  )
}

function CreateTokenForm({ onCreated }: { onCreated: (t: { name: string; token: string; readOnly: boolean }) => void }) {
  const nameId = useId()
  const readOnlyId = useId()
  const helpId = useId()
  const [name, setName] = useState('')
  const [readOnly, setReadOnly] = useState(true)
  const create = useMutation('createAppToken')

  async function submit(e: FormEvent) {
    e.preventDefault()
    const outcome = await create.run({ name: name.trim(), readOnly })
    if (!outcome.ok) return
    onCreated({ name: outcome.result.name, token: outcome.result.token, readOnly: outcome.result.readOnly })
    setName('')
  }

  return (
    <form className="card" onSubmit={submit} aria-labelledby={`${nameId}-title`}>
      <h2 id={`${nameId}-title`}>New token</h2>
      <div className="field">
        <label htmlFor={nameId}>App name</label>
        <input id={nameId} value={name} maxLength={64} autoComplete="off" aria-describedby={helpId}
          onChange={(e) => {
            setName(e.target.value)
            create.reset()
          }} placeholder="e.g. feed reader" />
        <span id={helpId} className="field-help">To recognise the token later: letters, digits, spaces, dots, dashes.</span>
      </div>
      <div className="field">
        <label htmlFor={readOnlyId} className="check">
          <input id={readOnlyId} type="checkbox" checked={readOnly} onChange={(e) => setReadOnly(e.target.checked)} />
          Read-only
        </label>
        <span className="field-help">
          A read-only app can read your timeline and profiles. Without it, the app can also post, reply, like, follow
          and delete as you.
        </span>
      </div>
      {create.error && <p className="form-error" role="alert">{create.error.message}</p>}
      <div className="form-actions">
        <button type="submit" className="button primary" disabled={name.trim() === '' || create.pending}>
          {create.pending ? 'Creating…' : 'Create token'}
        </button>
      </div>
    </form>
  )
}

function NewToken({ name, token, readOnly, onDone }: { name: string; token: string; readOnly: boolean; onDone: () => void }) {
  const toast = useToast()
  const titleId = useId()
  return (
    <section className="card new-token" aria-labelledby={titleId}>
      <h2 id={titleId}>Token for {name}</h2>
      <p>
        Copy it into the app now: rstatus keeps only a fingerprint of it and cannot show it again. The app sends it
        as <code>Authorization: Bearer …</code>{readOnly ? ' and can only read.' : '.'}
      </p>
      <div className="key-row">
        <span className="key-label">Token</span>
        <button type="button" className="button small"
          onClick={async () => toast((await copyText(token)) ? 'Token copied' : 'Could not copy: select the token and copy it')}>
          Copy
        </button>
        <code className="key-value" aria-label={`Token for ${name}`}>{token}</code>
      </div>
      <div className="form-actions">
        <button type="button" className="button" onClick={onDone}>Done</button>
      </div>
    </section>
  )
}

function TokenRow({ token }: { token: AppToken }) {
  const revoke = useMutation('revokeAppToken')
  const withdraw = useMutation('setAppTokenMessages')
  const toast = useToast()
  const [confirming, setConfirming] = useState(false)
  return (
    <li className="app-token">
      <div className="app-token-text">
        <strong>{token.name}</strong>
        <span className="badge-soft">{token.readOnly ? 'Read-only' : 'Read and write'}</span>
        {token.messages && <span className="badge-soft">{token.readOnly ? 'Reads your messages' : 'Reads and sends your messages'}</span>}
        <span className="hint">
          Created <RelativeTime at={token.createdAt} /> · {token.lastUsedAt === null ? 'never used' : <>last used <RelativeTime at={token.lastUsedAt} /></>}
        </span>
      </div>
      {token.messages && (
        <button type="button" className="button small" disabled={withdraw.pending} aria-label={`Take your messages back from ${token.name}`}
          onClick={async () => {
            if ((await withdraw.run({ name: token.name, on: false })).ok) toast(`${token.name} no longer reaches your messages`)
          }}>
          Take messages back
        </button>
      )}
      {withdraw.error && <ErrorNote error={withdraw.error} />}
      <button type="button" className="button small" disabled={revoke.pending} aria-label={`Revoke ${token.name}`}
        onClick={() => setConfirming(true)}>
        Revoke
      </button>
      {revoke.error && <ErrorNote error={revoke.error} />}
      {confirming && (
        <ConfirmDialog
          title={`Revoke ${token.name}?`}
          body="The app using this token loses access at once. This cannot be undone; you can create a new token later."
          confirmLabel="Revoke"
          danger
          onCancel={() => setConfirming(false)}
          onConfirm={async () => {
            setConfirming(false)
            if ((await revoke.run({ name: token.name })).ok) toast(`Revoked ${token.name}`)
          }}
        />
      )}
    </li>
  )
}
