// Backing up the identity: the file holds the secret the feed is signed with, so the page says what it is
// for, and what not to do with it, before it hands it over.
import { useState } from 'react'
import { useApi } from '../../api/ApiContext.js'
import { ConfirmDialog } from '../../components/ConfirmDialog.js'
import { downloadJson } from '../../components/download.js'

export function BackupIdentity() {
  const api = useApi()
  const [state, setState] = useState<{ busy: boolean; note: string | null }>({ busy: false, note: null })
  const [asking, setAsking] = useState(false)

  async function download() {
    setState({ busy: true, note: null })
    try {
      const backup = await api.call('exportIdentity', {})
      downloadJson(`rstatus-identity-${backup.feed.slice(0, 8)}.json`, backup)
      setState({ busy: false, note: 'Saved. Keep the file somewhere only you can reach.' })
    } catch (err) {
      setState({ busy: false, note: `Could not back up: ${(err as Error).message}` })
    }
  }

  return (
    <div>
      <p className="muted">
        A backup lets you restore this identity on a new computer (<code>rstatus identity import FILE</code> into a
        new data folder); it fetches your feed back from your followers before it lets you post.
      </p>
      <p className="warning">
        Whoever holds the file can post as you. Run one identity on one computer at a time: two running copies
        write two different histories and fork your feed. To post from a second computer, add it as a device
        instead.
      </p>
      <button type="button" className="button" disabled={state.busy} onClick={() => setAsking(true)}>
        {state.busy ? 'Preparing…' : 'Download a backup of my identity'}
      </button>
      {asking && (
        <ConfirmDialog
          title="Download your secret key?"
          body={'The file holds the secret key your statuses are signed with. Anyone who gets it can post as you, '
            + 'so keep it offline or in a password manager, and never send it to anyone.'}
          confirmLabel="Download the key file"
          onCancel={() => setAsking(false)}
          onConfirm={() => {
            setAsking(false)
            void download()
          }}
        />
      )}
      {state.note && <p role="status">{state.note}</p>}
    </div>
  )
}
