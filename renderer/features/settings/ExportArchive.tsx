// Taking your history with you: your statuses, profile and follow list as one JSON file (docs/EXPORT.md).
import { useState } from 'react'
import { useApi } from '../../api/ApiContext.js'
import { downloadJson } from '../../components/download.js'

export function ExportArchive() {
  const api = useApi()
  const [state, setState] = useState<{ busy: boolean; note: string | null }>({ busy: false, note: null })

  async function download() {
    setState({ busy: true, note: null })
    try {
      const archive = await api.call('exportArchive', {})
      downloadJson(`rstatus-export-${new Date(archive.exportedAt).toISOString().slice(0, 10)}.json`, archive)
      setState({ busy: false, note: `Exported ${archive.statuses.length} statuses.` })
    } catch (err) {
      setState({ busy: false, note: `Could not export: ${(err as Error).message}` })
    }
  }

  return (
    <div>
      <p className="muted">
        A JSON file with your statuses (with their links and dates), your profile and who you follow. Images are
        listed by where they are stored; <code>rstatus export FILE --media</code> puts the images themselves in too.
      </p>
      <button type="button" className="button" disabled={state.busy} onClick={() => void download()}>
        {state.busy ? 'Preparing…' : 'Download my archive'}
      </button>
      {state.note && <p role="status">{state.note}</p>}
    </div>
  )
}
