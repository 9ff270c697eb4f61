// Bringing a Twitter/X archive in: choose the zip, watch it go to the engine, then watch the tweets become
// statuses (with their dates, threads and photos). Importing the same archive again adds nothing twice.
import { useEffect, useState, type ChangeEvent } from 'react'
import type { ImportProgress } from '../../../shared/api/account.js'
import { uploadBytes } from '../../../shared/upload.js'
import { useApi, useCache } from '../../api/ApiContext.js'

type Stage = { kind: 'idle' } | { kind: 'sending'; sent: number; total: number } | { kind: 'importing'; progress: ImportProgress } | { kind: 'error'; message: string }

export function ImportTwitter() {
  const api = useApi()
  const cache = useCache()
  const [stage, setStage] = useState<Stage>({ kind: 'idle' })

  // An import started earlier (or from the CLI) is shown as it goes on.
  useEffect(() => {
    let live = true
    api.call('importStatus', {}).then((p) => live && p && setStage({ kind: 'importing', progress: p }), () => {})
    const off = api.on('importProgress', (p) => {
      setStage({ kind: 'importing', progress: p })
      if (p.state !== 'running') cache.invalidate(['timeline', 'profileStatuses', 'profile', 'whoami', 'storage'])
    })
    return () => {
      live = false
      off()
    }
  }, [api, cache])

  async function choose(e: ChangeEvent<HTMLInputElement>) {
    const file = e.target.files?.[0]
    e.target.value = ''
    if (!file) return
    try {
      setStage({ kind: 'sending', sent: 0, total: file.size })
      const upload = await uploadBytes(api, new Uint8Array(await file.arrayBuffer()), (sent, total) => setStage({ kind: 'sending', sent, total }))
      const progress = await api.call('importTwitter', { upload })
      setStage((s) => (s.kind === 'importing' && s.progress.id === progress.id ? s : { kind: 'importing', progress }))
    } catch (err) {
      setStage({ kind: 'error', message: (err as Error).message })
    }
  }

  const busy = stage.kind === 'sending' || (stage.kind === 'importing' && stage.progress.state === 'running')
  return (
    <div className="import-twitter">
      <p className="muted">
        Request your archive from Twitter/X (Settings → Your account → Download an archive of your data), then choose
        the zip here. Your tweets become statuses with their original dates; your own threads stay threads and photos
        come along. Retweets are left out. Importing the same archive again adds nothing twice.
      </p>
      <label className={busy ? 'button file-button disabled' : 'button file-button'}>
        Choose your archive (.zip)
        <input type="file" accept=".zip,application/zip" disabled={busy} onChange={(e) => void choose(e)} />
      </label>
      <ImportStage stage={stage} />
    </div>
  )
}

function ImportStage({ stage }: { stage: Stage }) {
  switch (stage.kind) {
    case 'idle':
      return null
    case 'error':
      return <p className="form-error" role="alert">{stage.message}</p>
    case 'sending':
      return (
        <div className="import-progress">
          <progress className="progress" value={stage.sent} max={stage.total} aria-label="Sending the archive" />
          <p role="status">Sending the archive: {Math.floor((stage.sent / Math.max(1, stage.total)) * 100)}%</p>
        </div>
      )
    case 'importing': {
      const p = stage.progress
      const counts = `${p.added} added, ${p.skipped} skipped, ${p.images} photo${p.images === 1 ? '' : 's'}`
      return (
        <div className="import-progress">
          <progress className="progress" value={p.done} max={Math.max(1, p.total)} aria-label="Import progress" />
          <p role="status">
            {p.state === 'running' && `Importing: ${p.done} of ${p.total} tweets (${counts})`}
            {p.state === 'done' && `Import finished: ${counts}.${p.message ? ` Skipped: ${p.message}.` : ''}`}
            {p.state === 'failed' && `The import stopped after ${p.done} of ${p.total} tweets: ${p.message ?? 'unknown error'}`}
          </p>
        </div>
      )
    }
  }
}
