// The switch for desktop notifications of mentions, replies and messages (components/desktop-notifications.ts).
import { useId, useState } from 'react'
import {
  desktopNotificationsSupported,
  setDesktopNotifications,
  useDesktopNotificationsOn
} from '../../components/desktop-notifications.js'

export function DesktopNotificationsSetting() {
  const on = useDesktopNotificationsOn()
  const id = useId()
  const [note, setNote] = useState<string | null>(null)
  if (!desktopNotificationsSupported()) return <p className="muted">This browser cannot show desktop notifications.</p>
  return (
    <div>
      <label htmlFor={id} className="checkbox-row">
        <input id={id} type="checkbox" checked={on} onChange={async (e) => {
          const wanted = e.target.checked
          const now = await setDesktopNotifications(wanted)
          setNote(wanted && !now ? 'Notifications are blocked for this page: allow them in the browser’s site settings.' : null)
        }} />
        {' '}Show a desktop notification when someone mentions you, replies to you or sends you a message
      </label>
      {note && <p className="warning" role="status">{note}</p>}
    </div>
  )
}
