// Says when the engine cannot be reached: the server's socket dropped (it keeps trying), or the desktop
// app's engine stopped (it offers a restart).
import { useConnectionState } from '../api/ApiContext.js'

export function ConnectionBanner() {
  const { state, kind, message, retry } = useConnectionState()
  if (state !== 'lost') return null
  return (
    <div className="banner" role="alert">
      {kind === 'engine' ? (
        <>
          <span>{message ?? 'The rstatus engine stopped. Your data is safe.'}</span>
          <button type="button" className="button small" onClick={retry}>Restart the engine</button>
        </>
      ) : message ? (
        <>
          <span>{message}</span>
          <button type="button" className="button small" onClick={retry}>Check again</button>
        </>
      ) : (
        <>
          <span>Connection to rstatus lost. Reconnecting… Is <code>rstatus serve</code> still running?</span>
          <button type="button" className="button small" onClick={retry}>Retry now</button>
        </>
      )}
    </div>
  )
}
