import { act, screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { Notification as RstatusNotification } from '../../shared/api/notifications.js'
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
})
