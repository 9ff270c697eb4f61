// Whether the handles of profiles shown are checked with their domains, which then learn this computer's address.
import { useMutation } from '../../api/mutations.js'
import { useHandleSettings } from '../../api/queries.js'

export function HandleChecks() {
  const settings = useHandleSettings()
  const set = useMutation('setHandleChecks')
  const on = settings.data?.checks ?? true
  return (
    <>
      <label className="checkbox">
        <input type="checkbox" checked={on} disabled={!settings.data || set.pending}
          onChange={(e) => void set.run({ on: e.target.checked })} />
        Check handles: show @alice.example.org as verified when the domain names the key
      </label>
      <p className="field-help">
        Checking asks the domain, at most once a day for each handle shown, so its owner learns this computer's address.
        Switched off, handles are not shown as verified. A handle you type to follow or search is always asked.
      </p>
    </>
  )
}
