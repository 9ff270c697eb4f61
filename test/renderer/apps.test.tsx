import { screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { AppsPage } from '../../renderer/features/apps/AppsPage.js'
import { FakeApi } from './fake-api.js'
import { renderWithApi } from './render.js'

describe('the Apps page', () => {
  it('creates a read-only token by default and shows the secret once', async () => {
    const { api } = renderWithApi(<AppsPage />, new FakeApi())
    const user = userEvent.setup()
    expect(await screen.findByText('No app tokens yet')).toBeTruthy()

    await user.type(screen.getByLabelText('App name'), '  feed reader ')
    expect((screen.getByLabelText('Read-only') as HTMLInputElement).checked).toBe(true)
    await user.click(screen.getByRole('button', { name: 'Create token' }))

    expect(api.callsOf('createAppToken')).toEqual([{ name: 'feed reader', readOnly: true }])
    const secret = await screen.findByRole('region', { name: 'Token for feed reader' })
    expect(within(secret).getByLabelText('Token for feed reader').textContent).toBe('rst_fake1')
    const list = await screen.findByRole('list')
    expect(within(list).getByText('feed reader')).toBeTruthy()
    expect(within(list).getByText('Read-only')).toBeTruthy()
    expect(within(list).getByText(/never used/)).toBeTruthy()
    // the list never holds the secret
    expect(within(list).queryByText(/rst_fake1/)).toBeNull()

    await user.click(within(secret).getByRole('button', { name: 'Done' }))
    expect(screen.queryByRole('region', { name: 'Token for feed reader' })).toBeNull()
    expect(screen.queryByText('rst_fake1')).toBeNull()
  })

  it('creates a read-write token when Read-only is unticked', async () => {
    const { api } = renderWithApi(<AppsPage />, new FakeApi())
    const user = userEvent.setup()
    await user.type(await screen.findByLabelText('App name'), 'poster')
    await user.click(screen.getByLabelText('Read-only'))
    await user.click(screen.getByRole('button', { name: 'Create token' }))
    expect(api.callsOf('createAppToken')).toEqual([{ name: 'poster', readOnly: false }])
    expect(await screen.findByText('Read and write')).toBeTruthy()
  })

  it('shows the engine\'s refusal, e.g. a name taken', async () => {
    const api = new FakeApi()
    api.appTokens.push({ name: 'bot', readOnly: false, messages: false, createdAt: Date.now() - 60_000, lastUsedAt: Date.now() - 1000 })
    renderWithApi(<AppsPage />, api)
    const user = userEvent.setup()
    expect(await screen.findByText(/last used/)).toBeTruthy()
    await user.type(screen.getByLabelText('App name'), 'bot')
    await user.click(screen.getByRole('button', { name: 'Create token' }))
    expect((await screen.findByRole('alert')).textContent).toMatch(/exists already/)
  })

  it('revokes a token after asking, and keeps it when cancelled', async () => {
    const api = new FakeApi()
    api.appTokens.push({ name: 'old script', readOnly: true, messages: false, createdAt: Date.now() - 86_400_000, lastUsedAt: null })
    renderWithApi(<AppsPage />, api)
    const user = userEvent.setup()

    await user.click(await screen.findByRole('button', { name: 'Revoke old script' }))
    await user.click(within(screen.getByRole('alertdialog', { name: 'Revoke old script?' })).getByRole('button', { name: 'Cancel' }))
    expect(api.callsOf('revokeAppToken')).toEqual([])

    await user.click(screen.getByRole('button', { name: 'Revoke old script' }))
    await user.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Revoke' }))
    expect(api.callsOf('revokeAppToken')).toEqual([{ name: 'old script' }])
    expect(await screen.findByText('No app tokens yet')).toBeTruthy()
  })

  it('says which app reads the person\'s messages, and takes them back without revoking it', async () => {
    const api = new FakeApi()
    api.appTokens.push({ name: 'chat app', readOnly: false, messages: true, createdAt: Date.now() - 60_000, lastUsedAt: null })
    api.appTokens.push({ name: 'feed', readOnly: true, messages: false, createdAt: Date.now() - 60_000, lastUsedAt: null })
    renderWithApi(<AppsPage />, api)
    const user = userEvent.setup()
    expect(await screen.findByText('Reads and sends your messages')).toBeTruthy()
    expect(screen.queryByRole('button', { name: 'Take your messages back from feed' })).toBeNull()
    await user.click(screen.getByRole('button', { name: 'Take your messages back from chat app' }))
    expect(api.callsOf('setAppTokenMessages')).toEqual([{ name: 'chat app', on: false }])
    expect(await screen.findByText('chat app no longer reaches your messages')).toBeTruthy()
    expect(screen.queryByText('Reads and sends your messages')).toBeNull()
    expect(screen.getByText('chat app')).toBeTruthy()
  })
})
