// The handlers of shared/api/notifications.ts, straight from the views.
import type { notifications } from '../../../shared/api/notifications.js'
import type { ViewStore } from '../views/worker.js'
import type { AreaHandlers } from './api.js'

export interface NotificationServices {
  views: Pick<ViewStore, 'notifications' | 'markNotificationsRead' | 'requests'>
}

export function notificationHandlers({ views }: NotificationServices): AreaHandlers<typeof notifications> {
  return {
    notifications: (page) => views.notifications(page),
    markNotificationsRead: ({ upTo }) => views.markNotificationsRead(Math.min(upTo ?? Date.now(), Date.now())),
    requests: (page) => views.requests(page)
  }
}
