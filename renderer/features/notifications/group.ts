// Notifications as a person reads them: likes of the same status, reposts of the same status, and new
// followers each become one line ("Alice and 3 others liked your status"), where the newest of them was.
import type { Notification } from '../../../shared/api/notifications.js'

export interface NotificationGroup {
  /** The newest of the group: whose name leads, and where the group sits. */
  lead: Notification
  /** The rest, newest first, without a second entry for the same person. */
  others: Notification[]
  read: boolean
}

export function groupNotifications(items: readonly Notification[]): NotificationGroup[] {
  const groups: NotificationGroup[] = []
  const byKey = new Map<string, NotificationGroup>()
  for (const n of items) {
    const key = groupKey(n)
    const group = key === null ? undefined : byKey.get(key)
    if (!group) {
      const fresh = { lead: n, others: [], read: n.read }
      groups.push(fresh)
      if (key !== null) byKey.set(key, fresh)
      continue
    }
    if (!n.read) group.read = false
    if (group.lead.from.key !== n.from.key && !group.others.some((o) => o.from.key === n.from.key)) group.others.push(n)
  }
  return groups
}

function groupKey(n: Notification): string | null {
  if (n.kind === 'follow') return 'follow'
  if ((n.kind === 'like' || n.kind === 'repost') && n.subject) return `${n.kind}|${n.subject}`
  return null
}

/** "Alice", "Alice and Bob", "Alice and 3 others". */
export function whoLine(names: string[]): string {
  const [first = '', second] = names
  if (names.length <= 1) return first
  if (names.length === 2) return `${first} and ${second}`
  return `${first} and ${names.length - 1} others`
}
