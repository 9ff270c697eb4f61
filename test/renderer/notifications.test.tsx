import { act, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import type { Notification } from '../../shared/api/notifications.js'
import { statusUri } from '../../shared/keys.js'
import { ALICE, BOB, FakeApi, makeStatus, ME } from './fake-api.js'
import { renderApp } from './render.js'

function note(id: string, kind: Notification['kind'], read = false): Notification {
  const from = kind === 'like' ? { key: BOB, name: 'bob' } : { key: ALICE, name: 'alice' }
  const status = makeStatus(ALICE, 5, 'hey @Me look', { author: { key: ALICE, name: 'alice' }, mentions: [{ key: ME, name: 'Me' }] })
  return {
    id, kind, from, uri: statusUri(from.key, 5), createdAt: Date.now() - 60_000, read,
    ...(kind === 'mention' ? { status } : { subject: statusUri(ME, 1) })
  }
}

const navLink = () => screen.getByRole('link', { name: /^Notifications/ })

describe('notifications', () => {
  it('shows the unread count in the nav and keeps it fresh on events', async () => {
    const api = new FakeApi()
    api.notifications = [note('1', 'mention'), note('2', 'like'), note('3', 'follow', true)]
    renderApp(api)
    await waitFor(() => expect(navLink().getAttribute('aria-label')).toBe('Notifications, 2 unread'))
    expect(within(navLink()).getByText('2')).toBeTruthy()

    api.notifications = [note('4', 'reply'), ...api.notifications]
    act(() => api.emit('notifications', { unread: 3 }))
    await waitFor(() => expect(navLink().getAttribute('aria-label')).toBe('Notifications, 3 unread'))
  })

  it('lists what happened and marks what it showed as read, without a button', async () => {
    const api = new FakeApi()
    api.notifications = [note('1', 'mention'), note('2', 'like')]
    renderApp(api, '#/notifications')
    expect(await screen.findByText('mentioned you')).toBeTruthy()
    expect(screen.getByText('liked your status')).toBeTruthy()
    expect(screen.getByRole('link', { name: '@Me' }).getAttribute('href')).toBe(`#/profile/${ME}`)
    await waitFor(() => expect(navLink().getAttribute('aria-label')).toBe('Notifications'))
    expect(api.callsOf('markNotificationsRead')).toEqual([{ upTo: Math.max(...api.notifications.map((n) => n.createdAt)) }])
    expect(document.querySelectorAll('.notification.unread')).toHaveLength(2)
  })

  it('groups likes of the same status and new followers: "alice and 2 others"', async () => {
    const api = new FakeApi()
    const like = (id: string, key: string, name: string): Notification => ({ ...note(id, 'like'), from: { key, name } })
    api.notifications = [like('1', ALICE, 'alice'), like('2', BOB, 'bob'), like('3', ME, 'me'), like('4', BOB, 'bob'), note('5', 'follow')]
    renderApp(api, '#/notifications')
    const list = await screen.findByRole('list', { name: /^Notifications/ })
    await waitFor(() => expect(within(list).getAllByRole('listitem')).toHaveLength(2))
    expect(within(list).getAllByRole('listitem')[0]!.textContent).toMatch(/alice and 2 others liked your status/)
  })

  it('shows the verified handle of who it is from, with its mark', async () => {
    const api = new FakeApi()
    api.notifications = [{ ...note('1', 'follow'), from: { key: ALICE, name: 'alice', handle: 'alice.test', handleVerified: true } }]
    renderApp(api, '#/notifications')
    const list = await screen.findByRole('list', { name: /^Notifications/ })
    await waitFor(() => expect(within(list).getByRole('listitem').textContent).toMatch(/alice@alice\.test.*followed you/))
    expect(within(list).getByRole('img', { name: 'verified' })).toBeTruthy()
  })

  it('says what will appear when there is nothing', async () => {
    renderApp(new FakeApi(), '#/notifications')
    expect(await screen.findByRole('heading', { name: 'Nothing yet' })).toBeTruthy()
  })
})
