// Desktop notifications for mentions, replies and direct messages: the web Notification API, which a browser tab shows
// through the browser and the desktop app (Electron) through the operating system. Off until the person
// switches them on in Settings (the browser asks for permission then); the choice is kept on this device.
import { useEffect, useSyncExternalStore } from 'react'
import type { Notification as RstatusNotification } from '../../shared/api/notifications.js'
import { shortKey } from '../../shared/keys.js'
import { cleanName } from '../../shared/mention-display.js'
import { useApi } from '../api/ApiContext.js'
import { href, navigate } from '../navigation/routes.js'

const SETTING = 'rstatus.desktopNotifications'
const ANNOUNCED = new Set<RstatusNotification['kind']>(['mention', 'reply'])
const listeners = new Set<() => void>()

export function desktopNotificationsSupported(): boolean {
  return typeof window !== 'undefined' && 'Notification' in window
}

export function desktopNotificationsOn(): boolean {
  return desktopNotificationsSupported() && localStorage.getItem(SETTING) === 'on' && Notification.permission === 'granted'
}

/** Switches them on (asking the browser first) or off; resolves with whether they are on. */
export async function setDesktopNotifications(on: boolean): Promise<boolean> {
  if (on && desktopNotificationsSupported() && Notification.permission !== 'granted') await Notification.requestPermission()
  localStorage.setItem(SETTING, on ? 'on' : 'off')
  for (const fn of [...listeners]) fn()
  return desktopNotificationsOn()
}

export function useDesktopNotificationsOn(): boolean {
  return useSyncExternalStore(
    (fn) => {
      listeners.add(fn)
      return () => void listeners.delete(fn)
    },
    desktopNotificationsOn,
    () => false
  )
}

/** While switched on, announces each new mention or reply once; what was there when the app opened is not news. */
export function useDesktopNotifications(): void {
  const api = useApi()
  const on = useDesktopNotificationsOn()
  useEffect(() => {
    if (!on) return
    let stopped = false
    let known: Set<string> | null = null
    const check = async () => {
      const page = await api.call('notifications', { limit: 20 }).catch(() => null)
      if (!page || stopped) return
      const fresh = page.items.filter((n) => ANNOUNCED.has(n.kind) && !n.read && known !== null && !known.has(n.id))
      known = new Set([...(known ?? []), ...page.items.map((n) => n.id)])
      for (const n of fresh.reverse()) announce(n)
    }
    // Messages: a conversation whose latest message is new, unread and someone else's. As above, what was
    // there when the app opened is not news.
    let me: string | null = null
    let lastSeen: Map<string, string> | null = null
    const checkMessages = async () => {
      me ??= (await api.call('whoami', {}).catch(() => null))?.key ?? null
      const conversations = await api.call('dmList', {}).catch(() => null)
      if (!conversations || !me || stopped) return
      const fresh = conversations.filter(
        (c) => lastSeen !== null && c.last !== null && c.unread > 0 && c.last.from !== me && lastSeen.get(c.id) !== c.last.id
      )
      lastSeen = new Map(conversations.flatMap((c) => (c.last ? [[c.id, c.last.id] as const] : [])))
      for (const c of fresh) {
        const from = c.last!.from
        const name = (await api.call('profile', { key: from }).catch(() => null))?.name ?? null
        if (!stopped) announceMessage(cleanName(name) ?? shortKey(from), c.last!.text, c.id)
      }
    }
    void check()
    void checkMessages()
    const offs = [api.on('notifications', () => void check()), api.on('messages', () => void checkMessages())]
    return () => {
      stopped = true
      offs.forEach((off) => off())
    }
  }, [api, on])
}

function announceMessage(who: string, text: string, conversation: string): void {
  const shown = new Notification(`${who} sent you a message`, { body: text.slice(0, 200), tag: `dm:${conversation}` })
  shown.onclick = () => {
    window.focus()
    navigate(href.messages({ id: conversation }))
  }
}

function announce(n: RstatusNotification): void {
  const who = cleanName(n.from.name) ?? shortKey(n.from.key)
  const shown = new Notification(`${who} ${n.kind === 'reply' ? 'replied to you' : 'mentioned you'}`, {
    body: n.status?.text.slice(0, 200) ?? '',
    tag: n.id
  })
  shown.onclick = () => {
    window.focus()
    navigate(href.notifications())
  }
}
