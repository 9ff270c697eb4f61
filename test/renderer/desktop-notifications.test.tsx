import { act, screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { Notification as RstatusNotification } from '../../shared/api/notifications.js'
import type { DmConversation } from '../../shared/messages.js'
import { statusUri } from '../../shared/keys.js'
import { ALICE, FakeApi, makeStatus, ME } from './fake-api.js'
import { renderApp } from './render.js'

/** The browser's Notification API, as a page sees it once permission is granted. */
class FakeNotification {
  static permission: NotificationPermission = 'default'
  static shown: Array<{ title: string; body: string }> = []
  static requestPermission = vi.fn(async () => (FakeNotification.permission = 'granted'))
  onclick: (() => void) | null = null
  constructor(title: string, opts: { body?: string } = {}) {
    FakeNotification.shown.push({ title, body: opts.body ?? '' })
  }
}

function mention(id: string, text: string): RstatusNotification {
  return {
    id, kind: 'mention', from: { key: ALICE, name: 'alice' }, uri: statusUri(ALICE, 5), createdAt: Date.now(), read: false,
    status: makeStatus(ALICE, 5, text, { author: { key: ALICE, name: 'alice' }, mentions: [{ key: ME, name: 'Me' }] })
  }
}

describe('desktop notifications', () => {
  afterEach(() => {
    localStorage.clear()
    vi.unstubAllGlobals()
  })

  it('are off until switched on in Settings; then a new mention is announced once, and old ones are not', async () => {
    vi.stubGlobal('Notification', FakeNotification)
    const api = new FakeApi()
    api.notifications = [mention('old', 'an old @Me')]
    renderApp(api, '#/settings')
    const user = userEvent.setup()
    const box = await screen.findByRole('checkbox', { name: /desktop notification when someone mentions you/ })
    expect((box as HTMLInputElement).checked).toBe(false)
    await user.click(box)
    await waitFor(() => expect((box as HTMLInputElement).checked).toBe(true))
    expect(FakeNotification.requestPermission).toHaveBeenCalledOnce()

    await waitFor(() => expect(api.callsOf('notifications').length).toBeGreaterThan(0))
    api.notifications = [mention('new', 'ahoy @Me'), ...api.notifications]
    act(() => api.emit('notifications', { unread: 2 }))
    await waitFor(() => expect(FakeNotification.shown).toEqual([{ title: 'alice mentioned you', body: 'ahoy @Me' }]))
    act(() => api.emit('notifications', { unread: 2 }))
    await new Promise((r) => setTimeout(r, 50))
    expect(FakeNotification.shown).toHaveLength(1)

    await user.click(box)
    await waitFor(() => expect((box as HTMLInputElement).checked).toBe(false))
  })

  it('announce a new message from someone else once, never one of the person\'s own nor one already there', async () => {
    vi.stubGlobal('Notification', FakeNotification)
    FakeNotification.permission = 'granted'
    FakeNotification.shown = []
    localStorage.setItem('rstatus.desktopNotifications', 'on')
    const api = new FakeApi()
    const conversation = (n: number, from: string, text: string, unread: number): DmConversation => ({
      id: 'ybndrfg8ejkmcpqxot1uwisza3', members: [ALICE, ME].sort(), unread,
      last: { id: `${from}/${n}`, conversation: 'ybndrfg8ejkmcpqxot1uwisza3', from, device: from, text, createdAt: n, images: [], seenBy: [] }
    })
    let list = [conversation(1, ALICE, 'an old hello', 1)]
    api.overrides = { dmList: () => list }
    renderApp(api, '#/home')
    await waitFor(() => expect(api.callsOf('dmList').length).toBeGreaterThan(0))

    list = [conversation(2, ME, 'my own answer', 0)]
    act(() => api.emit('messages', { conversation: 'ybndrfg8ejkmcpqxot1uwisza3', unread: 1, requests: 0 }))
    await waitFor(() => expect(api.callsOf('dmList').length).toBeGreaterThan(1))
    list = [conversation(3, ALICE, 'are you there?', 1)]
    act(() => api.emit('messages', { conversation: 'ybndrfg8ejkmcpqxot1uwisza3', unread: 1, requests: 0 }))
    await waitFor(() => expect(FakeNotification.shown).toEqual([{ title: 'alice sent you a message', body: 'are you there?' }]))
    act(() => api.emit('messages', { conversation: 'ybndrfg8ejkmcpqxot1uwisza3', unread: 1, requests: 0 }))
    await new Promise((r) => setTimeout(r, 50))
    expect(FakeNotification.shown).toHaveLength(1)
  })
})
