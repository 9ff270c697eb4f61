// Whether this device tells the people you write with what you have read ("seen").
import { useMutation } from '../../api/mutations.js'
import { useMessageSettings } from '../../api/queries.js'

export function SeenReceipts() {
  const settings = useMessageSettings()
  const set = useMutation('dmSetSeenReceipts')
  const on = settings.data?.seenReceipts ?? true
  return (
    <label className="checkbox">
      <input type="checkbox" checked={on} disabled={!settings.data || set.pending}
        onChange={(e) => void set.run({ on: e.target.checked })} />
      Tell the people I write with when I have seen their messages
    </label>
  )
}
